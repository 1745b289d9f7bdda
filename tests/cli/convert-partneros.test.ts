import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONVERT_PARTNEROS as convertHelp } from '../../src/cli/commands';
import { convertPartneros } from '../../src/cli/convert-partneros';
import { CliError } from '../../src/cli/io';
import { loadCompanyConfig } from '../../src/config/load';
import { fixedClock } from '../../src/domain/clock';
import { loadPlaybooks, playbookRoots } from '../../src/domain/playbooks/load';
import type { Playbook } from '../../src/domain/playbooks/schema';
import { renderTemplate } from '../../src/domain/templates/render';
import { BUILTIN_TEMPLATES_DIR, loadTemplates, templateRoots } from '../../src/domain/templates/load';
import { captureIo } from './scripted-prompts';

/**
 * Fixtures written for these tests in the original PartnerOS's layout (docs/<category>/NN-name.md with its
 * frontmatter and [Bracket] blanks; scripts/partner_agent/playbooks/*.yaml with prompts and comment lines).
 */
const ORIGINAL = 'tests/cli/fixtures/original';

let dir: string;
let configPath: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'partneros-convert-'));
  configPath = join(dir, 'partneros.yml');
  // The company file names the folders the converter writes into, as the README tells people to.
  writeFileSync(configPath, 'templates:\n  folder: ./company/templates\nplaybooks:\n  folder: ./company/playbooks\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function convert(options: { force?: boolean } = {}) {
  const io = captureIo({ PARTNEROS_CONFIG: configPath });
  await convertPartneros({ folder: join(process.cwd(), ORIGINAL), out: join(dir, 'company'), ...options }, io, {
    clock: fixedClock('2026-11-10T12:00:00Z'),
  });
  return io;
}

/** Loads the libraries exactly as start-up does with this partneros.yml. */
function startUpLibraries() {
  const company = loadCompanyConfig(configPath);
  const templates = loadTemplates(templateRoots(configPath, company.templates.folder), dir);
  const playbooks = loadPlaybooks(
    playbookRoots(configPath, company.playbooks.folder),
    new Set(templates.templates.map((t) => t.id)),
    dir,
    company.tiers.map((t) => t.name),
  );
  return { templates, playbooks };
}

const byId = (playbooks: readonly Playbook[], id: string) => playbooks.find((p) => p.id === id) as Playbook;

describe('partneros convert-partneros', () => {
  it('the original files as they are would be skipped at start-up', () => {
    const raw = join(dir, 'raw');
    mkdirSync(join(raw, 'recruitment'), { recursive: true });
    cpSync(join(ORIGINAL, 'docs/recruitment/07-proposal.md'), join(raw, 'recruitment/07-proposal.md'));
    const { templates, problems } = loadTemplates([raw], dir);
    expect(templates).toEqual([]);
    expect(problems.map((p) => p.message).join('\n')).toMatch(/unknown key/);
  });

  it('writes templates and playbooks that start-up loads without a single problem', async () => {
    await convert();
    const { templates, playbooks } = startUpLibraries();
    expect(templates.problems).toEqual([]);
    expect(playbooks.problems).toEqual([]);
    const ids = templates.templates.map((t) => t.id);
    expect(ids).toEqual(
      expect.arrayContaining(['recruitment/proposal-custom', 'enablement/qbr-template', 'legal/nda']),
    );
    expect(playbooks.playbooks.map((p) => p.id)).toEqual(expect.arrayContaining(['recruit-custom', 'qbr-custom']));
    expect(readdirSync(join(dir, 'company/templates')).sort()).toEqual(['enablement', 'legal', 'recruitment']);
  });

  it('maps the frontmatter, keeping ids and numbers clear of the built-in library', async () => {
    await convert();
    const { templates } = startUpLibraries();
    const proposal = templates.templates.find((t) => t.id === 'recruitment/proposal-custom');
    expect(proposal).toMatchObject({
      title: 'Joint Venture Proposal',
      category: 'recruitment',
      number: 11,
      version: '1.2.0',
      last_updated: '2025-03-14',
      tier: 'Bronze',
      phase: 'recruitment',
      time_required: '2-3 hours',
      difficulty: 'medium',
      outcomes: ['A proposal the partner can sign'],
      // ../enablement/07-qbr-template.md was converted; 03-qualification-framework.md was not.
      related: ['enablement/qbr-template'],
    });
    expect(proposal?.file).toMatch(/company\/templates\/recruitment\/11-proposal-custom\.md$/);
    const review = templates.templates.find((t) => t.id === 'enablement/qbr-template');
    expect(review).toMatchObject({ version: '2.0.0', tier: 'Silver', skill_level: 'advanced', phase: 'growth' });
    expect(review?.purpose).toBe("Use it to run the quarterly review with a partner's leadership.");
    expect(review?.description).toBe('A review pack for each quarter. It lists wins.');
    const builtIn = loadTemplates([BUILTIN_TEMPLATES_DIR]).templates;
    expect(builtIn.some((t) => t.id === 'recruitment/proposal' && t.number === 7)).toBe(true);
  });

  it('turns [Bracket] blanks into variables, leaving links, task boxes and footnotes alone', async () => {
    await convert();
    const text = readFileSync(join(dir, 'company/templates/recruitment/11-proposal-custom.md'), 'utf8');
    expect(text).toContain(
      '{{company.name}} and {{partner.name}} will build a joint offer for {{answers.target_market}} by {{answers.launch_date}}.',
    );
    expect(text).toContain('Prepared by {{user.name}} on {{date today}} for {{partner.name}}. Footnote [1].');
    expect(text).toContain('[partner portal](https://portal.example.com) and the [glossary][terms]');
    expect(text).toContain('- [ ] Agree the pilot list\n- [x] Share the price book');
    expect(text).toContain('[terms]: https://example.com/terms');
    expect(text).not.toMatch(/\[(Your Company|Partner Company|Launch Date|Budget Amount|Date)\]/);
    const { templates } = startUpLibraries();
    const proposal = templates.templates.find((t) => t.id === 'recruitment/proposal-custom');
    const names = proposal?.variables.map((v) => v.name) ?? [];
    expect(names.filter((n) => n === 'answers.launch_date')).toHaveLength(1);
    // Filled through the real renderer: the answers land where the blanks were.
    const rendered = renderTemplate(proposal as NonNullable<typeof proposal>, {
      company: { name: 'Initech', contact: {} },
      user: { name: 'Dana' },
      answers: { target_market: 'Nordic retail', launch_date: '2027-03-01' },
      tiers: [],
      today: '2026-11-10',
      currency: 'USD',
    });
    expect(rendered.markdown).toContain('Initech and');
    expect(rendered.markdown).toContain('joint offer for Nordic retail by 2027-03-01.');
  });

  it('asks for every blank of a step’s template in the converted playbook, with a typed question', async () => {
    await convert();
    const { playbooks } = startUpLibraries();
    const recruit = byId(playbooks.playbooks, 'recruit-custom');
    const proposal = recruit.steps[0];
    expect(proposal?.template).toBe('recruitment/proposal-custom');
    const fields = Object.fromEntries((proposal?.fields ?? []).map((f) => [f.id, f]));
    expect(fields.launch_date).toMatchObject({ question: 'What is the launch date?', type: 'date', required: false });
    expect(fields.partner_contact_email?.type).toBe('email');
    expect(fields.partner_website?.type).toBe('url');
    expect(fields.target_market?.type).toBe('text');
    // The prompt's own question is kept as an optional field; the guidance keeps only statements.
    expect(fields.which_market_do_they_want_to_start_in?.question).toBe('Which market do they want to start in?');
    expect(proposal?.guidance).toBe(
      "Draft the proposal with the partner's team. Keep it short and concrete. KPIs: Proposal sent-to-signed rate. To automate: Track the proposal in the CRM.",
    );
    expect(proposal?.checklist).toEqual(['Terms drafted', 'Legal reviewed', 'Sent to the partner']);
    expect(proposal?.tier_notes).toEqual({
      Bronze: 'Standard terms.',
      Silver: 'Custom terms.',
      Gold: 'Strategic terms with an executive sponsor.',
    });
  });

  it('maps playbook keys: the lifecycle of the built-in it shadows, recurring, next playbook, success criteria', async () => {
    await convert();
    const { playbooks } = startUpLibraries();
    const recruit = byId(playbooks.playbooks, 'recruit-custom');
    expect(recruit.steps.map((s) => s.id)).toEqual(['proposal', 'mutual-nda']);
    expect(recruit.next_playbook).toEqual(['onboard']);
    expect(recruit.moves_stage_to).toBe('onboarding');
    expect(recruit.applies_to_stages).toEqual(['prospect', 'recruiting']);
    expect(recruit.success_criteria).toEqual(['Partner signs the proposal', 'Is the tier agreed.']);
    expect(recruit.recurring).toBe(false);
    const qbr = byId(playbooks.playbooks, 'qbr-custom');
    expect(qbr.recurring).toBe(true);
    expect(qbr.prerequisites).toEqual(['Active partnership', 'Metrics available']);
    // A step whose original template was not converted uses the built-in one of the same name.
    expect(qbr.steps.map((s) => s.template)).toEqual(['enablement/qbr-template', 'enablement/success-metrics']);
    expect(qbr.steps[0]?.fields.map((f) => f.id)).toEqual([
      'quarter_revenue',
      'deals_closed',
      'next_review_date',
      'are_we_still_on_track_with_the_goals_we',
      'what_should_change_next_quarter',
    ]);
    const raw = parseYaml(readFileSync(join(dir, 'company/playbooks/qbr-custom.yaml'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(raw.id).toBe('qbr-custom');
  });

  it('reports per file what was converted, what was not and why, and what a person should check', async () => {
    const io = await convert();
    const out = io.stdout();
    expect(out).toContain('✓ docs/recruitment/07-proposal.md → templates/recruitment/11-proposal-custom.md');
    expect(out).toContain('- check: description was empty: write one or two sentences');
    expect(out).toContain(
      '- check: renamed to recruitment/proposal-custom: recruitment/proposal is already a template',
    );
    expect(out).toMatch(/✗ docs\/workflows\/01-broken\.md: not converted: the frontmatter is not valid YAML/);
    expect(out).toMatch(/✗ scripts\/partner_agent\/playbooks\/broken\.yaml: not converted: not valid YAML/);
    expect(out).toContain(
      '- check: step "Legacy Step" was left out: its template I_Partner_Strategy_Templates/02_Ideal_Partner_Profile.md was not converted',
    );
    expect(out).toContain('(1 other page in docs/ is not a template and was left alone.)');
    expect(out).toContain(
      'Converted 3 templates and 2 playbooks; 2 files not converted (✗ above); 5 converted files to review',
    );
    expect(out).toContain('templates:\n  folder: company/templates\nplaybooks:\n  folder: company/playbooks');
    expect(io.stderr()).toBe('');
  });

  it('never replaces files without --force, and gives the same files again with it', async () => {
    await convert();
    const path = join(dir, 'company/playbooks/recruit-custom.yaml');
    const first = readFileSync(path, 'utf8');
    writeFileSync(path, '# edited by hand\n');
    await expect(convert()).rejects.toThrow(/already exist.*nothing was written.*--force/s);
    expect(readFileSync(path, 'utf8')).toBe('# edited by hand\n');
    await convert({ force: true });
    expect(readFileSync(path, 'utf8')).toBe(first);
    expect(startUpLibraries().playbooks.problems).toEqual([]);
  });

  it('says what is wrong with the folder or the options, as a user error', async () => {
    const io = captureIo({ PARTNEROS_CONFIG: configPath });
    const run = (folder: string, out = join(dir, 'company')) => convertPartneros({ folder, out }, io, { cwd: dir });
    await expect(run('nowhere')).rejects.toThrow('nowhere is not a folder');
    mkdirSync(join(dir, 'empty'));
    await expect(run('empty')).rejects.toThrow(/neither docs\/ nor scripts\/partner_agent\/playbooks\//);
    await expect(run('empty', '')).rejects.toBeInstanceOf(CliError);
    expect(existsSync(join(dir, 'company'))).toBe(false);
    writeFileSync(join(dir, 'blocked'), 'a file, not a folder');
    await expect(run(join(process.cwd(), ORIGINAL), join(dir, 'blocked'))).rejects.toThrow(
      /Could not write blocked\/templates\/.* \(ENOTDIR\): check that you may write to/,
    );
  });

  it('describes itself for --help', () => {
    expect(convertHelp.name).toBe('convert-partneros');
    expect(convertHelp.arguments[0]).toMatchObject({ name: 'folder', required: true });
    expect(convertHelp.options.map((o) => o.flags)).toEqual(['--out <folder>', '--force']);
  });
});

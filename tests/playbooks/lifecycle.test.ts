/**
 * The lifecycle keys of a playbook file (applies_to_stages, moves_stage_to, suggested_when): what the shipped
 * playbooks say, how the schema and the loader check them, and the stage moves and suggestions read from them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { STAGES, type Stage } from '../../src/domain/partners/model';
import { answerFreeQuestion } from '../../src/domain/coach/advice';
import { playbookLibrary } from '../../src/domain/playbooks/library';
import { isTopTier, matchingSuggestion, runsAt, stageAfterRun } from '../../src/domain/playbooks/lifecycle';
import { BUILTIN_PLAYBOOKS_DIR, loadPlaybooks, parsePlaybookFile } from '../../src/domain/playbooks/load';
import { recommendPlaybooks } from '../../src/domain/playbooks/recommend';
import { RUN_STAGES, type Playbook } from '../../src/domain/playbooks/schema';
import { sharedMemory } from '../../src/domain/playbooks/memory';
import { BUILTIN_TEMPLATES_DIR, loadTemplates } from '../../src/domain/templates/load';
import { company as companyDetails, makeMemory, makePartner, TODAY } from '../coach/factories';
import { coachAnswerText } from '../../src/slack/blocks/coach';

const templateIds = new Set(loadTemplates([BUILTIN_TEMPLATES_DIR]).templates.map((t) => t.id));
const COMPANY_DIR = join(import.meta.dirname, 'fixtures', 'company-playbooks');
const shipped = playbookLibrary(loadPlaybooks([BUILTIN_PLAYBOOKS_DIR], templateIds).playbooks);
const withCompany = loadPlaybooks([BUILTIN_PLAYBOOKS_DIR, COMPANY_DIR], templateIds);
const company = playbookLibrary(withCompany.playbooks);
const TIERS = ['Gold', 'Silver', 'Bronze'];

const ids = (recs: readonly { playbook: Playbook }[]) => recs.map((r) => r.playbook.id);
/** The suggestions for a partner, with the default tiers (Gold highest). */
function suggest(
  partner: { stage: Stage; tier?: string; health?: number | null },
  options: { completed?: string; history?: [string, string][]; library?: typeof shipped } = {},
) {
  const library = options.library ?? shipped;
  const tier = partner.tier ?? 'Silver';
  return recommendPlaybooks({
    partner: { stage: partner.stage, tier, health: partner.health ?? null, topTier: isTopTier(TIERS, tier) },
    playbooks: library.all(),
    history: (options.history ?? []).map(([playbookId, status]) => ({ playbookId, status })),
    ...(options.completed ? { completed: library.get(options.completed) } : {}),
  });
}

describe('the shipped playbooks’ lifecycle', () => {
  it('state where each may start in its own file, not by default', () => {
    for (const p of shipped.all()) {
      const raw = load(readFileSync(join(BUILTIN_PLAYBOOKS_DIR, `${p.id}.yaml`), 'utf8')) as Record<string, unknown>;
      expect(raw.applies_to_stages, p.id).toEqual(p.applies_to_stages);
    }
  });

  it('may start at these stages, and never once the partner has exited', () => {
    const starts = Object.fromEntries(
      shipped.all().map((p) => [p.id, STAGES.filter((s) => runsAt(p, s)).join(' ')] as const),
    );
    expect(starts).toEqual({
      recruit: 'prospect recruiting',
      onboard: 'prospect recruiting onboarding',
      qbr: 'prospect recruiting onboarding active growing at_risk',
      expand: 'active growing',
      'co-marketing': 'active growing',
      'support-escalation': 'onboarding active growing at_risk',
      exit: 'prospect recruiting onboarding active growing at_risk',
    });
  });

  it('move the partner on completion: recruit to onboarding, onboard to active, exit to exited, the others not at all', () => {
    const moves = Object.fromEntries(
      shipped.all().map((p) => [p.id, STAGES.map((s) => `${s}→${stageAfterRun(p, s) ?? '='}`).join(' ')] as const),
    );
    expect(moves).toEqual({
      recruit: 'prospect→onboarding recruiting→onboarding onboarding→= active→= growing→= at_risk→= exited→=',
      onboard: 'prospect→active recruiting→active onboarding→active active→= growing→= at_risk→= exited→=',
      qbr: 'prospect→= recruiting→= onboarding→= active→= growing→= at_risk→= exited→=',
      expand: 'prospect→= recruiting→= onboarding→= active→= growing→= at_risk→= exited→=',
      'co-marketing': 'prospect→= recruiting→= onboarding→= active→= growing→= at_risk→= exited→=',
      'support-escalation': 'prospect→= recruiting→= onboarding→= active→= growing→= at_risk→= exited→=',
      exit: 'prospect→exited recruiting→exited onboarding→exited active→exited growing→exited at_risk→exited exited→=',
    });
  });
});

describe('the suggestions, read from the playbooks’ rules', () => {
  it('recruit a prospect, onboard an onboarding partner (whatever its health)', () => {
    expect(ids(suggest({ stage: 'prospect' }))).toEqual(['recruit']);
    expect(ids(suggest({ stage: 'recruiting', tier: 'Gold' }))).toEqual(['recruit']);
    expect(suggest({ stage: 'prospect' })[0]?.reason).toBe('it is still being recruited');
    expect(ids(suggest({ stage: 'onboarding', health: 20 }))).toEqual(['onboard']);
  });

  it('top tier: expand and co-marketing first; other tiers: the QBR first', () => {
    expect(ids(suggest({ stage: 'active', tier: 'Gold', health: 85 }))).toEqual(['expand', 'co-marketing', 'qbr']);
    expect(ids(suggest({ stage: 'growing', tier: 'gold' }))).toEqual(['expand', 'co-marketing', 'qbr']);
    const silver = suggest({ stage: 'active', tier: 'Silver', health: 60 });
    expect(ids(silver)).toEqual(['qbr', 'expand', 'co-marketing']);
    expect(silver.map((r) => r.reason)).toEqual([
      'regular reviews keep an active partner on track',
      'a partner in good health can grow into a new segment or territory',
      'joint marketing builds pipeline',
    ]);
  });

  it('red health or at risk: support escalation, a review, then a clean exit', () => {
    for (const partner of [
      { stage: 'active', tier: 'Gold', health: 30 },
      { stage: 'growing', health: 49 },
      { stage: 'at_risk', health: 90 },
      { stage: 'at_risk' },
    ] as const)
      expect(ids(suggest(partner)), JSON.stringify(partner)).toEqual(['support-escalation', 'qbr', 'exit']);
    expect(suggest({ stage: 'active', health: 30 })[0]?.reason).toBe('its health is in the red');
    expect(suggest({ stage: 'at_risk' })[0]?.reason).toBe('it is at risk');
  });

  it('suggest nothing for an exited partner, nor after exit', () => {
    expect(suggest({ stage: 'exited' })).toEqual([]);
    expect(suggest({ stage: 'exited' }, { completed: 'exit', history: [['exit', 'completed']] })).toEqual([]);
  });

  it('put the finished playbook’s next playbooks first, where the partner now is', () => {
    const afterRecruit = suggest(
      { stage: 'onboarding' },
      { completed: 'recruit', history: [['recruit', 'completed']] },
    );
    expect(afterRecruit.map((r) => [r.playbook.id, r.reason])).toEqual([['onboard', 'it follows Recruit']]);
    const afterOnboard = suggest({ stage: 'active' }, { completed: 'onboard' });
    expect(ids(afterOnboard)).toEqual(['co-marketing', 'qbr', 'expand']);
    // After a QBR for a partner at risk, expand (a next playbook of qbr) does not run at that stage.
    expect(ids(suggest({ stage: 'at_risk' }, { completed: 'qbr' }))).toEqual(['support-escalation', 'exit']);
  });

  it('never a one-off playbook twice, nor one already running; a recurring one again', () => {
    expect(suggest({ stage: 'onboarding' }, { history: [['onboard', 'completed']] })).toEqual([]);
    expect(suggest({ stage: 'prospect' }, { history: [['recruit', 'paused']] })).toEqual([]);
    expect(ids(suggest({ stage: 'active' }, { history: [['qbr', 'active']] }))).toEqual(['expand', 'co-marketing']);
    expect(ids(suggest({ stage: 'active' }, { history: [['qbr', 'completed']] }))[0]).toBe('qbr');
  });

  it('rank a company playbook among the shipped ones by its rank, within its stages', () => {
    expect(withCompany.problems).toEqual([]);
    expect(ids(suggest({ stage: 'at_risk' }, { library: company }))).toEqual([
      'recovery-plan',
      'support-escalation',
      'qbr',
    ]);
    expect(ids(suggest({ stage: 'active', health: 20 }, { library: company }))).toEqual([
      'support-escalation',
      'qbr',
      'exit',
    ]);
  });

  it('match a rule’s tiers by name (any case) or as top, its health by badge, and take the first rule that matches', () => {
    const [p] = parsed({
      suggested_when: [
        { stages: ['active'], tiers: ['silver'], health: ['unset'], rank: 1, reason: 'silver, no score' },
        { stages: ['active'], tiers: ['top', 'Bronze'], rank: 2, reason: 'top or bronze.' },
        { stages: ['active'], rank: 3, reason: 'anyone else' },
      ],
    });
    const match = (tier: string, health: number | null) =>
      p ? matchingSuggestion(p, { stage: 'active', tier, health, topTier: isTopTier(TIERS, tier) }) : null;
    expect(match('Silver', null)).toMatchObject({ rank: 1, reason: 'silver, no score' });
    expect(match('Silver', 90)?.rank).toBe(3);
    expect(match('GOLD', 90)).toMatchObject({ rank: 2, reason: 'top or bronze' });
    expect(match('Bronze', 10)?.rank).toBe(2);
    expect(p && matchingSuggestion(p, { stage: 'growing', tier: 'Gold', health: 90, topTier: true })).toBeNull();
  });
});

describe('the guided coach’s advice about a partner', () => {
  // As the person reads it: the coach's lines rendered at the Slack edge.
  const advise = (memory: ReturnType<typeof makeMemory>, library = shipped) =>
    coachAnswerText({
      lines: answerFreeQuestion({ company: companyDetails, memory, today: TODAY }, 'what now', {
        templates: () => [],
        playbooks: () => library.all(),
      }),
    });

  it('names the first suggestion of the same rules, with its reason', () => {
    expect(advise(makeMemory())).toContain(
      'The playbook to run next is `expand` (top-tier partners grow through expansion): `/partner run expand "Acme Corp"`.',
    );
    const silver = makeMemory({ partner: makePartner({ tier: 'Silver' }), topTier: false });
    expect(advise(silver)).toContain(
      'The playbook to run next is `qbr` (regular reviews keep an active partner on track)',
    );
    const running = makeMemory({ earlierRuns: [{ playbookId: 'expand', status: 'active', at: '2026-11-01' }] });
    expect(advise(running)).toContain('The playbook to run next is `co-marketing`');
    const atRisk = makeMemory({ partner: makePartner({ stage: 'at_risk' }) });
    expect(advise(atRisk, company)).toContain('The playbook to run next is `recovery-plan`');
    expect(advise(makeMemory({ partner: makePartner({ stage: 'exited' }) }))).not.toContain('to run next');
  });

  it('does not let a red health score show through in a channel shared with the partner', () => {
    const red = makeMemory({ partner: makePartner({ health: 30 }) });
    expect(advise(red)).toContain('`support-escalation` (its health is in the red)');
    const shared = advise(sharedMemory(red));
    expect(shared).not.toContain('in the red');
    expect(shared).not.toContain('support-escalation');
    expect(shared).toContain('The playbook to run next is `expand`');
  });
});

/** A valid one-step playbook with the given top-level keys (before or after any check). */
function raw(id: string, keys: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    name: `Playbook ${id}`,
    description: 'A company playbook.',
    tags: ['test'],
    prerequisites: [],
    steps: [
      {
        id: 'agenda',
        name: 'Agenda',
        template: 'enablement/kickoff-agenda',
        guidance: 'Book the day early. Get both sponsors to open it.',
        fields: [{ id: 'kickoff_date', question: 'On what date is the partner day?', type: 'date' }],
        checklist: ['Both sponsors have confirmed.'],
        tier_notes: { default: 'A video session is enough.' },
      },
    ],
    success_criteria: ['Every seller attended.'],
    recurring: true,
    applies_to_stages: ['active', 'growing'],
    ...keys,
  };
}
/** The playbook parsed (if it passed) and its problems as `path: message`. */
function parsed(keys: Record<string, unknown>, tiers?: readonly string[]): [Playbook | undefined, string[]] {
  const { playbook, problems } = parsePlaybookFile('x.yaml', dump(raw('x', keys)), 'x.yaml', tiers);
  return [playbook, problems.map((p) => `${p.path}: ${p.message}`)];
}
const problemsOf = (keys: Record<string, unknown>, tiers?: readonly string[]) => parsed(keys, tiers)[1];
const STAGE_LIST = 'prospect, recruiting, onboarding, active, growing, at_risk';

describe('the lifecycle keys in a playbook file', () => {
  it('default, when left out, to every stage but exited, no move and no suggestion', () => {
    const { applies_to_stages: _, ...without } = raw('x');
    const result = parsePlaybookFile('x.yaml', dump(without));
    expect(result.problems).toEqual([]);
    expect(result.playbook).toMatchObject({ applies_to_stages: [...RUN_STAGES], suggested_when: [] });
    expect(result.playbook?.moves_stage_to).toBeUndefined();
    expect(RUN_STAGES).toEqual(STAGES.filter((s) => s !== 'exited'));
  });

  it('name a stage that does not exist, with the stages there are', () => {
    expect(problemsOf({ applies_to_stages: ['active', 'onboardng'] })).toEqual([
      `applies_to_stages[1]: onboardng is not a stage: use one of ${STAGE_LIST}`,
    ]);
    expect(problemsOf({ moves_stage_to: 'done' })).toEqual([
      `moves_stage_to: done is not a stage: use one of ${STAGE_LIST}, exited`,
    ]);
    expect(problemsOf({ suggested_when: [{ stages: ['Active'], rank: 1, reason: 'r' }] })).toEqual([
      `suggested_when[0].stages[0]: Active is not a stage: use one of ${STAGE_LIST}`,
    ]);
  });

  it('refuse exited as a stage to run at, but take it as where a run moves the partner', () => {
    expect(problemsOf({ applies_to_stages: ['exited'] })).toEqual([
      `applies_to_stages[0]: exited is not a stage a playbook runs at (a partner that has exited runs none): use ${STAGE_LIST}`,
    ]);
    const [p, problems] = parsed({ applies_to_stages: ['at_risk'], moves_stage_to: 'exited' });
    expect(problems).toEqual([]);
    expect(p && stageAfterRun(p, 'at_risk')).toBe('exited');
    expect(p && stageAfterRun(p, 'active')).toBeNull();
  });

  it('want applies_to_stages as a non-empty list without repeats', () => {
    expect(problemsOf({ applies_to_stages: 'active' })).toEqual([
      'applies_to_stages: applies_to_stages must be a list of stages',
    ]);
    expect(problemsOf({ applies_to_stages: [] })).toEqual([
      'applies_to_stages: applies_to_stages needs at least one stage',
    ]);
    expect(problemsOf({ applies_to_stages: ['active', 'active'] })).toEqual([
      'applies_to_stages: applies_to_stages lists a stage twice',
    ]);
  });

  it('refuse a move that can never happen', () => {
    expect(problemsOf({ applies_to_stages: ['active'], moves_stage_to: 'active' })).toEqual([
      'moves_stage_to: the playbook runs only at stage active, so it never moves the partner: add the stages it moves from to applies_to_stages, or leave moves_stage_to out',
    ]);
    expect(problemsOf({ applies_to_stages: ['at_risk', 'active'], moves_stage_to: 'active' })).toEqual([]);
  });

  it('check each suggestion rule: stages the playbook runs at, badges, rank, a statement for the reason, no other key', () => {
    const rule = { stages: ['active'], rank: 10, reason: 'it fits' };
    expect(problemsOf({ suggested_when: [rule, { ...rule, stages: ['growing', 'at_risk'] }] })).toEqual([
      'suggested_when[1].stages[1]: at_risk is not a stage this playbook runs at (applies_to_stages: active, growing)',
    ]);
    expect(problemsOf({ suggested_when: [{ ...rule, health: ['amber'] }] })).toEqual([
      'suggested_when[0].health[0]: amber is not a health badge: use one of green, yellow, red, unset',
    ]);
    for (const rank of [0, 1.5, 100, 'first'])
      expect(problemsOf({ suggested_when: [{ ...rule, rank }] }), String(rank)).toEqual([
        'suggested_when[0].rank: rank must be a whole number from 1 (suggested first) to 99',
      ]);
    expect(problemsOf({ suggested_when: [{ ...rule, reason: 'why not?' }] })).toEqual([
      'suggested_when[0].reason: reason must be a statement: only a field\'s question may contain "?"',
    ]);
    expect(problemsOf({ suggested_when: [{ stages: ['active'], rank: 1 }] })).toEqual([
      'suggested_when[0].reason: reason must be text',
    ]);
    expect(problemsOf({ suggested_when: [{ ...rule, when: 'always' }] })).toEqual([
      'suggested_when[0]: unknown key when',
    ]);
    expect(problemsOf({ suggested_when: [{ ...rule, tiers: [] }] })).toEqual([
      'suggested_when[0].tiers: tiers needs at least one tier: leave the key out to match every tier',
    ]);
    expect(problemsOf({ suggested_when: { stages: ['active'] } })).toEqual([
      'suggested_when: suggested_when must be a list of rules',
    ]);
  });

  it('check the tiers a rule names against partneros.yml’s when they are known (top is always one)', () => {
    const rule = { stages: ['active'], rank: 10, reason: 'it fits', tiers: ['top', 'gold', 'Platinum'] };
    expect(problemsOf({ suggested_when: [rule] }, TIERS)).toEqual([
      'suggested_when[0].tiers[2]: Platinum is not a tier in partneros.yml: use one of Gold, Silver, Bronze, top (top: the highest)',
    ]);
    expect(problemsOf({ suggested_when: [rule] })).toEqual([]);
  });

  describe('across files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'partneros-lifecycle-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const write = (id: string, keys: Record<string, unknown>) =>
      writeFileSync(join(dir, `${id}.yaml`), dump(raw(id, keys)));
    write('wind-down', { applies_to_stages: ['at_risk'], moves_stage_to: 'exited', next_playbook: ['qbr'] });
    write('after-wind-down', { applies_to_stages: ['at_risk'], next_playbook: ['wind-down'] });
    write('partner-day', { next_playbook: ['expand', 'recruit'] });
    write('kickoff', { applies_to_stages: ['recruiting'], moves_stage_to: 'onboarding', next_playbook: ['onboard'] });
    const loaded = loadPlaybooks([BUILTIN_PLAYBOOKS_DIR, dir], templateIds, dir);
    const problems = (file: string) =>
      loaded.problems.filter((p) => p.file === file).map((p) => `${p.path}: ${p.message}`);

    it('refuse a next playbook that cannot run where this one leaves the partner', () => {
      expect(problems('wind-down.yaml')).toEqual([
        'next_playbook[0]: qbr is for partners at stage prospect, recruiting, onboarding, active, growing or at risk, but wind-down moves the partner to exited: it could never be suggested after it',
      ]);
      expect(problems('partner-day.yaml')).toEqual([
        'next_playbook[1]: recruit is for partners at stage prospect or recruiting, but partner-day runs at stage active or growing: it could never be suggested after it',
      ]);
      // Leaving wind-down out strands the playbook that names it.
      expect(problems('after-wind-down.yaml')).toEqual([
        expect.stringMatching(/^next_playbook\[0\]: wind-down is not a playbook that loaded/),
      ]);
      expect(loaded.playbooks.map((p) => p.id)).toContain('kickoff');
      expect(loaded.playbooks.map((p) => p.id)).not.toContain('partner-day');
    });
  });
});

describe('playbooks/README.md', () => {
  const readme = readFileSync(join(BUILTIN_PLAYBOOKS_DIR, 'README.md'), 'utf8');

  it('tells where each built-in playbook runs and where it moves the partner, as their files say', () => {
    const rows = [...readme.matchAll(/^\| `([a-z-]+)` \| ([^|]+) \| ([^|]+) \|/gm)].filter(([, id]) =>
      shipped.all().some((p) => p.id === id),
    );
    expect(rows.map(([, id]) => id)).toEqual(shipped.all().map((p) => p.id));
    for (const [, id, runs, moves] of rows) {
      const p = shipped.get(id ?? '');
      const stages =
        runs?.trim() === 'every stage but exited'
          ? [...RUN_STAGES]
          : runs?.split(',').map((s) => s.trim().replace(' ', '_'));
      expect(p.applies_to_stages, id).toEqual(stages);
      expect(p.moves_stage_to ?? '—', id).toBe(moves?.trim());
    }
  });

  it('has a company playbook example that loads and moves a stage', () => {
    const example = /```yaml\n(id: recovery-plan[\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const { playbook, problems } = parsePlaybookFile('recovery-plan.yaml', example);
    expect(problems).toEqual([]);
    expect(playbook && stageAfterRun(playbook, 'at_risk')).toBe('active');
    expect(playbook?.suggested_when[0]?.rank).toBeLessThan(10);
  });
});

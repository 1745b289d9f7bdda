import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ConfigError, loadCompanyConfig } from '../config/load';
import { systemClock, type Clock } from '../domain/clock';
import { convertOriginal, type ConversionResult, type FileReport } from '../domain/convert/convert';
import type { SourceFile } from '../domain/convert/template';
import { loadPlaybooks, playbookRoots } from '../domain/playbooks/load';
import { localDate } from '../domain/partners/model';
import { loadTemplates, templateRoots } from '../domain/templates/load';
import { CliError, type CliIo } from './io';

/**
 * `partneros convert-partneros <folder> --out <company folder>`: brings a team's templates (`docs/`) and
 * playbooks (`scripts/partner_agent/playbooks/`) from the original PartnerOS over, into
 * `<out>/templates/<category>/` and `<out>/playbooks/`, and says per file what still needs a person.
 */

export interface ConvertOptions {
  /** The original PartnerOS checkout (or a copy of its docs/ and scripts/ folders). */
  readonly folder: string;
  /** The company folder to write into. */
  readonly out: string;
  /** Replace files the conversion already wrote there. */
  readonly force?: boolean;
}

export interface ConvertDeps {
  readonly cwd?: string;
  readonly clock?: Clock;
}

const PLAYBOOK_DIR = 'scripts/partner_agent/playbooks';

function filesUnder(root: string, dir: string, keep: (name: string) => boolean): SourceFile[] {
  const base = join(root, dir);
  if (!existsSync(base)) return [];
  const found: SourceFile[] = [];
  const walk = (abs: string) => {
    for (const name of readdirSync(abs).sort()) {
      const path = join(abs, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (keep(name))
        found.push({ path: relative(root, path).split(sep).join('/'), text: readFileSync(path, 'utf8') });
    }
  };
  walk(base);
  return found;
}

function line(report: FileReport): string[] {
  const out =
    report.status === 'converted'
      ? [`✓ ${report.source} → ${report.target}`]
      : report.status === 'skipped'
        ? [`✗ ${report.source}: not converted: ${report.reason}`]
        : [];
  for (const note of report.notes) out.push(`    - check: ${note}`);
  return out;
}

function summary(result: ConversionResult): string {
  const count = (kind: string, status: FileReport['status']) =>
    result.reports.filter((r) => r.status === status && r.source.startsWith(kind)).length;
  const review = result.reports.filter((r) => r.status === 'converted' && r.notes.length).length;
  const skipped = result.reports.filter((r) => r.status === 'skipped').length;
  return (
    `Converted ${count('docs/', 'converted')} templates and ${count('scripts/', 'converted')} playbooks` +
    `${skipped ? `; ${skipped} file${skipped === 1 ? '' : 's'} not converted (✗ above)` : ''}` +
    `${review ? `; ${review} converted file${review === 1 ? '' : 's'} to review (the "check" lines)` : ''}.`
  );
}

export async function convertPartneros(options: ConvertOptions, io: CliIo, deps: ConvertDeps = {}): Promise<void> {
  const cwd = deps.cwd ?? process.cwd();
  if (!options.out) throw new CliError('Say where to write with --out <company folder>.');
  const folder = resolve(cwd, options.folder);
  const out = resolve(cwd, options.out);
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new CliError(`${options.folder} is not a folder: give the original PartnerOS folder.`);
  const templates = filesUnder(folder, 'docs', (n) => n.endsWith('.md'));
  const playbooks = filesUnder(folder, PLAYBOOK_DIR, (n) => /\.ya?ml$/i.test(n));
  if (!templates.length && !playbooks.length)
    throw new CliError(
      `${options.folder} has neither docs/ nor ${PLAYBOOK_DIR}/: is it the original PartnerOS folder?`,
    );

  const configPath = resolve(cwd, io.env.PARTNEROS_CONFIG ?? 'partneros.yml');
  let company: ReturnType<typeof loadCompanyConfig>;
  try {
    company = loadCompanyConfig(configPath);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
  // What exists already, so nothing converted clashes with it: the built-in libraries and the company's
  // folders named in partneros.yml (but not the output folders, which a second run replaces).
  const outTemplates = join(out, 'templates');
  const outPlaybooks = join(out, 'playbooks');
  const tRoots = templateRoots(configPath, company.templates.folder).filter((r) => resolve(r) !== outTemplates);
  const pRoots = playbookRoots(configPath, company.playbooks.folder).filter((r) => resolve(r) !== outPlaybooks);
  const existingTemplates = loadTemplates(tRoots, cwd).templates;
  const existingPlaybooks = loadPlaybooks(pRoots, new Set(existingTemplates.map((t) => t.id)), cwd).playbooks;
  const tiers = company.tiers.map((t) => t.name);
  const result = convertOriginal({
    templates,
    playbooks,
    existing: { templates: existingTemplates, playbooks: existingPlaybooks },
    tiers,
    today: localDate((deps.clock ?? systemClock).now(), company.reminders.timezone),
  });

  // A name other than result.files: the manifest test reads a call on `.files` as a Slack Web API call.
  const outputs = result.files;
  const clashes = outputs.map((f) => join(out, f.path)).filter((p) => existsSync(p));
  if (clashes.length && !options.force)
    throw new CliError(
      `${clashes.length} file${clashes.length === 1 ? '' : 's'} already exist${clashes.length === 1 ? 's' : ''} in ${options.out} (e.g. ${relative(cwd, clashes[0] ?? '')}): nothing was written. Run again with --force to replace them.`,
    );
  for (const file of result.files) {
    const path = join(out, file.path);
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.text);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new CliError(
        `Could not write ${relative(cwd, path)} (${code}): check that you may write to ${options.out}.`,
      );
    }
  }
  for (const report of result.reports) for (const l of line(report)) io.out(`${l}\n`);
  const notTemplates = result.reports.filter((r) => r.status === 'not-a-template').length;
  if (notTemplates)
    io.out(
      `(${notTemplates === 1 ? '1 other page in docs/ is not a template and was' : `${notTemplates} other pages in docs/ are not templates and were`} left alone.)\n`,
    );
  io.out(`\n${summary(result)}\n`);

  // Load everything as start-up will, so a file we wrote can never be one it skips.
  const loadedTemplates = loadTemplates([...tRoots, outTemplates], cwd);
  const loadedPlaybooks = loadPlaybooks(
    [...pRoots, outPlaybooks],
    new Set(loadedTemplates.templates.map((t) => t.id)),
    cwd,
    tiers,
  );
  const ours = (file: string) => resolve(cwd, file).startsWith(out + sep);
  const problems = [
    ...loadedTemplates.problems.filter((p) => ours(p.file)).map((p) => `${p.file}: ${p.field}: ${p.message}`),
    ...loadedPlaybooks.problems.filter((p) => ours(p.file)).map((p) => `${p.file}: ${p.path}: ${p.message}`),
  ];
  if (problems.length) {
    for (const p of problems) io.err(`${p}\n`);
    throw new CliError(
      `PartnerOS would skip ${problems.length === 1 ? 'a file' : 'some files'} in ${options.out} at start-up (above): fix ${problems.length === 1 ? 'it' : 'them'} by hand.`,
    );
  }
  if (result.files.length) {
    const rel = (p: string) => relative(dirname(configPath), p) || '.';
    io.out(
      `\nTo use them, put this in ${relative(cwd, configPath) || 'partneros.yml'}:\n\ntemplates:\n  folder: ${rel(outTemplates)}\nplaybooks:\n  folder: ${rel(outPlaybooks)}\n`,
    );
  }
}

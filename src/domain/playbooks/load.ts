import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fuse from 'fuse.js';
import { load as parseYaml } from 'js-yaml';
import { issuePath, libraryRoots } from '../library-files';
import { DEFAULT_TIERS } from '../../config/schema';
import { lifecycleProblems, unreachableNext } from './lifecycle';
import { PlaybookSchema, type Playbook } from './schema';

/** One thing wrong with one playbook file: reported at start-up (and the playbook skipped), failed in `npm test`. */
export interface PlaybookProblem {
  readonly file: string;
  /** Where in the file: `steps[2].fields[0].type`, `id`, or `(file)` for the file as a whole. */
  readonly path: string;
  readonly message: string;
}

export interface LoadedPlaybooks {
  readonly playbooks: Playbook[];
  readonly problems: PlaybookProblem[];
}

/** The playbooks shipped with PartnerOS. */
export const BUILTIN_PLAYBOOKS_DIR = fileURLToPath(new URL('../../../playbooks/', import.meta.url));

/** Built-in first, then the company's folder (`playbooks.folder`, relative to partneros.yml). */
export function playbookRoots(configPath: string, folder: string | undefined): string[] {
  return libraryRoots(BUILTIN_PLAYBOOKS_DIR, configPath, folder);
}

const YAML_EXTENSIONS = ['.yaml', '.yml'];

/** The YAML files directly in a folder; README.md and anything else is ignored, a missing folder yields nothing. */
function playbookFiles(root: string): string[] {
  try {
    return readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isFile() && YAML_EXTENSIONS.includes(extname(e.name).toLowerCase()))
      .map((e) => resolve(root, e.name))
      .sort();
  } catch {
    return [];
  }
}

/** A field asked twice in one playbook would overwrite its own answer: answers are shared by every step of a run. */
function repeatedFields(playbook: Omit<Playbook, 'file'>): { path: string; message: string }[] {
  const askedIn = new Map<string, string>();
  const found: { path: string; message: string }[] = [];
  for (const [s, step] of playbook.steps.entries()) {
    for (const [f, field] of step.fields.entries()) {
      const earlier = askedIn.get(field.id);
      if (earlier)
        found.push({
          path: `steps[${s}].fields[${f}].id`,
          message: `${field.id} is already asked in step ${earlier}: a run keeps one answer per field`,
        });
      else askedIn.set(field.id, step.id);
    }
  }
  return found;
}

/** Fields with `choices_from: tiers` take the tier names as their choices (partneros.yml's, else the defaults). */
function withTierChoices(playbook: Omit<Playbook, 'file'>, tiers: readonly string[]): Omit<Playbook, 'file'> {
  return {
    ...playbook,
    steps: playbook.steps.map((step) => ({
      ...step,
      fields: step.fields.map((f) => (f.choices_from === 'tiers' ? { ...f, choices: [...tiers] } : f)),
    })),
  };
}

/**
 * Parses and checks one file on its own (the checks across files come after). With `tiers` (partneros.yml's,
 * highest first), the tier names its suggestion rules use are checked too, and `choices_from: tiers` lists
 * them; without, it lists the default tiers.
 */
export function parsePlaybookFile(
  file: string,
  source: string,
  shownAs = file,
  tiers?: readonly string[],
): { playbook?: Playbook; problems: PlaybookProblem[] } {
  const problems: PlaybookProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ file: shownAs, path, message });
  // js-yaml refuses an empty document with a message that does not say which file; say it plainly.
  if (source.split('\n').every((line) => /^\s*(#.*)?$/.test(line))) {
    problem('(file)', 'the file is empty');
    return { problems };
  }
  let raw: unknown;
  try {
    raw = parseYaml(source);
  } catch (e) {
    problem('(file)', `not valid YAML: ${(e as Error).message.split('\n')[0]}`);
    return { problems };
  }
  const result = PlaybookSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      problem(
        issuePath(issue, '(playbook)'),
        issue.code === 'unrecognized_keys' ? `unknown key ${issue.keys.join(', ')}` : issue.message,
      );
    }
    return { problems };
  }
  const data = withTierChoices(result.data, tiers ?? DEFAULT_TIERS.map((t) => t.name));
  const name = basename(file);
  const stem = name.slice(0, name.length - extname(name).length);
  if (stem !== data.id) problem('id', `is ${data.id} but the file is named ${name}: name it ${data.id}.yaml`);
  for (const repeat of repeatedFields(data)) problem(repeat.path, repeat.message);
  for (const rule of lifecycleProblems(data, tiers)) problem(rule.path, rule.message);
  if (problems.length) return { problems };
  return { playbook: { ...data, file: shownAs }, problems };
}

/** Template ids near a misspelt one, best first. */
function closestTemplates(templateIds: ReadonlySet<string>) {
  const fuse = new Fuse([...templateIds], { threshold: 0.4, ignoreLocation: true });
  return (id: string) => fuse.search(id.slice(0, 80), { limit: 3 }).map((r) => r.item);
}

function unknownTemplates(
  playbook: Playbook,
  templateIds: ReadonlySet<string>,
  closest: (id: string) => string[],
): PlaybookProblem[] {
  return playbook.steps.flatMap((step, s) =>
    step.templates
      .filter((id) => !templateIds.has(id))
      .map((id) => {
        const near = closest(id);
        const hint = near.length ? `; closest: ${near.join(', ')}` : '; see them all with /partner templates';
        return { file: playbook.file, path: `steps[${s}].template`, message: `${id} is not a template id${hint}` };
      }),
  );
}

/**
 * Reads every playbook under the given folders (built-in first, then the company's), checks each file, then
 * the set: unique ids (the first one loaded is kept), templates that exist, next playbooks that loaded and
 * can run where this one leaves the partner. A playbook with a problem is reported and left out; the others
 * still load. `tiers` are partneros.yml's, highest first, when known.
 */
export function loadPlaybooks(
  roots: readonly string[],
  templateIds: ReadonlySet<string>,
  base = process.cwd(),
  tiers?: readonly string[],
): LoadedPlaybooks {
  const problems: PlaybookProblem[] = [];
  const byId = new Map<string, Playbook>();
  const closest = closestTemplates(templateIds);
  for (const root of roots) {
    for (const file of playbookFiles(root)) {
      const shown = relative(base, file) || file;
      const { playbook, problems: found } = parsePlaybookFile(file, readFileSync(file, 'utf8'), shown, tiers);
      problems.push(...found);
      if (!playbook) continue;
      const twin = byId.get(playbook.id);
      const missing = unknownTemplates(playbook, templateIds, closest);
      if (twin)
        problems.push({
          file: shown,
          path: 'id',
          message: `${playbook.id} is already used by ${twin.file}, which is kept: choose another id`,
        });
      else if (missing.length) problems.push(...missing);
      else byId.set(playbook.id, playbook);
    }
  }
  // Leaving one playbook out can strand another that points at it: repeat until nothing changes.
  for (let changed = true; changed; ) {
    changed = false;
    for (const playbook of [...byId.values()]) {
      const dangling = playbook.next_playbook.flatMap((id, i) => {
        const next = byId.get(id);
        const why = next
          ? unreachableNext(playbook, next)
          : `${id} is not a playbook that loaded (loaded: ${[...byId.keys()].join(', ')})`;
        return why ? [{ path: `next_playbook[${i}]`, message: why }] : [];
      });
      if (!dangling.length) continue;
      for (const d of dangling) problems.push({ file: playbook.file, ...d });
      byId.delete(playbook.id);
      changed = true;
    }
  }
  return { playbooks: [...byId.values()], problems };
}

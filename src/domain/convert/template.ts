import matter from 'gray-matter';
import { fileSlug } from '../file-slug';
import { CATEGORIES, type Category, DIFFICULTIES, PHASES, SKILL_LEVELS } from '../templates/schema';
import { type AnswerField, convertPlaceholders } from './placeholders';

/**
 * One template of the original PartnerOS (`docs/<category>/NN-slug.md`, frontmatter with `section`,
 * `template_number`…, `[Bracketed]` blanks) as one of ours. What could not be carried over faithfully is
 * filled with a plain default and listed as a note for a person to review.
 */

export interface SourceFile {
  /** Relative to the original's root, with `/`: `docs/recruitment/07-proposal.md`. */
  readonly path: string;
  readonly text: string;
}

export interface TemplatePlan {
  readonly source: SourceFile;
  readonly id: string;
  readonly category: Category;
  readonly number: number;
  readonly data: Record<string, unknown>;
  readonly content: string;
  readonly notes: string[];
}

export type PlanResult =
  | { readonly kind: 'plan'; readonly plan: TemplatePlan }
  | { readonly kind: 'not-template'; readonly reason: string }
  | { readonly kind: 'skip'; readonly reason: string };

/** Ids and numbers already used (built-in library and the company's own), updated as plans are made. */
export interface TakenTemplates {
  readonly ids: Set<string>;
  readonly numbers: Map<string, Set<number>>;
}

const PHASE_BY_CATEGORY: Record<Category, (typeof PHASES)[number]> = {
  strategy: 'strategy',
  recruitment: 'recruitment',
  enablement: 'enablement',
  legal: 'recruitment',
  finance: 'operations',
  security: 'operations',
  operations: 'operations',
  executive: 'strategy',
  analysis: 'analysis',
};

const SKILL_SYNONYMS: Record<string, (typeof SKILL_LEVELS)[number]> = {
  basic: 'beginner',
  novice: 'beginner',
  expert: 'advanced',
  senior: 'advanced',
  medium: 'intermediate',
};

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const text = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v.replace(/\s+/g, ' ').trim() || undefined;
  if (typeof v === 'number') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return undefined;
};
const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).map(text).filter((s): s is string => !!s);

/** A slug for ids and file names (shared with report and calendar file names). */
export const slugOf = (name: string): string => fileSlug(name, 'template');

const FILE = /^docs\/([^/]+)\/(\d{1,3})[-_]([^/]+)\.md$/i;

/** Reads the file, decides its id and number (never one already taken) and keeps what later steps need. */
export function planTemplate(source: SourceFile, taken: TakenTemplates): PlanResult {
  const where = FILE.exec(source.path);
  if (!where) return { kind: 'not-template', reason: 'not a numbered template (docs/<category>/NN-name.md)' };
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(source.text, {});
  } catch (e) {
    const reason = (e as Error).message.split('\n')[0];
    return {
      kind: 'skip',
      reason: `the frontmatter is not valid YAML (${reason}): fix it in the original and convert again`,
    };
  }
  const data = parsed.data as Record<string, unknown>;
  if (data.template_number === undefined)
    return { kind: 'not-template', reason: 'no template_number in its frontmatter: a page, not a template' };
  const folder = (where[1] ?? '').toLowerCase();
  const section = text(data.section)?.toLowerCase();
  const category = [folder, section].find((c): c is Category => (CATEGORIES as readonly string[]).includes(c ?? ''));
  if (!category)
    return {
      kind: 'skip',
      reason: `its folder "${folder}" and section "${text(data.section) ?? ''}" are not categories PartnerOS has (${CATEGORIES.join(', ')}): move it into one and convert again`,
    };
  const notes: string[] = [];
  let slug = slugOf(where[3] ?? '');
  if (taken.ids.has(`${category}/${slug}`)) {
    const base = slug;
    slug = `${base}-custom`;
    for (let i = 2; taken.ids.has(`${category}/${slug}`); i++) slug = `${base}-custom-${i}`;
    notes.push(`renamed to ${category}/${slug}: ${category}/${base} is already a template (built in or yours)`);
  }
  const numbers = taken.numbers.get(category) ?? new Set<number>();
  let number = Number(where[2]);
  if (numbers.has(number) || number < 1 || number > 99) {
    const wanted = number;
    number = 1;
    while (numbers.has(number)) number += 1;
    notes.push(`numbered ${number} in ${category} (${wanted} is taken)`);
  }
  if (number > 99) return { kind: 'skip', reason: `${category} has no free number left (1-99)` };
  const id = `${category}/${slug}`;
  taken.ids.add(id);
  numbers.add(number);
  taken.numbers.set(category, numbers);
  return { kind: 'plan', plan: { source, id, category, number, data, content: parsed.content, notes } };
}

function description(data: Record<string, unknown>, title: string, notes: string[]): string {
  const given = text(data.description);
  if (!given) {
    notes.push('description was empty: write one or two sentences');
    return `${title}, brought over from the original PartnerOS.`;
  }
  const sentences = given.match(/[^.!?]+[.!?]+(\s|$)|[^.!?]+$/g) ?? [given];
  if (sentences.length > 2) notes.push('description was cut to its first two sentences');
  return sentences.slice(0, 2).join('').trim().slice(0, 400);
}

function fromList(data: Record<string, unknown>, key: string, fallback: string, notes: string[]): string[] {
  const items = list(data[key]).map((s) => s.slice(0, 400));
  if (items.length) return items;
  notes.push(`${key} was empty: "${fallback}" stands in for it`);
  return [fallback];
}

/** Resolves an original `related_templates` entry (relative to the file) to a template id, if one exists. */
function relatedIds(
  plan: TemplatePlan,
  idByPath: ReadonlyMap<string, string>,
  knownIds: ReadonlySet<string>,
  notes: string[],
): string[] {
  const dir = plan.source.path.split('/').slice(0, -1);
  const ids = new Set<string>();
  for (const entry of list(plan.data.related_templates ?? plan.data.related)) {
    const parts = [...dir];
    for (const seg of entry.split('/')) {
      if (seg === '..') parts.pop();
      else if (seg !== '.') parts.push(seg);
    }
    const id = idByPath.get(parts.join('/'));
    if (id) ids.add(id);
    else notes.push(`related: ${entry} was not converted, so it is left out`);
  }
  if (ids.size === 0) {
    const sibling = [...knownIds].filter((id) => id.startsWith(`${plan.category}/`) && id !== plan.id).sort()[0];
    if (sibling) {
      ids.add(sibling);
      notes.push(`related had no template that exists: ${sibling} stands in for it`);
    }
  }
  return [...ids].filter((id) => id !== plan.id);
}

/** The converted file: our frontmatter, the body with its blanks as variables. */
export function buildTemplate(
  plan: TemplatePlan,
  idByPath: ReadonlyMap<string, string>,
  knownIds: ReadonlySet<string>,
  today: string,
): { frontmatter: Record<string, unknown>; body: string; fields: AnswerField[]; notes: string[] } {
  const { data, category } = plan;
  const notes = [...plan.notes];
  const title = (text(data.title) ?? plan.id.split('/')[1] ?? 'Template').slice(0, 100);
  const converted = convertPlaceholders(plan.content.trim());
  let body = converted.body;
  const variables = [...converted.variables];
  if (variables.length === 0) {
    // Our templates name at least one variable; the partner's name is the least surprising one to add.
    body = `*Prepared for {{partner.name}}.*\n\n${body}`;
    variables.push({ name: 'partner.name', description: 'The partner’s name', source: 'partner', required: false });
    notes.push('it had no blanks: a "Prepared for {{partner.name}}" line was added at the top');
  }
  if (converted.fields.length)
    notes.push(
      `${converted.fields.length} blank${converted.fields.length === 1 ? '' : 's'} became answers.* variables: ${converted.fields.map((f) => `${f.placeholder} → answers.${f.id}`).join(', ')}`,
    );
  const version = text(data.version);
  const semver = !version
    ? '1.0.0'
    : /^\d+\.\d+\.\d+$/.test(version)
      ? version
      : /^\d+\.\d+$/.test(version)
        ? `${version}.0`
        : /^\d+$/.test(version)
          ? `${version}.0.0`
          : '1.0.0';
  const lastUpdated = text(data.last_updated);
  const skill = text(data.skill_level)?.toLowerCase() ?? '';
  const skillLevel = (SKILL_LEVELS as readonly string[]).includes(skill)
    ? skill
    : (SKILL_SYNONYMS[skill] ?? 'intermediate');
  if (skillLevel !== skill) notes.push(`skill_level ${skill || '(none)'} is now ${skillLevel}`);
  const phaseGiven = text(data.phase)?.toLowerCase() ?? '';
  const phase = (PHASES as readonly string[]).includes(phaseGiven) ? phaseGiven : PHASE_BY_CATEGORY[category];
  if (phase !== phaseGiven) notes.push(`phase ${phaseGiven || '(none)'} is now ${phase}`);
  const difficultyGiven = text(data.difficulty)?.toLowerCase() ?? '';
  const difficulty = (DIFFICULTIES as readonly string[]).includes(difficultyGiven) ? difficultyGiven : 'medium';
  if (difficulty !== difficultyGiven) notes.push(`difficulty ${difficultyGiven || '(none)'} is now medium`);
  const tiers = list(data.tier);
  const purposeText = text(data.purpose_detailed) ?? text(data.description);
  if (!purposeText) notes.push('purpose (one line: the job this document does) was written from the title');
  // Guidance is shown in run threads, where only the coach asks: a question or a variable in it cannot come over.
  const guidanceGiven = text(data.guidance);
  const guidance =
    guidanceGiven && !guidanceGiven.includes('?') && !guidanceGiven.includes('{{') ? guidanceGiven : undefined;
  if (!guidance)
    notes.push(
      'guidance (advice for whoever fills it in) is a stand-in: write what a person should know before sending it',
    );
  const frontmatter: Record<string, unknown> = {
    id: plan.id,
    title,
    category,
    number: plan.number,
    version: semver,
    last_updated: lastUpdated && /^\d{4}-\d{2}-\d{2}$/.test(lastUpdated) ? lastUpdated : today,
    tier: (tiers[0] ?? 'Bronze').slice(0, 40),
    skill_level: skillLevel,
    purpose: (purposeText ?? `Prepare the ${title} for a partner.`).slice(0, 400),
    phase,
    time_required: (text(data.time_required) ?? '1 hour').slice(0, 60),
    difficulty,
    prerequisites: fromList(data, 'prerequisites', 'None.', notes),
    description: description(data, title, notes),
    guidance: (
      guidance ??
      `Fill in every blank of the ${title}, and check names, dates and figures with the partner before sending it.`
    ).slice(0, 4000),
    outcomes: fromList(data, 'outcomes', `A completed ${title}.`, notes),
    skills_gained: fromList(data, 'skills_gained', `Using the ${title}.`, notes),
    related: relatedIds(plan, idByPath, knownIds, notes),
    variables,
  };
  if (!isRecord(data)) notes.push('the frontmatter was not a mapping');
  return { frontmatter, body, fields: converted.fields, notes };
}

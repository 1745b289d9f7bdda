import { load as parseYaml } from 'js-yaml';
import type { Playbook } from '../playbooks/schema';
import { slugOf } from './template';
import type { AnswerField } from './placeholders';
import type { SourceFile } from './template';

/**
 * One playbook of the original PartnerOS (`scripts/partner_agent/playbooks/<id>.yaml`: name, description,
 * steps with `template` paths and a free-text `prompt`, tier criteria and checklists in comments) as ours.
 */

export interface PlaybookContext {
  /** The original's template path (`docs/…md`) → the id it was converted to. */
  readonly templateIdByPath: ReadonlyMap<string, string>;
  /** Each converted template's questions, by its id. */
  readonly fieldsByTemplate: ReadonlyMap<string, readonly AnswerField[]>;
  /** Every template id that will exist (built in, the company's, converted). */
  readonly templateIds: ReadonlySet<string>;
  /** Playbooks that exist already (built in and the company's), by id. */
  readonly playbooks: ReadonlyMap<string, Pick<Playbook, 'id' | 'applies_to_stages' | 'moves_stage_to'>>;
  /** The original's playbook id → the id it is converted to (for next_playbook). */
  readonly renamed: ReadonlyMap<string, string>;
}

export type PlaybookResult =
  | {
      readonly kind: 'converted';
      readonly id: string;
      readonly data: Record<string, unknown>;
      readonly notes: string[];
    }
  | { readonly kind: 'skip'; readonly reason: string; readonly notes: string[] };

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() || undefined : typeof v === 'number' ? String(v) : undefined;
const MAX_FIELDS = 8;

/** The id an original playbook file gets: its own, or `<id>-custom` when that is taken. */
export function playbookIdFor(path: string, taken: ReadonlySet<string>): string {
  const stem = slugOf(
    path
      .split('/')
      .pop()
      ?.replace(/\.ya?ml$/i, '') ?? 'playbook',
  );
  if (!taken.has(stem)) return stem;
  let id = `${stem}-custom`;
  for (let i = 2; taken.has(id); i++) id = `${stem}-custom-${i}`;
  return id;
}

/** `# Checklist: [ ] a [ ] b`, `# Tier Criteria: Bronze: x. Silver: y.`, `# KPIs: …` under each step. */
function stepComments(source: string): Map<string, string>[] {
  const steps: Map<string, string>[] = [];
  let inSteps = false;
  for (const line of source.split(/\r?\n/)) {
    if (/^steps\s*:/.test(line)) inSteps = true;
    else if (/^[a-z_]+\s*:/i.test(line)) inSteps = false;
    if (!inSteps) continue;
    if (/^\s*-\s+name\s*:/.test(line)) steps.push(new Map());
    const m = /^\s*#\s*([A-Za-z][A-Za-z ]*):\s*(.+)$/.exec(line);
    if (m && steps.length) steps.at(-1)?.set((m[1] ?? '').trim().toLowerCase(), (m[2] ?? '').trim());
  }
  return steps;
}

/** Splits text into sentences; questions are returned apart (only a field's question may hold "?"). */
function sentences(prose: string): { statements: string[]; questions: string[] } {
  const parts = prose.replace(/\s+/g, ' ').match(/[^.!?]+[.!?]*/g) ?? [];
  const statements: string[] = [];
  const questions: string[] = [];
  for (const raw of parts.map((p) => p.trim()).filter(Boolean)) {
    if (raw.endsWith('?')) questions.push(raw.replace(/\?+$/, '?').replace(/\?(?=.)/g, ''));
    else statements.push(/[.!]$/.test(raw) ? raw : `${raw}.`);
  }
  return { statements, questions };
}

/** A statement for a list the schema wants free of "?". */
function statement(s: string, max: number): string {
  return s.replace(/\?+/g, '.').trim().slice(0, max);
}

function tierNotes(criteria: string | undefined): Record<string, string> | undefined {
  if (!criteria) return undefined;
  const notes: Record<string, string> = {};
  for (const m of criteria.matchAll(/([A-Z][\w-]*):\s*(.+?)(?=\s+[A-Z][\w-]*:\s|$)/g))
    notes[m[1] ?? ''] = statement(m[2] ?? '', 400);
  return Object.keys(notes).length ? notes : undefined;
}

export function convertPlaybook(source: SourceFile, id: string, ctx: PlaybookContext): PlaybookResult {
  const notes: string[] = [];
  let raw: unknown;
  try {
    raw = parseYaml(source.text);
  } catch (e) {
    return {
      kind: 'skip',
      reason: `not valid YAML (${(e as Error).message.split('\n')[0]}): fix it and convert again`,
      notes,
    };
  }
  if (!isRecord(raw) || !Array.isArray(raw.steps)) return { kind: 'skip', reason: 'it has no list of steps', notes };
  const original = id.replace(/-custom(-\d+)?$/, '');
  if (original !== id) notes.push(`id ${id}: ${original} is already a playbook (built in or yours)`);
  const comments = stepComments(source.text);
  const asked = new Set<string>();
  const stepIds = new Set<string>();
  const steps: Record<string, unknown>[] = [];
  for (const [i, rawStep] of raw.steps.entries()) {
    if (!isRecord(rawStep)) {
      notes.push(`steps[${i}] is not a step and was left out`);
      continue;
    }
    const name = statement(text(rawStep.name) ?? `Step ${i + 1}`, 60);
    const path = text(rawStep.template) ?? '';
    const builtIn = /^docs\/([a-z-]+)\/\d+[-_](.+)\.md$/.exec(path);
    const template =
      ctx.templateIdByPath.get(path) ??
      (builtIn && ctx.templateIds.has(`${builtIn[1]}/${slugOf(builtIn[2] ?? '')}`)
        ? `${builtIn[1]}/${slugOf(builtIn[2] ?? '')}`
        : undefined);
    if (!template) {
      notes.push(
        `step "${name}" was left out: its template ${path || '(none)'} was not converted and PartnerOS has no template like it; add the step back by hand with a template id`,
      );
      continue;
    }
    if (!ctx.templateIdByPath.has(path))
      notes.push(`step "${name}" uses the built-in ${template} (its original was not converted)`);
    let stepId = slugOf(name);
    for (let n = 2; stepIds.has(stepId); n++) stepId = `${slugOf(name)}-${n}`;
    stepIds.add(stepId);
    const comment = comments[i] ?? new Map<string, string>();
    const prose = sentences(text(rawStep.prompt) ?? '');
    const extra = (
      [
        ['kpis', 'KPIs'],
        ['automation', 'To automate'],
      ] as const
    ).flatMap(([key, label]) => (comment.get(key) ? [`${label}: ${comment.get(key)}`] : []));
    let guidance = [...prose.statements, ...extra.map((e) => statement(e, 300))].join(' ').slice(0, 1200);
    if (!guidance) {
      guidance = `Work through the ${name} document with the partner.`;
      notes.push(`step "${name}": its prompt had no statement to use as guidance; write the coach's brief`);
    }
    const fields: Record<string, unknown>[] = [];
    const unasked: string[] = [];
    for (const f of ctx.fieldsByTemplate.get(template) ?? []) {
      if (asked.has(f.id)) continue;
      if (fields.length >= MAX_FIELDS) {
        unasked.push(`answers.${f.id}`);
        continue;
      }
      asked.add(f.id);
      fields.push({ id: f.id, question: f.question, type: f.type, required: false });
    }
    if (unasked.length)
      notes.push(
        `step "${name}": a step asks at most ${MAX_FIELDS} questions, so ${unasked.length} of its template's blanks stay unasked (the document shows them as missing): ${unasked.join(', ')}`,
      );
    for (const q of prose.questions) {
      const fid = slugOf(q.replace(/\?$/, '')).replace(/-/g, '_').slice(0, 40).replace(/_+$/, '');
      if (fields.length >= MAX_FIELDS || asked.has(fid) || !/^[a-z]/.test(fid) || q.length < 3) {
        notes.push(`step "${name}": the prompt's question "${q}" was not kept; add it to the guidance or as a field`);
        continue;
      }
      asked.add(fid);
      fields.push({ id: fid, question: q.slice(0, 200), type: 'text', required: false });
      notes.push(`step "${name}": the prompt's question "${q}" is now an optional field (${fid})`);
    }
    const checklist = (comment.get('checklist') ?? '')
      .split(/\[\s?[xX ]?\s?\]/)
      .map((c) => statement(c, 300))
      .filter(Boolean);
    if (!checklist.length) {
      checklist.push(`The ${name} document is ready.`);
      notes.push(`step "${name}": no checklist in the original; one item stands in for it`);
    }
    const tiers = tierNotes(comment.get('tier criteria'));
    if (!tiers) notes.push(`step "${name}": no tier criteria in the original; the note is the same for every tier`);
    steps.push({
      id: stepId,
      name,
      template,
      guidance,
      fields,
      checklist,
      tier_notes: tiers ?? { default: 'The same for every tier.' },
    });
  }
  if (steps.length === 0) return { kind: 'skip', reason: 'none of its steps has a template PartnerOS has', notes };

  const listOf = (key: string, min: number, fallback: string): string[] => {
    const items = (Array.isArray(raw[key]) ? raw[key] : [])
      .map((v: unknown) => text(v))
      .filter((v: string | undefined): v is string => !!v);
    if (items.some((s: string) => s.includes('?')))
      notes.push(`${key}: questions were turned into statements; reword them`);
    const out = items.map((s: string) => statement(s, 300));
    if (out.length < min) {
      out.push(fallback);
      notes.push(`${key} was empty: "${fallback}" stands in for it`);
    }
    return out;
  };
  const next = (Array.isArray(raw.next_playbook) ? raw.next_playbook : raw.next_playbook ? [raw.next_playbook] : [])
    .map((n: unknown) => text(n))
    .filter((n: string | undefined): n is string => !!n)
    .flatMap((n: string) => {
      const target = ctx.renamed.get(n) ?? (ctx.playbooks.has(n) ? n : undefined);
      if (!target) notes.push(`next_playbook ${n} does not exist here and was left out`);
      return target ? [target] : [];
    });
  const recurring = raw.recurring;
  const isRecurring =
    recurring === true || (typeof recurring === 'string' && recurring.trim() !== '' && recurring !== 'false');
  if (typeof recurring === 'string')
    notes.push(`recurring: "${recurring}" is now true (the cadence comes from the partner's tier)`);
  const data: Record<string, unknown> = {
    id,
    name: statement(text(raw.name) ?? id, 60),
    description: statement(
      text(raw.description) ?? `The ${id} playbook, brought over from the original PartnerOS.`,
      400,
    ),
    tags: (Array.isArray(raw.tags) ? raw.tags : [])
      .map((t: unknown) => text(t))
      .filter(Boolean)
      .slice(0, 20),
    prerequisites: listOf('prerequisites', 0, ''),
    steps,
    success_criteria: listOf('success_criteria', 1, 'The playbook’s documents are done.'),
    next_playbook: next,
    recurring: isRecurring,
  };
  if ((data.tags as unknown[]).length === 0) data.tags = ['imported'];
  const twin = ctx.playbooks.get(original);
  if (twin && original !== id) {
    data.applies_to_stages = [...twin.applies_to_stages];
    if (twin.moves_stage_to) data.moves_stage_to = twin.moves_stage_to;
    notes.push(
      `runs at the same stages as the built-in ${original}${twin.moves_stage_to ? ` and moves the partner to ${twin.moves_stage_to}` : ''}`,
    );
  }
  return { kind: 'converted', id, data, notes };
}

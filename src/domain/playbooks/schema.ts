import { z } from 'zod';
import { STAGES, type HealthBand, type Stage } from '../partners/model';

/**
 * A playbook file (`playbooks/<id>.yaml`). Strict: an unknown key, an empty value or a value
 * outside a closed list is a problem named with its path, so a company adding a playbook learns what to fix.
 *
 * In a run thread only the coach's pending questions may contain `?`: every other text a
 * playbook shows (guidance, checklists, tier notes, prerequisites, warnings, success criteria) is a
 * statement, and each field's question is one sentence ending with `?`.
 */

/** The stages a playbook can run at: every stage but exited, since a partner that has exited runs no playbook. */
export const RUN_STAGES = [
  'prospect',
  'recruiting',
  'onboarding',
  'active',
  'growing',
  'at_risk',
] as const satisfies readonly Exclude<Stage, 'exited'>[];
/** Health badges a suggestion rule can name: 🟢 80 or more, 🟡 50–79, 🔴 below 50, ⚪ not set. */
export const HEALTH_BANDS = ['green', 'yellow', 'red', 'unset'] as const satisfies readonly HealthBand[];
/** In a suggestion rule's `tiers`: the highest tier of partneros.yml, whatever it is called. */
export const TOP_TIER = 'top';

export const FIELD_TYPES = ['text', 'number', 'date', 'choice', 'user', 'url', 'email'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
/** What a number counts: documents print percents, money and durations, so those need a range. */
export const NUMBER_UNITS = ['percent', 'currency', 'days', 'months', 'years', 'hours', 'count'] as const;
export type NumberUnit = (typeof NUMBER_UNITS)[number];

const ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const FIELD_ID = /^[a-z][a-z0-9_]*$/;
const TEMPLATE_ID = /^[a-z]+\/[a-z0-9]+(?:-[a-z0-9]+)*$/;

const statement = (what: string, max = 600) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .min(1, `${what} is empty`)
    .max(max, `${what} is longer than ${max} characters`)
    .refine((s) => !s.includes('?'), `${what} must be a statement: only a field's question may contain "?"`);
const statements = (what: string, min = 1) =>
  z
    .array(statement(`each ${what} entry`, 300), { error: `${what} must be a list` })
    .min(min, `${what} needs at least ${min} entr${min === 1 ? 'y' : 'ies'}`);

const shown = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
/** Any stage: where a completed run may move the partner. */
const stage = z.enum(STAGES, {
  error: (issue) => `${shown(issue.input)} is not a stage: use one of ${STAGES.join(', ')}`,
});
/** A stage a playbook can run at (or be suggested at). */
const runStage = z.enum(RUN_STAGES, {
  error: (issue) =>
    issue.input === 'exited'
      ? `exited is not a stage a playbook runs at (a partner that has exited runs none): use ${RUN_STAGES.join(', ')}`
      : `${shown(issue.input)} is not a stage: use one of ${RUN_STAGES.join(', ')}`,
});
const stageList = (what: string) =>
  z
    .array(runStage, { error: `${what} must be a list of stages` })
    .min(1, `${what} needs at least one stage`)
    .refine((list) => new Set(list).size === list.length, `${what} lists a stage twice`);

/**
 * One rule for suggesting the playbook (at the end of a run, and by the coach): the partner matches when its
 * stage is one of `stages`, and, when given, its tier one of `tiers` and its health badge one of `health`.
 * A playbook's first matching rule gives its rank (1 is suggested first; the shipped playbooks use 10, 20 and
 * 30, so a company's can come before, between or after them) and the reason shown.
 */
export const SuggestionSchema = z
  .object({
    stages: stageList('stages'),
    tiers: z
      .array(z.string({ error: 'each tiers entry must be text' }).trim().min(1, 'a tiers entry is empty').max(40), {
        error: `tiers must be a list of tier names (or ${TOP_TIER} for the highest tier)`,
      })
      .min(1, 'tiers needs at least one tier: leave the key out to match every tier')
      .optional(),
    health: z
      .array(
        z.enum(HEALTH_BANDS, {
          error: (issue) => `${shown(issue.input)} is not a health badge: use one of ${HEALTH_BANDS.join(', ')}`,
        }),
        { error: 'health must be a list of health badges' },
      )
      .min(1, 'health needs at least one badge: leave the key out to match any health')
      .optional(),
    rank: z
      .number({ error: 'rank must be a whole number from 1 (suggested first) to 99' })
      .int('rank must be a whole number from 1 (suggested first) to 99')
      .min(1, 'rank must be a whole number from 1 (suggested first) to 99')
      .max(99, 'rank must be a whole number from 1 (suggested first) to 99'),
    /** Shown after the playbook's name ("Expand (`expand`): top-tier partners grow through expansion."). */
    reason: statement('reason', 120).transform((r) => r.replace(/[.!]+$/, '')),
  })
  .strict();

export const FieldSchema = z
  .object({
    id: z
      .string({ error: 'id must be text' })
      .trim()
      .regex(FIELD_ID, 'a field id is snake_case (it fills answers.<id> in the templates)'),
    question: z
      .string({ error: 'question must be text' })
      .trim()
      .min(3, 'question is empty')
      .max(200, 'question is longer than 200 characters')
      .refine(
        (q) => q.endsWith('?') && q.indexOf('?') === q.length - 1,
        'question must be one question ending with "?" (and no other "?")',
      ),
    type: z.enum(FIELD_TYPES, { error: `type must be one of ${FIELD_TYPES.join(', ')}` }),
    choices: z
      .array(
        z
          .string()
          .trim()
          .min(1)
          .max(60)
          .refine((c) => !c.includes('?') && !c.includes('/'), 'a choice may not contain "?" or "/"'),
      )
      .min(2, 'choices needs at least 2 entries')
      .optional(),
    /** `tiers`: the choices are the tier names configured in partneros.yml, filled in when the playbook loads. */
    choices_from: z.enum(['tiers'], { error: 'choices_from must be tiers' }).optional(),
    required: z.boolean({ error: 'required must be true or false' }).default(true),
    /** For numbers: the smallest and largest value the coach accepts, and what the number counts. */
    min: z.number({ error: 'min must be a number' }).optional(),
    max: z.number({ error: 'max must be a number' }).optional(),
    unit: z.enum(NUMBER_UNITS, { error: `unit must be one of ${NUMBER_UNITS.join(', ')}` }).optional(),
  })
  .strict()
  .refine((f) => (f.type === 'choice') === (f.choices !== undefined || f.choices_from !== undefined), {
    message: 'choices (or choices_from) is required for type choice, and only for it',
    path: ['choices'],
  })
  .refine((f) => f.choices === undefined || f.choices_from === undefined, {
    message: 'give choices or choices_from, not both',
    path: ['choices_from'],
  })
  .refine((f) => f.type === 'number' || (f.min === undefined && f.max === undefined && f.unit === undefined), {
    message: 'min, max and unit are for number fields only',
    path: ['type'],
  })
  .refine((f) => f.min === undefined || f.max === undefined || f.min <= f.max, {
    message: 'min is larger than max',
    path: ['min'],
  });

const templateId = z
  .string({ error: 'template must be a template id, or a list of them' })
  .trim()
  .regex(TEMPLATE_ID, 'template must be a template id like recruitment/email-sequence');

export const StepSchema = z
  .object({
    id: z.string({ error: 'id must be text' }).trim().regex(ID, 'a step id is lower-case words joined by -'),
    name: statement('name', 60),
    /** One template id, or a list (the documents the step hands back, in order). */
    template: z.union(
      [
        templateId,
        z.array(templateId).min(1, 'template lists no template').max(4, 'a step hands back at most 4 templates'),
      ],
      {
        error: 'template must be a template id, or a list of them',
      },
    ),
    guidance: statement('guidance', 1200),
    fields: z
      .array(FieldSchema, { error: 'fields must be a list' })
      .max(8, 'a step asks for at most 8 fields: split it in two')
      .refine((fields) => new Set(fields.map((f) => f.id)).size === fields.length, 'fields lists an id twice'),
    checklist: statements('checklist'),
    /** Keyed by tier name (case-insensitive), plus `default` for tiers not named. */
    tier_notes: z
      .record(z.string(), statement('a tier note', 400), { error: 'tier_notes must map tier names to notes' })
      .refine((notes) => Object.keys(notes).length > 0, 'tier_notes needs at least one tier'),
  })
  .strict()
  // `templates` holds every id the step hands back; `template` stays the first, for code that shows one.
  .transform(({ template, ...step }) => {
    const templates = Array.isArray(template) ? [...new Set(template)] : [template];
    return { ...step, template: templates[0] as string, templates };
  });

export const PlaybookSchema = z
  .object({
    id: z.string({ error: 'id is missing' }).trim().regex(ID, 'id is lower-case words joined by -, e.g. co-marketing'),
    name: statement('name', 60),
    description: statement('description', 400),
    tags: z
      .array(z.string().trim().min(1).max(30), { error: 'tags must be a list' })
      .min(1, 'tags needs at least one entry'),
    prerequisites: statements('prerequisites', 0),
    steps: z
      .array(StepSchema, { error: 'steps must be a list' })
      .min(1, 'steps needs at least one step')
      .max(12, 'a playbook has at most 12 steps')
      .refine((steps) => new Set(steps.map((s) => s.id)).size === steps.length, 'steps lists an id twice'),
    success_criteria: statements('success_criteria'),
    /** Playbooks to suggest once this one completes, best first. */
    next_playbook: z
      .union([z.string(), z.array(z.string())], { error: 'next_playbook must be a playbook id or a list of them' })
      .transform((v) => (Array.isArray(v) ? v : [v]).map((id) => id.trim()))
      .pipe(z.array(z.string().regex(ID, 'each next_playbook entry is a playbook id like onboard')))
      .default([]),
    /** True when running it again for the same partner makes sense (a QBR every quarter); false: once per partner. */
    recurring: z.boolean({ error: 'recurring must be true or false' }),
    warnings: statements('warnings', 0).default([]),
    /** The stages a run may start at; left out, every stage but exited. */
    applies_to_stages: stageList('applies_to_stages').default([...RUN_STAGES]),
    /** Where a completed run moves the partner, from a stage it applies to; left out, the stage stays. */
    moves_stage_to: stage.optional(),
    /** When to suggest it beyond a finished run's next_playbook; left out, only as a next_playbook. */
    suggested_when: z
      .array(SuggestionSchema, { error: 'suggested_when must be a list of rules' })
      .max(12, 'suggested_when has at most 12 rules')
      .default([]),
  })
  .strict();

export type Playbook = z.infer<typeof PlaybookSchema> & { readonly file: string };
export type PlaybookStep = z.infer<typeof StepSchema>;
export type PlaybookField = z.infer<typeof FieldSchema>;
export type Suggestion = z.infer<typeof SuggestionSchema>;

/** The step's note for a tier (keys case-insensitive), else its `default` note. */
export function tierNote(step: Pick<PlaybookStep, 'tier_notes'>, tier: string): string | null {
  const entries = Object.entries(step.tier_notes);
  const wanted = tier.trim().toLowerCase();
  const own = entries.find(([k]) => k.trim().toLowerCase() === wanted);
  return (own ?? entries.find(([k]) => k.trim().toLowerCase() === 'default'))?.[1] ?? null;
}

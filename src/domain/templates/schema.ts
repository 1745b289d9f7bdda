import { z } from 'zod';
import { checkVariableName } from './variables';

/**
 * The frontmatter every template carries. Strict: an unknown or missing key, an empty value or a
 * value outside a closed list is a problem named with its field, so a company adding a template learns what to fix.
 */

export const CATEGORIES = [
  'strategy',
  'recruitment',
  'enablement',
  'legal',
  'finance',
  'security',
  'operations',
  'executive',
  'analysis',
] as const;
export const PHASES = [
  'recruitment',
  'onboarding',
  'enablement',
  'growth',
  'retention',
  'exit',
  'strategy',
  'operations',
  'analysis',
] as const;
export const SKILL_LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
/** Where a variable's value comes from; the first segment of its name must say the same. */
export const VARIABLE_SOURCES = ['company', 'partner', 'user', 'answers', 'today', 'tier'] as const;

export type Category = (typeof CATEGORIES)[number];

const text = (what: string, max = 400) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .min(1, `${what} is empty`)
    .max(max, `${what} is longer than ${max} characters`);
const list = (what: string) =>
  z.array(text(`each ${what} entry`), { error: `${what} must be a list` }).min(1, `${what} needs at least one entry`);

const ID = /^[a-z]+\/[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const VARIABLE_NAME = /^(?:today|(?:company|partner|user|answers|tier)\.[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)?)$/;

/** gray-matter turns an unquoted `2026-11-25` into a Date; both spellings mean the same day. */
const isoDate = z
  .union([z.date(), z.string()], { error: 'last_updated must be a date (YYYY-MM-DD)' })
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v.trim()))
  .refine(
    (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)),
    'last_updated must be a date written YYYY-MM-DD',
  );

export const VariableSchema = z
  .object({
    name: z
      .string()
      .trim()
      .regex(
        VARIABLE_NAME,
        'a variable name is today, or company./partner./user./tier./answers. followed by a snake_case field',
      )
      .superRefine((name, ctx) => {
        const problem = checkVariableName(name);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    description: text('description', 200),
    source: z.enum(VARIABLE_SOURCES, { error: `source must be one of ${VARIABLE_SOURCES.join(', ')}` }),
    required: z.boolean({ error: 'required must be true or false' }),
  })
  .strict()
  .refine((v) => v.name.split('.')[0] === v.source, {
    message: 'source must match the first part of the name (e.g. partner.name has source partner)',
    path: ['source'],
  });

export const TemplateFrontmatterSchema = z
  .object({
    id: z
      .string({ error: 'id is missing' })
      .trim()
      .regex(ID, 'id must be category/slug in lower case, e.g. recruitment/email-sequence'),
    title: text('title', 100),
    category: z.enum(CATEGORIES, { error: `category must be one of ${CATEGORIES.join(', ')}` }),
    number: z.number({ error: 'number must be a whole number' }).int('number must be a whole number').min(1).max(99),
    version: z
      .string({ error: 'version must be text like 1.0.0' })
      .trim()
      .regex(SEMVER, 'version must be semver, e.g. 1.0.0'),
    last_updated: isoDate,
    tier: text('tier', 40),
    skill_level: z.enum(SKILL_LEVELS, { error: `skill_level must be one of ${SKILL_LEVELS.join(', ')}` }),
    purpose: text('purpose'),
    phase: z.enum(PHASES, { error: `phase must be one of ${PHASES.join(', ')}` }),
    time_required: text('time_required', 60),
    difficulty: z.enum(DIFFICULTIES, { error: `difficulty must be one of ${DIFFICULTIES.join(', ')}` }),
    prerequisites: list('prerequisites'),
    description: text('description', 400).refine(
      (d) => (d.match(/[.!?](\s|$)/g) ?? []).length <= 2,
      'description must be one or two sentences',
    ),
    /**
     * Advice for the person filling the document (Markdown): when to use it, the decisions it forces, common
     * mistakes. Shown at the playbook step and by `/partner template <id>`, never in the document itself. A
     * statement: the coach shows it in a run thread, where only the pending question may hold a `?`.
     */
    guidance: z
      .string({ error: 'guidance must be text (Markdown)' })
      .trim()
      .min(1, 'guidance is empty')
      .max(4000, 'guidance is longer than 4000 characters')
      .refine(
        (g) => !g.includes('?'),
        'guidance must be statements: it is shown in run threads, where only the coach asks (no "?")',
      )
      .refine((g) => !/\{\{/.test(g), 'guidance is advice, not part of the document: it takes no {{variables}}'),
    /** A draft for counsel (every legal template is one): it opens with the draft notice and names both parties. */
    legal_draft: z.boolean({ error: 'legal_draft must be true or false' }).optional(),
    outcomes: list('outcomes'),
    skills_gained: list('skills_gained'),
    related: z
      .array(z.string().trim().regex(ID, 'each related entry must be a template id like strategy/business-case'), {
        error: 'related must be a list of template ids',
      })
      .min(1, 'related needs at least one template id'),
    variables: z
      .array(VariableSchema, { error: 'variables must be a list' })
      .min(1, 'variables needs at least one entry')
      .refine((vars) => new Set(vars.map((v) => v.name)).size === vars.length, 'variables lists a name twice'),
  })
  .strict();

export type TemplateFrontmatter = z.infer<typeof TemplateFrontmatterSchema>;
export type TemplateVariable = z.infer<typeof VariableSchema>;

/** A loaded, validated template: its frontmatter, its Markdown body and where it came from. */
export interface Template extends TemplateFrontmatter {
  readonly body: string;
  readonly file: string;
}

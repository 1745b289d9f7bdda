import { z } from 'zod';
import type { Result } from '../result';
import type { PlaybookField } from '../playbooks/schema';
import type { AnswerValue, CoachMessage, FieldProblem, StepContext } from './engine';
import type { ChatMessage, OutputSchema } from './llm-client';
import { clipLine } from './prompt';
import { rangeText } from './numbers';

/**
 * Structured extraction of the current step's field values from a free-text reply. The model returns raw
 * strings (or null); the same validator the guided engine uses decides what is a value, so both engines
 * accept and refuse exactly the same answers.
 */

/** Checks one raw answer for its field (the guided engine's `parseAnswer`): a value, or why not, as a statement. */
export type AnswerValidator = (
  field: PlaybookField,
  text: string,
  when: { today: string; timezone: string },
) => Result<AnswerValue, string>;

const FORMS: Record<PlaybookField['type'], string> = {
  text: "the user's own words, trimmed",
  number: 'digits only, no currency sign or thousands separator ("50k" becomes 50000)',
  date: 'a date written YYYY-MM-DD; resolve relative dates ("next Friday", "end of March") from today',
  choice: 'exactly one of the listed choices, spelled as listed',
  user: 'the Slack mention exactly as written, like <@U123ABC>',
  url: 'the URL as written',
  email: 'the e-mail address as written',
};

function describeField(field: PlaybookField): string {
  const choices = field.choices ? ` Choices: ${field.choices.join(' / ')}.` : '';
  const range = rangeText(field);
  const accepted = range ? ` Accepted range: ${range}.` : '';
  return `${field.question} (${field.type}: ${FORMS[field.type]}).${choices}${accepted} Null when the message does not give it.`;
}

/** The output schema for a step's fields: `values` (field id → raw string or null) and `skipped` (field ids). */
export function extractionSchema(fields: readonly PlaybookField[]) {
  const ids = fields.map((f) => f.id);
  return z.object({
    values: z.object(Object.fromEntries(fields.map((f) => [f.id, z.string().nullable().describe(describeField(f))]))),
    skipped: z
      .array(z.enum(ids))
      .describe('Ids of optional fields the user explicitly declines to give ("skip", "none", "n/a" for that field).'),
  });
}

export type Extraction = z.infer<ReturnType<typeof extractionSchema>>;

/** The schema and messages for one extraction; null when the step records no fields. */
export function extractionRequest(
  context: StepContext,
  message: CoachMessage,
): { schema: OutputSchema<Extraction>; messages: ChatMessage[] } | null {
  const fields = context.fields.map((s) => s.field);
  if (fields.length === 0) return null;
  const pending = context.pending
    ? `The app last asked for ${context.pending.id} ("${context.pending.question}"): a short bare answer is the value of ${context.pending.id}.`
    : '';
  const system = [
    `You read one Slack message from a partner manager and pick out values for the fields below. Today is ${context.today} (time zone ${context.timezone}).`,
    'Give a field a value only when the message states it; otherwise null. Never guess or invent.',
    pending,
    'Fields:',
    ...context.fields.map(
      ({ field, value }) =>
        `- ${field.id}: ${describeField(field)}${value !== undefined && value !== null ? ` Known so far: ${clipLine(String(value), 100)}.` : ''}`,
    ),
  ]
    .filter(Boolean)
    .join('\n');
  return {
    schema: { name: 'field_values', zod: extractionSchema(fields) },
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: message.text.slice(0, 4000) },
    ],
  };
}

const SKIP_WORDS = /^(skip|none|n\/a|-)$/i;

const label = (field: PlaybookField) => field.id.replace(/_/g, ' ');

/** The model's strings, checked by the validator: values to record, optional fields skipped, and problems. */
export function interpretExtraction(context: StepContext, extraction: Extraction, validate: AnswerValidator) {
  const values: Record<string, AnswerValue> = {};
  const problems: FieldProblem[] = [];
  const skipped: string[] = [];
  for (const { field } of context.fields) {
    const raw = extraction.values[field.id]?.trim();
    // A value wins over a contradictory skip; "skip" copied into an optional field's value is still a skip
    // (in a required text field, "none" may well be the answer).
    const skip = raw ? !field.required && SKIP_WORDS.test(raw) : extraction.skipped.includes(field.id);
    if (raw && !skip) {
      const checked = validate(field, raw, { today: context.today, timezone: context.timezone });
      if (checked.ok) values[field.id] = checked.value;
      else problems.push({ fieldId: field.id, message: checked.error });
    } else if (skip) {
      if (field.required)
        problems.push({ fieldId: field.id, message: `The ${label(field)} is required, so it cannot be skipped.` });
      else skipped.push(field.id);
    }
  }
  return { values, skipped, problems };
}

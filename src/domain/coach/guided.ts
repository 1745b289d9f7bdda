import type { PlaybookField } from '../playbooks/schema';
import { formatDay } from '../reminders/calendar';
import { answerFreeQuestion, answerStepQuestion } from './advice';
import { fieldLabel, isSkipWord, parseAnswer, type AnswerContext } from './answers';
import type { AnswerValue, CoachEngine, CoachMessage, CoachTurn, FieldProblem, StepContext } from './engine';
import { readLabelled, type Labelled } from './labels';
import type { CoachLibrary } from './related';
import { escapeMrkdwn as esc, listWords, quoteMrkdwn, withoutQuestionMarks } from './text';

/**
 * The guided coach (DESIGN §6): rules, no network. One thread reply becomes values for the current step's
 * fields, skips, problems and a short mrkdwn reply, deterministically:
 *
 * 1. A message ending with "?" is a question: nothing is recorded; the step's guidance, tier note and the
 *    matching templates and playbooks answer it.
 * 2. Named values anywhere in it ("actually the size is 200", "region: EMEA; kickoff = next friday") go to
 *    the fields they name.
 * 3. The rest answers the pending field. "skip"/"none" leaves an optional field empty; a required one says
 *    it is required.
 *
 * The reply text never holds a `?`: the Slack edge appends the pending question after it (DESIGN §10).
 */

type Outcome = { kind: 'value'; value: AnswerValue } | { kind: 'skipped' } | { kind: 'problem'; message: string };

const NAVIGATION = /^(?:next|next step|continue|go on|back|go back|previous|pause|stop|done)[.!]*$/i;
const SAMPLE: Readonly<Record<PlaybookField['type'], string>> = {
  text: 'a few words',
  number: '200',
  date: '2026-12-15',
  choice: '',
  user: '@Ana',
  url: 'acme.example',
  email: 'ana@acme.example',
};

const isQuestion = (text: string): boolean => /[?？]\s*$/.test(text);

/** What one reply says about one field: its value, a deliberate skip, or why it does not fit. */
function outcomeFor(field: PlaybookField, raw: string, ctx: AnswerContext): Outcome {
  // A choice literally called "None" is a choice, not a skip.
  const isChoice =
    field.type === 'choice' && (field.choices ?? []).some((c) => c.trim().toLowerCase() === raw.trim().toLowerCase());
  if (!isChoice && isSkipWord(raw)) {
    return field.required
      ? {
          kind: 'problem',
          message: `${fieldLabel(field)} is required, so it cannot be left empty: answer it, or press Skip to skip the whole step.`,
        }
      : { kind: 'skipped' };
  }
  const parsed = parseAnswer(field, raw, ctx);
  return parsed.ok ? { kind: 'value', value: parsed.value } : { kind: 'problem', message: parsed.error };
}

/** A recorded value as the reply shows it: escaped, dates with their weekday, people as mentions. */
function shown(field: PlaybookField, value: AnswerValue): string {
  if (typeof value === 'number') return value.toLocaleString('en-US', { maximumFractionDigits: 6 });
  switch (field.type) {
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value} (${formatDay(value)})` : esc(value);
    case 'user':
      return /^[UW][A-Z0-9]+$/.test(value) ? `<@${value}>` : esc(value);
    // A query string holds a "?", which the thread keeps for the pending question.
    case 'url':
      return esc(value.includes('?') ? `${value.slice(0, value.indexOf('?'))}…` : value);
    case 'text':
      return quoteMrkdwn(value, 80);
    default:
      return esc(value);
  }
}

function example(field: PlaybookField): string {
  const sample = field.type === 'choice' ? (field.choices?.[0] ?? '') : SAMPLE[field.type];
  return `\`${esc(fieldLabel(field).toLowerCase())}: ${esc(sample)}\``;
}

interface Applied {
  readonly outcomes: ReadonlyMap<string, Outcome>;
  readonly ambiguousText: readonly string[];
  /** Text that named no field and answered nothing: the whole message, or what was left beside named values. */
  readonly unplaced: 'none' | 'all' | 'rest';
}

/** Reads the reply and decides an outcome per field (the last mention of a field wins). */
function apply(context: StepContext, message: CoachMessage, text: string): Applied {
  const fields = context.fields.map((f) => f.field);
  const ctx: AnswerContext = { today: context.today, timezone: context.timezone, userId: message.userId };
  const pending = context.pending;
  // A weak "name is value" counts when the value fits, or when it names the field being asked for.
  const keepWeak = (l: Labelled): boolean =>
    l.field.id === pending?.id || outcomeFor(l.field, l.value, ctx).kind !== 'problem';
  const reading = readLabelled(text, fields, keepWeak);
  const outcomes = new Map<string, Outcome>();
  for (const l of reading.labelled) outcomes.set(l.field.id, outcomeFor(l.field, l.value, ctx));
  // A reply that names no field is one answer, stored exactly as typed (line breaks and all).
  const rest =
    reading.labelled.length === 0 && reading.ambiguous.length === 0 ? text.trim() : reading.plain.join('\n').trim();
  let unplaced: Applied['unplaced'] = 'none';
  if (rest && pending && !outcomes.has(pending.id)) outcomes.set(pending.id, outcomeFor(pending, rest, ctx));
  else if (rest) unplaced = reading.labelled.length === 0 && reading.ambiguous.length === 0 ? 'all' : 'rest';
  const ambiguousText = reading.ambiguous.map(
    (a) =>
      `${quoteMrkdwn(a.name, 40)} names more than one field (${a.fields.map((f) => esc(fieldLabel(f))).join(', ')}): ` +
      `write the whole name, e.g. ${a.fields[0] ? example(a.fields[0]) : '`name: value`'}.`,
  );
  return { outcomes, ambiguousText, unplaced };
}

function summary(context: StepContext, applied: Applied): string {
  const lines: string[] = [...applied.ambiguousText];
  const byId = new Map(context.fields.map((f) => [f.field.id, f]));
  const recorded: string[] = [];
  const skipped: string[] = [];
  for (const [id, outcome] of applied.outcomes) {
    const state = byId.get(id);
    if (!state) continue;
    const label = `*${esc(fieldLabel(state.field))}*`;
    if (outcome.kind === 'value') {
      const before = state.value;
      recorded.push(
        before !== undefined && before !== null && before !== outcome.value
          ? `${label} changed from ${shown(state.field, before)} to ${shown(state.field, outcome.value)}`
          : `${label} ${shown(state.field, outcome.value)}`,
      );
    } else if (outcome.kind === 'skipped') skipped.push(label);
  }
  if (recorded.length) lines.push(`✅ Recorded: ${recorded.join(' · ')}.`);
  if (skipped.length) lines.push(`Left empty: ${listWords(skipped)}.`);
  if (applied.unplaced === 'all') lines.push(nothingPending(context));
  if (applied.unplaced === 'rest')
    lines.push('The other parts of the message name no field, so they were not recorded.');
  if (recorded.length || skipped.length) lines.push(...progress(context, applied.outcomes));
  return lines.join('\n');
}

function nothingPending(context: StepContext): string {
  const first = context.fields[0]?.field;
  if (!first)
    return 'Nothing was recorded: this step asks for nothing. Work through its checklist and press *Next step*.';
  return `Nothing was recorded: every field of this step has an answer. To change one, name it, e.g. ${example(first)}; to move on, press *Next step*.`;
}

/** Where the step stands once this reply is recorded. */
function progress(context: StepContext, outcomes: ReadonlyMap<string, Outcome>): string[] {
  const open = context.fields.filter((f) => {
    const o = outcomes.get(f.field.id);
    if (o?.kind === 'value' || o?.kind === 'skipped') return false;
    return f.value === undefined;
  });
  const step = context.playbook.steps[context.stepIndex];
  if (open.length === 0) {
    const checklist = step?.checklist.length
      ? ['Before you move on:', ...step.checklist.map((c) => `• ${esc(c)}`)]
      : [];
    return ['Every field of this step has an answer: press *Next step* to continue.', ...checklist];
  }
  if (open.every((f) => !f.field.required))
    return [
      'The required fields of this step have answers: press *Next step* when ready, or answer the optional ones.',
    ];
  return [];
}

function toTurn(outcomes: ReadonlyMap<string, Outcome>, text: string): CoachTurn {
  const values: Record<string, AnswerValue> = {};
  const skipped: string[] = [];
  const problems: FieldProblem[] = [];
  for (const [fieldId, o] of outcomes) {
    if (o.kind === 'value') values[fieldId] = o.value;
    else if (o.kind === 'skipped') skipped.push(fieldId);
    else problems.push({ fieldId, message: withoutQuestionMarks(o.message) });
  }
  return { values, skipped, problems, text: withoutQuestionMarks(text) };
}

const EMPTY = new Map<string, Outcome>();

/**
 * What another engine recorded, said the way the guided coach says it ("✅ Recorded: …", what is left),
 * so both engines report answers alike whatever else they write.
 */
export function recordedSummary(context: StepContext, turn: Pick<CoachTurn, 'values' | 'skipped'>): string {
  const outcomes = new Map<string, Outcome>([
    ...Object.entries(turn.values).map(([id, value]): [string, Outcome] => [id, { kind: 'value', value }]),
    ...turn.skipped.map((id): [string, Outcome] => [id, { kind: 'skipped' }]),
  ]);
  return withoutQuestionMarks(summary(context, { outcomes, ambiguousText: [], unplaced: 'none' }));
}

/** One thread reply in a run, read by the rules above. Pure: the same context and message give the same turn. */
export function guidedTurn(library: CoachLibrary, context: StepContext, message: CoachMessage): CoachTurn {
  const text = message.text.trim();
  if (text === '') return toTurn(EMPTY, 'Nothing was recorded: the message has no text.');
  if (isQuestion(text)) return toTurn(EMPTY, answerStepQuestion(context, text, library));
  if (NAVIGATION.test(text)) {
    return toTurn(
      EMPTY,
      'Nothing was recorded: typing does not move the run. Use the *Next step*, *Skip*, *Back* or *Pause* button on the step message.',
    );
  }
  const applied = apply(context, message, text);
  return toTurn(applied.outcomes, summary(context, applied));
}

export function guidedCoach(library: CoachLibrary): CoachEngine {
  return {
    kind: 'guided',
    turn: (context, message) => Promise.resolve(guidedTurn(library, context, message)),
    ask: (context, question) => Promise.resolve({ text: answerFreeQuestion(context, question, library) }),
  };
}

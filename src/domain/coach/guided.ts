import type { PlaybookField } from '../playbooks/schema';
import { answerFreeQuestion, answerStepQuestion } from './advice';
import { fieldLabel, isSkipWord, parseAnswer, type AnswerContext } from './answers';
import type { AnswerValue, CoachEngine, CoachMessage, CoachTurn, FieldProblem, StepContext } from './engine';
import { readLabelled, type Labelled } from './labels';
import { code, line, quote, strong, type Line, type Part } from './parts';
import type { CoachLibrary } from './related';
import { echo, withoutQuestionMarks } from './text';

/**
 * The guided coach: rules, no network. One thread reply becomes values for the current step's fields,
 * skips, problems and hints, deterministically:
 *
 * 1. A message ending with "?" is a question: nothing is recorded; the step's guidance, tier note and the
 *    matching templates and playbooks answer it.
 * 2. Named values anywhere in it ("actually the size is 200", "region: EMEA; kickoff = next friday") go to
 *    the fields they name.
 * 3. The rest answers the pending field. "skip"/"none" leaves an optional field empty; a required one says
 *    it is required.
 *
 * The Slack edge renders the turn (recorded values, hints, problems) and appends the pending question.
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

function example(field: PlaybookField): Part {
  const sample = field.type === 'choice' ? (field.choices?.[0] ?? '') : SAMPLE[field.type];
  return code(`${fieldLabel(field).toLowerCase()}: ${sample}`);
}

interface Applied {
  readonly outcomes: ReadonlyMap<string, Outcome>;
  /** Names that fit several fields, each said with the way to write it whole. */
  readonly ambiguous: readonly Line[];
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
  const ambiguous = reading.ambiguous.map(
    (a) =>
      line`${quote(echo(a.name, 40))} names more than one field (${a.fields.map(fieldLabel).join(', ')}): write the whole name, e.g. ${a.fields[0] ? example(a.fields[0]) : code('name: value')}.`,
  );
  return { outcomes, ambiguous, unplaced };
}

function hints(context: StepContext, applied: Applied, turn: Pick<CoachTurn, 'values' | 'skipped'>): Line[] {
  const lines: Line[] = [...applied.ambiguous];
  if (applied.unplaced === 'all') lines.push(nothingPending(context));
  if (applied.unplaced === 'rest')
    lines.push(['The other parts of the message name no field, so they were not recorded.']);
  return [...lines, ...progressHints(context, turn)];
}

function nothingPending(context: StepContext): Line {
  const first = context.fields[0]?.field;
  if (!first)
    return line`Nothing was recorded: this step asks for nothing. Work through its checklist and press ${strong('Next step')}.`;
  return line`Nothing was recorded: every field of this step has an answer. To change one, name it, e.g. ${example(first)}; to move on, press ${strong('Next step')}.`;
}

/**
 * Where the step stands once a reply's values are recorded (said by both engines, so they report alike);
 * nothing when the reply recorded nothing.
 */
export function progressHints(context: StepContext, turn: Pick<CoachTurn, 'values' | 'skipped'>): Line[] {
  if (Object.keys(turn.values).length === 0 && turn.skipped.length === 0) return [];
  const open = context.fields.filter(
    (f) => !(f.field.id in turn.values) && !turn.skipped.includes(f.field.id) && f.value === undefined,
  );
  const step = context.playbook.steps[context.stepIndex];
  if (open.length === 0) {
    const checklist: Line[] = step?.checklist.length
      ? [['Before you move on:'], ...step.checklist.map((c): Line => [`• ${c}`])]
      : [];
    return [line`Every field of this step has an answer: press ${strong('Next step')} to continue.`, ...checklist];
  }
  if (open.every((f) => !f.field.required))
    return [
      line`The required fields of this step have answers: press ${strong('Next step')} when ready, or answer the optional ones.`,
    ];
  return [];
}

function toTurn(outcomes: ReadonlyMap<string, Outcome>): CoachTurn {
  const values: Record<string, AnswerValue> = {};
  const skipped: string[] = [];
  const problems: FieldProblem[] = [];
  for (const [fieldId, o] of outcomes) {
    if (o.kind === 'value') values[fieldId] = o.value;
    else if (o.kind === 'skipped') skipped.push(fieldId);
    else problems.push({ fieldId, message: withoutQuestionMarks(o.message) });
  }
  return { values, skipped, problems, hints: [] };
}

const said = (hints: Line[]): CoachTurn => ({ values: {}, skipped: [], problems: [], hints });

/** One thread reply in a run, read by the rules above. Pure: the same context and message give the same turn. */
export function guidedTurn(library: CoachLibrary, context: StepContext, message: CoachMessage): CoachTurn {
  const text = message.text.trim();
  if (text === '') return said([['Nothing was recorded: the message has no text.']]);
  if (isQuestion(text)) return said(answerStepQuestion(context, text, library));
  if (NAVIGATION.test(text)) {
    return said([
      line`Nothing was recorded: typing does not move the run. Use the ${strong('Next step')}, ${strong('Skip')}, ${strong('Back')} or ${strong('Pause')} button on the step message.`,
    ]);
  }
  const applied = apply(context, message, text);
  const turn = toTurn(applied.outcomes);
  return { ...turn, hints: hints(context, applied, turn) };
}

export function guidedCoach(library: CoachLibrary): CoachEngine {
  return {
    kind: 'guided',
    turn: (context, message) => Promise.resolve(guidedTurn(library, context, message)),
    ask: (context, question) => Promise.resolve({ lines: answerFreeQuestion(context, question, library) }),
  };
}

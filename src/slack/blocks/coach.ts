import { fieldLabel } from '../../domain/coach/answers';
import type { AnswerValue, CoachAnswer, CoachTurn, FieldState } from '../../domain/coach/engine';
import type { Line, Part } from '../../domain/coach/parts';
import { echo, listWords } from '../../domain/coach/text';
import type { PlaybookField } from '../../domain/playbooks/schema';
import { formatDay } from '../../domain/reminders/calendar';
import { neutraliseBroadcasts, renderModelText } from './model-text';
import { clip, esc, strong } from './text';

/**
 * The coach's words in a thread: the structured parts an engine returns (recorded values, hints, problems,
 * the model's advice) rendered as mrkdwn. Every word is escaped here, once; bold, code and mentions are ours.
 * In a run thread only the pending question may hold a `?`, so everything here is a statement.
 */

/** The thread's one `?` is the pending question the reply ends with: every other line drops its own. */
const statement = (mrkdwn: string): string => mrkdwn.replace(/[?？]/g, '');

/** A reply stays well inside a message (and a section's 3,000 characters once quoted back). */
const MAX_REPLY = 3500;

function renderPart(part: Part): string {
  if (typeof part === 'string') return esc(part);
  if ('strong' in part) return strong(part.strong);
  // A backtick would end the code span early: shown as a prime instead.
  if ('code' in part) return `\`${esc(part.code).replace(/`/g, 'ʹ')}\``;
  if ('aside' in part) return /[_*~`]/.test(part.aside) ? esc(part.aside) : `_${esc(part.aside)}_`;
  if ('quote' in part) return `“${esc(part.quote)}”`;
  return /^[UW][A-Z0-9]+$/.test(part.user) ? `<@${part.user}>` : esc(part.user);
}

export const renderLine = (line: Line): string => statement(line.map(renderPart).join(''));

/** A recorded value as a reply shows it: short, dates with their weekday, people as mentions. */
function recordedValue(field: PlaybookField, value: AnswerValue): string {
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
      return `“${esc(echo(value, 80))}”`;
    default:
      return esc(value);
  }
}

/** "✅ Recorded: *Partner size* 1,200 · *Region* changed from NA to EMEA." and "Left empty: *Goals*." */
export function recordedLines(fields: readonly FieldState[], turn: Pick<CoachTurn, 'values' | 'skipped'>): string[] {
  const byId = new Map(fields.map((f) => [f.field.id, f]));
  const recorded = Object.entries(turn.values).flatMap(([id, value]) => {
    const state = byId.get(id);
    if (!state) return [];
    const label = strong(fieldLabel(state.field));
    const before = state.value;
    return before !== undefined && before !== null && before !== value
      ? [`${label} changed from ${recordedValue(state.field, before)} to ${recordedValue(state.field, value)}`]
      : [`${label} ${recordedValue(state.field, value)}`];
  });
  const skipped = turn.skipped.flatMap((id) => {
    const state = byId.get(id);
    return state ? [strong(fieldLabel(state.field))] : [];
  });
  const lines: string[] = [];
  if (recorded.length) lines.push(`✅ Recorded: ${recorded.join(' · ')}.`);
  if (skipped.length) lines.push(`Left empty: ${listWords(skipped)}.`);
  return lines.map(statement);
}

/**
 * The coach's reply to a thread message, without the pending question: a note (the AI coach fell back), the
 * model's advice, what was recorded, the hints, what did not fit. `fields` are the step's before this reply,
 * so a corrected value shows what it replaced.
 */
export function coachReplyBody(parts: { turn: CoachTurn; fields: readonly FieldState[]; note?: string }): string {
  const { turn } = parts;
  const lines: string[] = [];
  if (parts.note) lines.push(`ℹ️ ${statement(esc(parts.note))}`);
  if (turn.advice?.trim()) lines.push(renderModelText(turn.advice));
  lines.push(...recordedLines(parts.fields, turn));
  lines.push(...turn.hints.map(renderLine));
  for (const p of turn.problems) lines.push(`⚠️ ${statement(esc(p.message))}`);
  return neutraliseBroadcasts(clip(lines.join('\n'), MAX_REPLY));
}

/** The answer to a free question (an @mention or a DM). */
export function coachAnswerText(answer: CoachAnswer, note?: string): string {
  const lines: string[] = [];
  if (note) lines.push(`ℹ️ ${statement(esc(note))}`);
  if (answer.advice?.trim()) lines.push(renderModelText(answer.advice));
  lines.push(...answer.lines.map(renderLine));
  return neutraliseBroadcasts(clip(lines.join('\n'), MAX_REPLY));
}

/** A snapshot of the model's reply while it streams (the final edit is `coachReplyBody`/`coachAnswerText`). */
export const streamingText = (textSoFar: string): string =>
  neutraliseBroadcasts(`${clip(renderModelText(textSoFar), MAX_REPLY)} …`);

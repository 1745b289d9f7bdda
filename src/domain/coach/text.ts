/**
 * Small text rules the coach shares. The coach writes plain words (the Slack edge escapes and styles them),
 * and in a run thread only the pending question may hold a `?`, so what the coach says is a statement.
 */

/** Removes question marks (ASCII and full-width): the thread's only `?` is the pending question the edge appends. */
export const withoutQuestionMarks = (s: string): string => s.replace(/[?？]/g, '');

/** User input shown back inside a plain-text statement: one line, at most `max` characters, no `?`. */
export function echo(input: string, max = 60): string {
  const line = withoutQuestionMarks(input).replace(/\s+/gu, ' ').trim();
  const chars = [...line];
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join('')}…`;
}

/** Joins with commas and a final "or"/"and": a, b and c. */
export function listWords(items: readonly string[], last: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}

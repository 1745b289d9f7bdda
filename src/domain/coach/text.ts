/**
 * Small text rules the coach shares. The coach writes Slack mrkdwn, so user text it echoes is escaped
 * (`&`, `<`, `>`: Slack's own rule, the same as the edge's `esc`), and in a run thread only the pending
 * question may hold a `?` (DESIGN §10), so what the coach says is made a statement before it leaves.
 */

/** Escapes `&`, `<` and `>` so user text shows as typed and `<!channel>` never pings. */
export const escapeMrkdwn = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Removes question marks (ASCII and full-width): the thread's only `?` is the pending question the edge appends. */
export const withoutQuestionMarks = (s: string): string => s.replace(/[?？]/g, '');

/** User input shown back inside a plain-text statement: one line, at most `max` characters, no `?`. */
export function echo(input: string, max = 60): string {
  const line = withoutQuestionMarks(input).replace(/\s+/gu, ' ').trim();
  const chars = [...line];
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join('')}…`;
}

/** The same, escaped for mrkdwn and in typographic quotes: “…”. */
export const quoteMrkdwn = (input: string, max = 60): string => `“${escapeMrkdwn(echo(input, max))}”`;

/** Joins with commas and a final "or"/"and": a, b and c. */
export function listWords(items: readonly string[], last: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}

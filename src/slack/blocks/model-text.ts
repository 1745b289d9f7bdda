import { esc } from './text';

/**
 * The model's words, made fit for a Slack thread. They are untrusted input: a partner note in the prompt
 * can steer the model, so whatever it writes must never mention, link or ping anyone. In this order:
 *
 * 1. Fold compatibility forms (NFKC), so a full-width `＜` `＠` `？` is the ASCII character the next steps know.
 * 2. Escape `& < >` as for user text: no `<!here>`, `<@U…>`, `<#C…>` or `<url|label>` markup survives.
 * 3. The Markdown models write anyway, as mrkdwn: headings and `**bold**` as bold, lists as bullets, and
 *    `[label](url)` as `label (url)`, so a link shows its real address (Slack still auto-links a plain URL).
 * 4. No question mark: in a run thread only the coach's pending question may hold one. A URL's query is
 *    cut rather than changed, so the address shown is one that exists.
 * 5. Broadcasts neutralised, last, so no earlier step can rejoin one (`<!chan?nel>` once became `<!channel>`
 *    when question marks were stripped after broadcasts were defused).
 */

const QUESTION_MARKS = /[?¿]/gu;
/** A question mark (with any !/? around it) that ends a sentence or a line, plus a full stop typed after it. */
const SENTENCE_END_QUESTION = /!*\?+[?!]*\.?(?=$|[\s"'”’»)\]*_~`]|&gt;)/gu;
const URL_QUERY = /(https?:\/\/[^\s?]+)\?[^\s)]*/giu;

function markdownToMrkdwn(text: string): string {
  return text
    .replace(/^#{1,6}\s+(.+?)\s*#*$/gmu, '*$1*') // headings: a bold line
    .replace(/\*\*(.+?)\*\*|__(.+?)__/gu, (_m, a: string | undefined, b: string | undefined) => `*${a ?? b ?? ''}*`)
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/gu, '$1 ($2)') // [label](url): the address stays visible
    .replace(/^(\s*)[-*]\s+/gmu, '$1• '); // list items
}

/** Sentence-final `?` becomes `.`, any other is dropped; a URL loses its query (`…` marks the cut). */
function withoutQuestionMarks(text: string): string {
  return text.replace(URL_QUERY, '$1…').replace(SENTENCE_END_QUESTION, '.').replace(QUESTION_MARKS, '');
}

/**
 * No `<!…>` special (here, channel, everyone, subteam) can reach Slack, whatever built the text: the `<` is
 * escaped. A plain `@here` does not ping either (we never post with `link_names`), but it gets a word joiner
 * (U+2060, invisible) so it never could. People (`<@U…>`) and channels (`<#C…>`) the app itself wrote stay.
 */
export function neutraliseBroadcasts(text: string): string {
  return text.replace(/<!/g, '&lt;!').replace(/@(here|channel|everyone)\b/giu, '@\u2060$1');
}

/** The model's reply (or the part streamed so far) as safe mrkdwn. */
export function renderModelText(raw: string): string {
  const escaped = esc(raw.normalize('NFKC'));
  return neutraliseBroadcasts(withoutQuestionMarks(markdownToMrkdwn(escaped)).trim());
}

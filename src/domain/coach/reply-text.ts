/**
 * A model's reply made fit for a run thread. Models drift into Markdown and into questions whatever the
 * prompt says, so this is total: the result is mrkdwn-ish and never contains `?` (DESIGN §10: in a run
 * thread only the coach's own pending question may). Applied to every streamed snapshot and to the final text.
 */

const QUESTION_MARKS = /[?？¿]/gu;
/** A question mark (with any !/? around it) that ends a sentence or a line, plus a full stop typed after it. */
const SENTENCE_END_QUESTION = /!*[?？]+[?？!]*\.?(?=$|[\s"'”’»)\]*_~`>|])/gu;

/** Replaces each sentence-final `?` by `.` and drops any other (in a URL's query too: keep it simple). */
export function withoutQuestionMarks(text: string): string {
  return text.replace(SENTENCE_END_QUESTION, '.').replace(QUESTION_MARKS, '');
}

/** The Markdown a model writes most often, as Slack mrkdwn. */
function markdownToMrkdwn(text: string): string {
  return text
    .replace(/^#{1,6}\s+(.+?)\s*#*$/gmu, '*$1*') // headings: a bold line
    .replace(/\*\*(.+?)\*\*|__(.+?)__/gu, (_m, a: string | undefined, b: string | undefined) => `*${a ?? b ?? ''}*`)
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/gu, '<$2|$1>') // [label](url)
    .replace(/^(\s*)[-*]\s+/gmu, '$1• '); // list items
}

/** `<!here>`, `<!channel>`, `<!everyone>`, `<!subteam^…>` from a model would ping people: shown as text instead. */
function withoutBroadcasts(text: string): string {
  return text.replace(
    /<!([a-z]+)(?:\^[^>|]*)?(?:\|([^>]*))?>/giu,
    (_m, name: string, shown: string | undefined) => `@${(shown ?? name).replace(/^@/, '')}`,
  );
}

export function cleanReply(text: string): string {
  return withoutQuestionMarks(withoutBroadcasts(markdownToMrkdwn(text))).trim();
}

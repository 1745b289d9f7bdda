import { dayRefused, type LocalTime, parseDate } from '../dates';
import { InvalidValue, UsageError } from '../errors';
import { MAX_NAME_LENGTH } from '../partners/model';
import type { SubcommandSpec } from './catalogue';
import { joinTokens, type Token } from './tokens';

/** `/partner report [partner]` and `/partner qbr-invite <partner> [day time]`. */
export type ReportCommand =
  | { sub: 'report'; partnerName?: string }
  | { sub: 'qbrInvite'; partnerName: string; at?: LocalTime };

const usage = (spec: SubcommandSpec, message: string) =>
  new UsageError(message, `Usage: \`/partner ${spec.usage}\` — e.g. \`/partner ${spec.example}\``, spec.name);

const plain = (t: Token) => !t.quoted && !t.key && !t.userId && !t.channelId;

/**
 * Looks like someone meant a time of day: `14:30`, `9.15`, `9am`, `2:30pm`, also `25:00` (then refused).
 * A bare number is not one: it may end a name (“Studio 54”).
 */
const TIME_LIKE = /^\d{1,3}(?:[:.h]\d{1,3}\s*(?:[ap]\.?m\.?)?|\s*[ap]\.?m\.?)$/i;
const TIME = /^(\d{1,2})(?:[:.h](\d{2}))?\s*([ap])?\.?(?:m\.?)?$/i;
const ISO_DAY = /^\d{4}-\d{1,2}-\d{1,2}$/;

function nameOf(spec: SubcommandSpec, tokens: readonly Token[]): string {
  const name = joinTokens(tokens).trim();
  if (!name) throw usage(spec, `\`${spec.name}\` needs a partner name.`);
  if ([...name].length > MAX_NAME_LENGTH)
    throw new InvalidValue(
      `That partner name is ${[...name].length} characters; names are at most ${MAX_NAME_LENGTH}.`,
      'Check the name with `/partner list`.',
      'name',
    );
  return name;
}

const timeRefused = (text: string) =>
  new InvalidValue(
    `“${text}” is not a time of day.`,
    'Write the time on a 24-hour clock as HH:MM after the day, e.g. `2026-12-03 14:30`.',
    'time',
  );

/** A time of day typed as `14:30` (or `2:30pm`), or an error naming what is wrong with it. */
export function parseTimeOfDay(text: string): { hour: number; minute: number } {
  const m = TIME.exec(text.trim());
  // A bare number (`14`) is not a time: it would read as part of a name or a day.
  if (!m || (m[2] === undefined && m[3] === undefined)) throw timeRefused(text);
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? 0);
  if (m[3]) {
    if (hour < 1 || hour > 12) throw timeRefused(text);
    hour = (hour % 12) + (m[3].toLowerCase() === 'p' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) throw timeRefused(text);
  return { hour, minute };
}

/**
 * `<name> [day time]`: a time of day at the end needs a day before it (any date form a milestone takes,
 * `2026-12-03` or `next friday`), and at least one word of name before that. A day without a time is
 * refused rather than read as part of the name.
 */
function parseInvite(spec: SubcommandSpec, args: readonly Token[], today: string): ReportCommand {
  const last = args.at(-1);
  if (last && plain(last) && TIME_LIKE.test(last.text)) {
    const time = parseTimeOfDay(last.text);
    const rest = args.slice(0, -1);
    let refused: InvalidValue | undefined;
    for (let i = 1; i < rest.length; i++) {
      const tail = rest.slice(i);
      if (!tail.every(plain)) continue;
      const text = joinTokens(tail);
      const read = parseDate(text, today);
      if (read.ok)
        return { sub: 'qbrInvite', partnerName: nameOf(spec, rest.slice(0, i)), at: { day: read.value, ...time } };
      if (!refused && read.error.kind !== 'unreadable') refused = dayRefused(text, read.error);
    }
    if (refused) throw refused;
    throw usage(
      spec,
      `\`qbr-invite\` needs the day before the time: the partner name, then e.g. \`${today} ${last.text}\`.`,
    );
  }
  if (last && plain(last) && ISO_DAY.test(last.text) && args.length > 1)
    throw usage(
      spec,
      `\`qbr-invite\` needs a time after the day, e.g. \`${last.text} 14:30\` (24-hour clock, your time zone).`,
    );
  return { sub: 'qbrInvite', partnerName: nameOf(spec, args) };
}

export function parseReportCommand(
  spec: SubcommandSpec,
  args: readonly Token[],
  ctx: { today: string },
): ReportCommand | null {
  if (spec.name === 'report') {
    const name = joinTokens(args).trim();
    return name ? { sub: 'report', partnerName: nameOf(spec, args) } : { sub: 'report' };
  }
  if (spec.name === 'qbr-invite') {
    if (args.length === 0) throw usage(spec, '`qbr-invite` needs a partner name.');
    return parseInvite(spec, args, ctx.today);
  }
  return null;
}

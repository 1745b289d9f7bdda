import { decodeEntities } from '../wire';
import type { Token } from '../../domain/commands/tokens';
import { UsageError } from '../../domain/errors';
import type { Result } from '../../domain/result';

/**
 * Slack sends `/partner` text escaped (should_escape: true): `&amp; &lt; &gt;` for the three
 * special characters, `<@U123|ana>` for people, `<#C123|acme>` for channels, `<!here>` for
 * specials and `<http://Booking.com|Booking.com>` where it auto-linked a domain. This turns that
 * into tokens of what the user meant. Quotes may be straight or “smart”.
 */

const OPEN_TO_CLOSE: Record<string, string> = {
  '"': '"“”',
  '“': '”"“',
  '”': '”"“',
  "'": "'’‘",
  '‘': "’'‘",
  '’': "’'‘",
  '«': '»',
  '„': '“”"',
};
const SPACE = /\s/u;

interface Segment {
  text: string;
  quoted: boolean;
  userId?: string;
  channelId?: string;
}

/** `<…>` contents → what the user saw in their message box. */
function decodeAngle(inner: string): Segment {
  const [target = '', label] = splitLabel(inner);
  if (target.startsWith('@')) return { text: `@${label ?? target.slice(1)}`, quoted: false, userId: target.slice(1) };
  if (target.startsWith('#'))
    return { text: `#${label ?? target.slice(1)}`, quoted: false, channelId: target.slice(1) };
  if (target.startsWith('!')) {
    const name = target.slice(1).split('^')[0] ?? '';
    return { text: decodeEntities(label ?? `@${name}`), quoted: false };
  }
  // An auto-linked URL or e-mail: the label is what was typed; without one, strip mailto:.
  return { text: decodeEntities(label ?? target.replace(/^mailto:/, '')), quoted: false };
}

function splitLabel(inner: string): [string, string | undefined] {
  const bar = inner.indexOf('|');
  return bar < 0 ? [inner, undefined] : [inner.slice(0, bar), inner.slice(bar + 1)];
}

function toToken(segments: Segment[]): Token {
  const first = segments[0];
  const keyMatch = first && !first.quoted ? /^([A-Za-z_]+)=/.exec(first.text) : null;
  let parts = segments;
  let key: string | undefined;
  if (keyMatch?.[1] && first) {
    key = keyMatch[1].toLowerCase();
    const rest = first.text.slice(keyMatch[0].length);
    parts = rest ? [{ ...first, text: rest }, ...segments.slice(1)] : segments.slice(1);
  }
  const text = parts.map((p) => p.text).join('');
  const only = parts.length === 1 ? parts[0] : undefined;
  return {
    text,
    quoted: parts.some((p) => p.quoted),
    ...(only?.userId ? { userId: only.userId } : {}),
    ...(only?.channelId ? { channelId: only.channelId } : {}),
    ...(key ? { key } : {}),
  };
}

export function tokenize(raw: string): Result<Token[], UsageError> {
  const tokens: Token[] = [];
  let segments: Segment[] = [];
  let plain = '';
  const flushPlain = () => {
    if (plain) segments.push({ text: decodeEntities(plain), quoted: false });
    plain = '';
  };
  const flushToken = () => {
    flushPlain();
    if (segments.length) tokens.push(toToken(segments));
    segments = [];
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charAt(i);
    if (SPACE.test(c)) {
      flushToken();
      continue;
    }
    const close = raw.indexOf('>', i);
    if (c === '<' && close > i) {
      flushPlain();
      segments.push(decodeAngle(raw.slice(i + 1, close)));
      i = close;
      continue;
    }
    const closers = OPEN_TO_CLOSE[c];
    const atTokenStart = segments.length === 0 && plain === '';
    const afterEquals = segments.length === 0 && /^[A-Za-z_]+=$/.test(plain);
    if (closers && (atTokenStart || afterEquals)) {
      const end = findClose(raw, i + 1, closers, c === "'" || c === '‘' || c === '’');
      if (end < 0) {
        return {
          ok: false,
          error: new UsageError(
            `There is an opening ${c} without its closing quote.`,
            'Put names with spaces in matching quotes, e.g. `/partner show "Acme Corp"`.',
          ),
        };
      }
      flushPlain();
      // split() with a capture group alternates plain text and the inside of each <…>.
      const text = raw
        .slice(i + 1, end)
        .split(/<([^>]*)>/)
        .map((part, idx) => (idx % 2 ? decodeAngle(part).text : decodeEntities(part)))
        .join('');
      segments.push({ text, quoted: true });
      i = end;
      continue;
    }
    plain += c;
  }
  flushToken();
  return { ok: true, value: tokens };
}

/** Index of the closing quote; an apostrophe only closes before white space or the end (O'Reilly). */
function findClose(raw: string, from: number, closers: string, apostrophe: boolean): number {
  for (let j = from; j < raw.length; j++) {
    if (!closers.includes(raw.charAt(j))) continue;
    if (!apostrophe || j + 1 >= raw.length || SPACE.test(raw.charAt(j + 1))) return j;
  }
  return -1;
}

import { UsageError } from '../errors';
import type { Result } from '../result';
import type { Token } from './tokens';

/**
 * `/partner` text → tokens: words split on white space, names with spaces in quotes (straight or
 * “smart”), `key=value` options. How people, channels and special characters are spelled depends on
 * where the text was typed, so each edge brings its wire form: Slack escapes `& < >` and sends
 * `<@U123|ana>`; a terminal sends the text as typed, people and channels as `@U123` and `#C123`.
 */

/** A piece of one token: text, and the id of the person or channel it names. */
export interface Segment {
  text: string;
  quoted: boolean;
  userId?: string;
  channelId?: string;
}

export interface Wire {
  /** `<…>` contents → what the user saw. Without it `<` is an ordinary character. */
  readonly angle?: (inner: string) => Segment;
  /** Plain text → what the user meant (Slack's entities). */
  readonly decode: (text: string) => string;
  /** An unquoted value that is a person's or a channel's id as typed (the terminal's `@U123`), else nothing. */
  readonly mention?: (text: string) => { userId: string } | { channelId: string } | undefined;
}

const SLACK_USER_ID = /^@([UW][A-Z0-9]{2,})$/;
const SLACK_CHANNEL_ID = /^#([CGD][A-Z0-9]{2,})$/;

/** Text typed in a terminal: nothing escaped; `@U0123ABC` is that person, `#C0123ABC` that channel. */
export const plainWire: Wire = {
  decode: (text) => text,
  mention(text) {
    const user = SLACK_USER_ID.exec(text)?.[1];
    if (user) return { userId: user };
    const channel = SLACK_CHANNEL_ID.exec(text)?.[1];
    return channel ? { channelId: channel } : undefined;
  },
};

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

function toToken(segments: Segment[], wire: Wire): Token {
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
  const typed = only && !only.quoted && !only.userId && !only.channelId ? wire.mention?.(text) : undefined;
  const userId = only?.userId ?? (typed && 'userId' in typed ? typed.userId : undefined);
  const channelId = only?.channelId ?? (typed && 'channelId' in typed ? typed.channelId : undefined);
  return {
    text,
    quoted: parts.some((p) => p.quoted),
    ...(userId ? { userId } : {}),
    ...(channelId ? { channelId } : {}),
    ...(key ? { key } : {}),
  };
}

export function tokenizeWith(raw: string, wire: Wire): Result<Token[], UsageError> {
  const tokens: Token[] = [];
  let segments: Segment[] = [];
  let plain = '';
  const flushPlain = () => {
    if (plain) segments.push({ text: wire.decode(plain), quoted: false });
    plain = '';
  };
  const flushToken = () => {
    flushPlain();
    if (segments.length) tokens.push(toToken(segments, wire));
    segments = [];
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charAt(i);
    if (SPACE.test(c)) {
      flushToken();
      continue;
    }
    const close = raw.indexOf('>', i);
    if (c === '<' && wire.angle && close > i) {
      flushPlain();
      segments.push(wire.angle(raw.slice(i + 1, close)));
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
      const inside = raw.slice(i + 1, end);
      const angle = wire.angle;
      // split() with a capture group alternates plain text and the inside of each <…>.
      const text = angle
        ? inside
            .split(/<([^>]*)>/)
            .map((part, idx) => (idx % 2 ? angle(part).text : wire.decode(part)))
            .join('')
        : wire.decode(inside);
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

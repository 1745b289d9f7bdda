import { type Segment, tokenizeWith, type Wire } from '../../domain/commands/tokenize';
import type { Token } from '../../domain/commands/tokens';
import type { UsageError } from '../../domain/errors';
import type { Result } from '../../domain/result';
import { decodeEntities } from '../wire';

/**
 * Slack sends `/partner` text escaped (should_escape: true): `&amp; &lt; &gt;` for the three
 * special characters, `<@U123|ana>` for people, `<#C123|acme>` for channels, `<!here>` for
 * specials and `<http://Booking.com|Booking.com>` where it auto-linked a domain. This turns that
 * into tokens of what the user meant. Quotes may be straight or “smart”.
 */

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

const slackWire: Wire = { angle: decodeAngle, decode: decodeEntities };

export function tokenize(raw: string): Result<Token[], UsageError> {
  return tokenizeWith(raw, slackWire);
}

/**
 * Slack's wire form of a message → what the user meant. The one decoder of Slack's escaping: command text
 * (`commands/tokenize.ts`) and thread replies and mentions (the coach) all come through here.
 *
 * Thread replies arrive like command text: `&amp; &lt; &gt;` escaped, links auto-linked
 * (`<http://Booking.com|Booking.com>`, `<mailto:ana@acme.example|ana@acme.example>`), channels and
 * specials as `<#C123|acme>` and `<!here>`. A real `<` typed by the user always arrives as `&lt;`, so
 * every `<…>` left in the raw text is Slack's markup.
 *
 * People stay `<@U123>` (any `|label` dropped) so a `user` field can take the id; everything else
 * becomes the text the user saw in their message box. Smart quotes are left as typed.
 */

const ENTITY = /&(amp|lt|gt|quot|#39);/g;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/**
 * `&amp; &lt; &gt;` → `& < >`, in one pass so a typed `&lt;` (sent as `&amp;lt;`) stays literal. PartnerOS's one
 * entity decoder: it also reads `&quot;` and `&#39;`, which Markdown parsers leave in their text (Slack never
 * sends them bare: a typed `&quot;` arrives as `&amp;quot;`, so decoding them changes nothing Slack sent).
 */
export const decodeEntities = (s: string): string => s.replace(ENTITY, (_m, name: string) => ENTITIES[name] ?? _m);

const MARKUP = /<([^<>]*)>/g;

export function decodeMessageText(raw: string): string {
  let out = '';
  let from = 0;
  for (const m of raw.matchAll(MARKUP)) {
    out += decodeEntities(raw.slice(from, m.index));
    out += decodeMarkup(m[1] ?? '');
    from = m.index + m[0].length;
  }
  return out + decodeEntities(raw.slice(from));
}

/** The contents of one `<…>`. */
function decodeMarkup(inner: string): string {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? undefined : decodeEntities(inner.slice(bar + 1));
  if (target.startsWith('@')) return `<@${target.slice(1)}>`;
  if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
  // <!here>, <!channel>, <!subteam^S123|@team>, <!date^…|fallback>: the label when there is one.
  if (target.startsWith('!')) return label ?? `@${target.slice(1).split('^')[0] ?? ''}`;
  // An auto-linked URL or e-mail: the label is what was typed; without one, the target minus mailto:.
  return label ?? decodeEntities(target.replace(/^mailto:/i, ''));
}

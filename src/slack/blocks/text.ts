import type { ContextBlock, KnownBlock, SectionBlock } from '@slack/types';

/** Slack's limits in one place (docs.slack.dev/reference/block-kit/blocks; PLATFORM-NOTES §3.1). */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  headerText: 150,
  fieldText: 2000,
  fields: 10,
  contextElements: 10,
  buttonText: 75,
  /** Summed block text above ~12k is refused as msg_blocks_too_long (bolt-js #2509, #2867). */
  messageChars: 10_000,
  fallbackText: 3000,
} as const;

/**
 * Escapes user text for mrkdwn: only `&`, `<` and `>` (Slack's own rule), so `<!channel>` typed
 * by a user is shown, never a ping. Done once, at render time; stored data is never escaped.
 */
export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Bold user text, unless it holds mrkdwn markers that would pair with ours and restyle the line. */
export const strong = (s: string): string => (/[*_~`]/.test(s) ? esc(s) : `*${esc(s)}*`);

/**
 * Cuts to at most `max` UTF-16 units (the stricter way to count Slack's limits), at a character
 * boundary (never inside a surrogate pair), with an ellipsis.
 */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = '';
  for (const ch of s) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

export const section = (md: string): SectionBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: clip(md, LIMITS.sectionText) },
});

export const context = (...md: string[]): ContextBlock => ({
  type: 'context',
  elements: md.slice(0, LIMITS.contextElements).map((t) => ({ type: 'mrkdwn', text: clip(t, LIMITS.sectionText) })),
});

export const header = (plain: string): KnownBlock => ({
  type: 'header',
  text: { type: 'plain_text', text: clip(plain, LIMITS.headerText), emoji: true },
});

export const divider = (): KnownBlock => ({ type: 'divider' });

/** Packs lines into as few sections as the 3,000-character limit allows. */
export function linesToSections(lines: readonly string[]): SectionBlock[] {
  const out: SectionBlock[] = [];
  let current = '';
  for (const line of lines) {
    const piece = clip(line, LIMITS.sectionText);
    if (current && current.length + 1 + piece.length > LIMITS.sectionText) {
      out.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${piece}` : piece;
  }
  if (current) out.push(section(current));
  return out;
}

export const user = (id: string | null | undefined): string => (id ? `<@${id}>` : '_nobody_');
export const channel = (id: string | null | undefined): string => (id ? `<#${id}>` : '_none_');

/** A message body: blocks plus the plain-text fallback Slack shows in notifications. */
export interface Message {
  text: string;
  blocks: KnownBlock[];
}

export function message(fallback: string, blocks: KnownBlock[]): Message {
  return { text: clip(fallback, LIMITS.fallbackText), blocks: blocks.slice(0, LIMITS.blocksPerMessage) };
}

import type { ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import { fitMessageBlocks } from './fit';
import { clip, LIMITS } from './limits';

export { clip, LIMITS } from './limits';

/**
 * Escapes user text for mrkdwn: only `&`, `<` and `>` (Slack's own rule), so `<!channel>` typed
 * by a user is shown, never a ping. Done once, at render time; stored data is never escaped.
 */
export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Escapes user text and keeps the escaped form within `max` characters, never cutting an entity in two: for
 * lists, where a name made of `&` (five characters each once escaped) would otherwise push the page past
 * what one message holds.
 */
export function escClip(s: string, max: number): string {
  const full = esc(s);
  if (full.length <= max) return full;
  let out = '';
  for (const ch of s) {
    const piece = esc(ch);
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out}…`;
}

/** Bold user text (escaped, within `max`), unless it holds mrkdwn markers that would pair with ours and restyle the line. */
export const strong = (s: string, max = Number.POSITIVE_INFINITY): string =>
  /[*_~`]/.test(s) ? escClip(s, max) : `*${escClip(s, max)}*`;

// Each builder keeps its own block within its limit (a block is then valid wherever it goes, e.g. a document
// split into several messages); fit.ts checks the whole payload once more on its way out.
export const section = (md: string): SectionBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: clip(md, LIMITS.sectionText) },
});

export const context = (...md: string[]): ContextBlock => ({
  type: 'context',
  elements: md.slice(0, LIMITS.contextElements).map((t) => ({ type: 'mrkdwn', text: clip(t, LIMITS.text) })),
});

export const header = (plain: string): KnownBlock => ({
  type: 'header',
  text: { type: 'plain_text', text: clip(plain, LIMITS.headerText), emoji: true },
});

export const divider = (): KnownBlock => ({ type: 'divider' });

/**
 * The first of `lines` that fit in `budget` characters together (each with its line break), and how many
 * did not: a long list says "…and N more" with the command that shows them, instead of being cut short.
 */
export function linesWithin(lines: readonly string[], budget: number): { shown: string[]; hidden: number } {
  const shown: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 1 > budget) break;
    shown.push(line);
    used += line.length + 1;
  }
  return { shown, hidden: lines.length - shown.length };
}

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

/** The one way a message body is made: the fallback and the blocks, fitted to Slack's limits (fit.ts). */
export function message(fallback: string, blocks: KnownBlock[]): Message {
  return { text: clip(fallback, LIMITS.fallbackText), blocks: fitMessageBlocks(blocks) };
}

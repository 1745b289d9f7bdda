import type { KnownBlock } from '@slack/types';
import { Lexer, type Token, type Tokens } from 'marked';
import { clip, divider, esc, header, LIMITS, section } from './text';
import { decodeEntities } from '../wire';

/**
 * Standard Markdown (a filled template) to Block Kit, from marked's token tree — never by pattern-matching the
 * Markdown. Slack's `markdown` block would be shorter, but it drops tables and task lists, which nearly every
 * template has, and its 12,000-character budget is shared by the whole message; converting to mrkdwn sections
 * keeps both and lets us split on block boundaries.
 */

type Inline = Token;

/** Inline tokens as mrkdwn; `plain` drops the formatting (for link labels and table cells). */
export function inlineText(tokens: readonly Inline[] | undefined, plain = false): string {
  if (!tokens) return '';
  return tokens
    .map((t) => {
      switch (t.type) {
        case 'strong':
          return plain ? inlineText(t.tokens, true) : wrap('*', inlineText(t.tokens));
        case 'em':
          return plain ? inlineText(t.tokens, true) : wrap('_', inlineText(t.tokens));
        case 'del':
          return plain ? inlineText(t.tokens, true) : wrap('~', inlineText(t.tokens));
        case 'codespan':
          return plain ? esc(decode(t.text)) : `\`${esc(decode(t.text))}\``;
        case 'br':
          return '\n';
        case 'link': {
          const label = inlineText(t.tokens, true).replace(/[|>]/g, ' ');
          return plain ? label : `<${t.href.replace(/[|>\s]/g, encodeURIComponent)}|${label || esc(t.href)}>`;
        }
        case 'image':
          return plain ? esc(t.text) : `<${t.href}|${esc(t.text || t.href)}>`;
        case 'text':
          return 'tokens' in t && t.tokens ? inlineText(t.tokens, plain) : esc(decode(t.text));
        case 'escape':
          return esc(decode(t.text));
        default:
          return esc(decode('text' in t ? String(t.text) : t.raw));
      }
    })
    .join('');
}

// marked's lexer keeps HTML entities as written (`&amp;` stays); we decode them, then escape once ourselves.
const decode = decodeEntities;

/** Slack only pairs `*x*` when the markers hug the text: move surrounding spaces outside. */
function wrap(marker: string, inner: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner);
  if (!m?.[2]) return inner;
  return `${m[1]}${marker}${m[2]}${marker}${m[3]}`;
}

const BULLETS = ['•', '◦', '▪'];

function listLines(list: Tokens.List, depth: number): string[] {
  const indent = '    '.repeat(depth);
  const start = typeof list.start === 'number' ? list.start : 1;
  return list.items.flatMap((item, i) => {
    const marker = item.task
      ? item.checked
        ? '☑'
        : '☐'
      : list.ordered
        ? `${start + i}.`
        : BULLETS[depth % BULLETS.length];
    const own: string[] = [];
    const nested: string[] = [];
    for (const t of item.tokens) {
      if (t.type === 'list') nested.push(...listLines(t as Tokens.List, depth + 1));
      else if (t.type === 'checkbox') continue;
      else if (t.type === 'text' || t.type === 'paragraph') own.push(inlineText((t as Tokens.Text).tokens ?? [t]));
      else own.push(...blockText(t));
    }
    return [`${indent}${marker} ${own.join(' ').trim()}`, ...nested];
  });
}

const CELL_MAX = 30;
const TABLE_WIDTH = 72;

/** A table as fixed-width text when it fits a phone's width, else one line per row. */
function tableLines(table: Tokens.Table): string[] {
  // Widths are measured on the text as shown, so escaping comes after padding.
  const cell = (c: Tokens.TableCell) => clip(decode(inlineText(c.tokens, true)).replace(/\s+/g, ' ').trim(), CELL_MAX);
  const head = table.header.map(cell);
  const rows = table.rows.map((r) => r.map(cell));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  if (widths.reduce((a, b) => a + b + 3, 0) <= TABLE_WIDTH) {
    const line = (cells: string[]) =>
      esc(
        cells
          .map((c, i) => c.padEnd(widths[i] ?? 0))
          .join(' │ ')
          .trimEnd(),
      );
    return ['```', line(head), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...rows.map(line), '```'];
  }
  // Too wide for a phone: one line per row, each value labelled by its column; blank cells (to fill by hand) say so.
  return rows.map((r) => {
    const [first = '', ...rest] = r.map((c) => esc(c));
    const values = rest.map((c, i) => `${esc(head[i + 1] ?? '')}: ${c || '(blank)'}`).join(' · ');
    return `• ${first ? `*${first}* — ` : ''}${values}`;
  });
}

/** The mrkdwn text of one block-level token (empty for tokens that become their own block). */
function blockText(t: Token): string[] {
  switch (t.type) {
    case 'paragraph':
      return [inlineText((t as Tokens.Paragraph).tokens)];
    case 'text':
      return [inlineText((t as Tokens.Text).tokens ?? [t])];
    case 'list':
      return listLines(t as Tokens.List, 0);
    case 'blockquote':
      return (t as Tokens.Blockquote).tokens
        .flatMap(blockText)
        .join('\n')
        .split('\n')
        .map((l) => `> ${l}`);
    case 'code':
      return ['```', esc((t as Tokens.Code).text), '```'];
    case 'table':
      return tableLines(t as Tokens.Table);
    case 'html':
      return [esc((t as Tokens.HTML).text.trim())];
    case 'heading':
      return [wrap('*', inlineText((t as Tokens.Heading).tokens))];
    default:
      return [];
  }
}

/** Splits text longer than a section allows at line breaks, keeping code fences balanced. */
function splitLong(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const out: string[] = [];
  let current = '';
  let inCode = false;
  for (const raw of text.split('\n')) {
    const line = clip(raw, max - 8);
    if (current && current.length + line.length + 5 > max) {
      out.push(inCode ? `${current}\n\`\`\`` : current);
      current = inCode ? '```' : '';
    }
    current = current ? `${current}\n${line}` : line;
    if (raw.startsWith('```')) inCode = !inCode;
  }
  if (current) out.push(current);
  return out;
}

/** Every block the document needs, in order; long text is already split to fit a section. */
export function markdownToBlocks(markdown: string): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let pending: string[] = [];
  const flush = () => {
    const text = pending.join('\n\n').trim();
    pending = [];
    if (text) for (const piece of splitLong(text, LIMITS.sectionText)) blocks.push(section(piece));
  };
  for (const t of new Lexer({ gfm: true }).lex(markdown)) {
    if (t.type === 'heading' && (t as Tokens.Heading).depth === 1) {
      flush();
      blocks.push(header(decode(inlineText((t as Tokens.Heading).tokens, true))));
    } else if (t.type === 'hr') {
      flush();
      blocks.push(divider());
    } else if (t.type === 'heading') {
      // A heading starts a new section so that a long document splits at its headings.
      flush();
      pending.push(...blockText(t));
    } else {
      const text = blockText(t).join('\n');
      if (text.trim()) pending.push(text);
    }
  }
  flush();
  return blocks;
}

/** The characters Slack counts towards a message's block text. */
export function blockChars(block: KnownBlock): number {
  if ((block.type === 'section' || block.type === 'header') && block.text) return block.text.text.length;
  if (block.type === 'context') return block.elements.reduce((n, e) => n + ('text' in e ? e.text.length : 0), 0);
  return 0;
}

/** Groups blocks into messages within the block count and the summed-text budget. */
export function chunkBlocks(
  blocks: readonly KnownBlock[],
  maxBlocks: number = LIMITS.blocksPerMessage,
  maxChars: number = LIMITS.messageChars,
): KnownBlock[][] {
  const out: KnownBlock[][] = [];
  let current: KnownBlock[] = [];
  let chars = 0;
  for (const b of blocks) {
    const n = blockChars(b);
    if (current.length && (current.length + 1 > maxBlocks || chars + n > maxChars)) {
      out.push(current);
      current = [];
      chars = 0;
    }
    current.push(b);
    chars += n;
  }
  if (current.length) out.push(current);
  return out;
}

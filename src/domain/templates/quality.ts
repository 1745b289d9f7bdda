import { Lexer, type Token, type Tokens } from 'marked';
import type { Template } from './schema';

/**
 * The bar a library template must clear to read as a finished working document (DESIGN §4): enough substance,
 * structure, something to fill in or tick, and no free-text placeholders that rendering could not fill.
 */
export const QUALITY = { minWords: 350, minHeadings: 3 } as const;

function walk(tokens: readonly Token[], visit: (t: Token) => void): void {
  for (const t of tokens) {
    visit(t);
    const nested = t as Token & { tokens?: Token[]; items?: Token[] };
    if (nested.tokens) walk(nested.tokens, visit);
    if (nested.items) walk(nested.items, visit);
  }
}

/** `[Partner Name]`-style blanks a reader would have to fill by hand (links and `- [ ]` boxes are fine). */
export function bracketPlaceholders(body: string): string[] {
  return [...body.matchAll(/\[([^\]\n]{2,})\](?!\()/g)].map((m) => m[0]).filter((m) => !/^\[[ xX]\]$/.test(m));
}

export function qualityProblems(t: Template): string[] {
  const problems: string[] = [];
  const prose = t.body.replace(/\{\{[^}]*\}\}/g, ' x ');
  const words = prose.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  if (words < QUALITY.minWords)
    problems.push(`the body has ${words} words; a working document needs at least ${QUALITY.minWords}`);
  const tokens = new Lexer().lex(t.body);
  let headings = 0;
  let tables = 0;
  let tasks = 0;
  walk(tokens, (tok) => {
    if (tok.type === 'heading') headings += 1;
    if (tok.type === 'table') tables += 1;
    if (tok.type === 'list_item' && (tok as Tokens.ListItem).task) tasks += 1;
  });
  if (headings < QUALITY.minHeadings)
    problems.push(`the body has ${headings} headings; it needs at least ${QUALITY.minHeadings}`);
  if (tables + tasks === 0) problems.push('the body needs a table or a `- [ ]` checklist');
  const brackets = bracketPlaceholders(t.body);
  if (brackets.length)
    problems.push(`free-text placeholders ${brackets.slice(0, 3).join(', ')}: use a declared {{variable}} instead`);
  if (t.category === 'legal') {
    if (!t.variables.some((v) => v.source === 'company') || !t.variables.some((v) => v.source === 'partner')) {
      problems.push('a legal template names both parties: use {{company.*}} and {{partner.*}}');
    }
    if (!/draft/i.test(t.body) || !/legal review|review by (?:your )?(?:legal|counsel)|counsel/i.test(t.body)) {
      problems.push('a legal template must say it is a draft for legal review');
    }
  }
  return problems;
}

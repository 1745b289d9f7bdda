import Handlebars from 'handlebars';
import { Lexer, type Token, type Tokens } from 'marked';
import type { Template } from './schema';

/**
 * The bar a library template must clear to read as a finished working document: enough substance,
 * structure, something to fill in or tick, no free-text placeholders that rendering could not fill — and
 * nothing in it that is not the document: advice for whoever fills it lives in `guidance`, a missing answer
 * never becomes an invented fact, tiers come from the configuration, and a legal draft says what it is.
 */
export const QUALITY = { minWords: 350, minHeadings: 3 } as const;

/** Headings that speak to the person filling the document rather than to its reader. */
export const COACHING_HEADING =
  /^(?:common mistakes|mistakes to avoid|who (?:this|it) is for|when (?:to|you) use|decisions? (?:this|it) forces|how to use|tips?\b|before you send|notes? (?:for|to) the (?:filler|sender|author))/i;

/** Tier names written out in a body; the configured tiers are `partner.tier`, `partner.next_tier` and `{{#each tiers}}`. */
export const TIER_NAMES = /\b(?:Gold|Silver|Bronze|Platinum)\b/;

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

const COUNT_WORDS =
  /\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|dozen|several|few|many|most|half|double|percent|zero|none|minutes?|hours?|days?|weeks?|months?|quarters?|years?|annual(?:ly)?|monthly|weekly|daily)\b/i;
const NEUTRAL_OPENING = /^(?:the|a|an|your|our|their|its|each|every|to be|not yet|as agreed|as set)\b/i;

/**
 * Why a fallback for a missing answer would state something nobody entered, or null when it is a neutral
 * reference ("the partner's technical lead", "to be agreed"): never a number, a count, a duration or a claim.
 */
export function inventedFact(fallback: string): string | null {
  const text = fallback.trim();
  if (/[\d%$€£¥]/.test(text)) return 'states a number';
  if (COUNT_WORDS.test(text)) return 'states a count, an amount or a duration';
  if (/[.!?;:]/.test(text) || text.split(/\s+/).length > 8) return 'states a claim (a sentence, not a reference)';
  if (!NEUTRAL_OPENING.test(text))
    return 'is not a neutral reference such as "the partner\'s technical lead" or "to be agreed"';
  return null;
}

/** `{{default answers.x "…"}}` whose fallback invents a fact, as problems. */
export function inventedDefaults(body: string): string[] {
  const found: string[] = [];
  const answerIn = (e: hbs.AST.Expression | undefined): string | null => {
    if (e?.type === 'PathExpression') {
      const name = (e as hbs.AST.PathExpression).original;
      return name.startsWith('answers.') ? name : null;
    }
    if (e?.type === 'SubExpression') return answerIn((e as hbs.AST.SubExpression).params[0]);
    return null;
  };
  const call = (node: { path: hbs.AST.Expression; params: hbs.AST.Expression[] }) => {
    const helper = node.path.type === 'PathExpression' ? (node.path as hbs.AST.PathExpression).original : '';
    const answer = helper === 'default' ? answerIn(node.params[0]) : null;
    const fallback = node.params[1];
    if (answer && fallback) {
      const literal =
        fallback.type === 'StringLiteral'
          ? (fallback as hbs.AST.StringLiteral).value
          : fallback.type === 'NumberLiteral' || fallback.type === 'BooleanLiteral'
            ? String((fallback as hbs.AST.NumberLiteral).value)
            : null;
      const why = literal === null ? null : inventedFact(literal);
      if (why)
        found.push(
          `the default "${literal}" for ${answer} ${why}: show the placeholder, or leave the sentence out with {{#if}}`,
        );
    }
    node.params.forEach(visit);
  };
  function visit(n: hbs.AST.Node): void {
    if (n.type === 'Program') (n as hbs.AST.Program).body.forEach(visit);
    else if (n.type === 'MustacheStatement' || n.type === 'SubExpression') call(n as hbs.AST.SubExpression);
    else if (n.type === 'BlockStatement') {
      const b = n as hbs.AST.BlockStatement;
      b.params.forEach(visit);
      visit(b.program);
      if (b.inverse) visit(b.inverse);
    }
  }
  visit(Handlebars.parse(body));
  return found;
}

/** A legal draft: every legal template, and any other marked `legal_draft: true` (a term sheet). */
export const isLegalDraft = (t: Pick<Template, 'category' | 'legal_draft'>): boolean =>
  t.legal_draft ?? t.category === 'legal';

/** The first thing under the title: a legal draft says there that it is a draft for counsel, between whom. */
export function openingLine(body: string): string {
  const first = new Lexer().lex(body).find((t) => t.type !== 'heading' && t.type !== 'space' && t.type !== 'hr');
  return first?.raw.trim() ?? '';
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
    if (tok.type === 'heading') {
      headings += 1;
      const text = (tok as Tokens.Heading).text.replace(/[*_`]/g, '').replace(/^\d+[.)]\s*/, '');
      if (COACHING_HEADING.test(text))
        problems.push(`the heading "${text}" is advice for whoever fills the document: move it into guidance`);
    }
    if (tok.type === 'table') tables += 1;
    if (tok.type === 'list_item' && (tok as Tokens.ListItem).task) tasks += 1;
  });
  if (headings < QUALITY.minHeadings)
    problems.push(`the body has ${headings} headings; it needs at least ${QUALITY.minHeadings}`);
  if (tables + tasks === 0) problems.push('the body needs a table or a `- [ ]` checklist');
  const brackets = bracketPlaceholders(t.body);
  if (brackets.length)
    problems.push(`free-text placeholders ${brackets.slice(0, 3).join(', ')}: use a declared {{variable}} instead`);
  problems.push(...inventedDefaults(t.body));
  const tier = TIER_NAMES.exec(t.body);
  if (tier)
    problems.push(
      `the body names the tier "${tier[0]}": tiers are configured, so use partner.tier, partner.next_tier or {{#each tiers}}`,
    );
  if (t.category === 'legal' || isLegalDraft(t)) {
    if (!t.variables.some((v) => v.source === 'company') || !t.variables.some((v) => v.source === 'partner')) {
      problems.push('a legal template names both parties: use {{company.*}} and {{partner.*}}');
    }
  }
  if (isLegalDraft(t)) {
    const opening = openingLine(t.body);
    if (!/\bdraft\b/i.test(opening) || !/\bcounsel\b/i.test(opening))
      problems.push('a legal draft opens with a line saying it is a draft for review by counsel');
    if (!opening.includes('{{company.name}}') || !opening.includes('{{partner.name}}'))
      problems.push('the draft notice names both parties: {{company.name}} and {{partner.name}}');
  }
  return problems;
}

/** A time written out ("1 hour", "2 business days", "24x7") rather than taken from an answer. */
const LITERAL_TIME = /\b\d+(?:\.\d+)?\s*(?:minutes?|hours?|business days?|working days?|days?)\b|\b24\s*[x×/]\s*7\b/i;

/**
 * The rows of a body's severity table ("| Sev 1 | … |"), by severity: the answers each row takes its
 * times from, and any time written into the row itself. Two documents that state service levels must
 * agree row by row, so both read the same answers and neither hard-codes a commitment.
 */
export function severityRows(body: string): Map<string, { answers: Set<string>; literalTimes: string[] }> {
  const rows = new Map<string, { answers: Set<string>; literalTimes: string[] }>();
  for (const line of body.split('\n')) {
    if (!line.trimStart().startsWith('|')) continue;
    const severity = /\bSev(?:erity)?\s*([1-4])\b/i.exec(line)?.[1];
    if (!severity) continue;
    const row = rows.get(severity) ?? { answers: new Set<string>(), literalTimes: [] };
    for (const m of line.matchAll(/answers\.([a-z][a-z0-9_]*)/g)) row.answers.add(m[1] as string);
    const literal = LITERAL_TIME.exec(line.replace(/\{\{[^}]*\}\}/g, ' '));
    if (literal) row.literalTimes.push(literal[0]);
    rows.set(severity, row);
  }
  return rows;
}

import { Lexer, type Tokens } from 'marked';
import type { CategoryGroup } from '../../domain/templates/library';
import type { FilledDocument } from '../../domain/templates/service';
import type { Category, Template } from '../../domain/templates/schema';
import { columns, indented, lines, runHint } from './format';

/** The template library and its documents, as plain lines; documents are printed as the Markdown they are. */

const title = (c: string) => c.charAt(0).toUpperCase() + c.slice(1);
const pad = (n: number) => String(n).padStart(2, '0');

export function catalogue(groups: readonly CategoryGroup[], total: number, category?: Category): string {
  const count = groups.reduce((n, g) => n + g.templates.length, 0);
  return lines(
    category ? `Templates — ${title(category)} (${count})` : `Template library (${total})`,
    groups.flatMap((g) => [
      '',
      `${title(g.category)} (${g.templates.length})`,
      ...columns(g.templates.map((t) => [pad(t.number), t.id, t.title, `${t.tier}+`, t.time_required, t.difficulty])),
    ]),
    '',
    `Describe one: ${runHint('template <id>')} · fill it for a partner: ${runHint('template <id> "Partner name"')}`,
  );
}

function outline(markdown: string): string[] {
  return new Lexer()
    .lex(markdown)
    .filter((t): t is Tokens.Heading => t.type === 'heading' && t.depth >= 2)
    .map((h) => `${'    '.repeat(h.depth - 2)}  • ${h.text.replace(/[*_`]/g, '')}`);
}

export function templateInfo(t: Template, blankMarkdown: string): string {
  return lines(
    t.title,
    t.description,
    `${t.id} · v${t.version} · updated ${t.last_updated}`,
    '',
    columns([
      ['Category', title(t.category)],
      ['Lowest tier', t.tier],
      ['Phase', t.phase],
      ['Time', t.time_required],
      ['Difficulty', t.difficulty],
      ['Skill level', t.skill_level],
    ]),
    '',
    'How to use it',
    indented(t.purpose, '  '),
    '  Before you start:',
    t.prerequisites.map((p) => `    • ${p}`),
    '',
    `About the ${t.title}`,
    indented(t.guidance, '  '),
    '',
    'Outline',
    outline(blankMarkdown),
    '',
    'Values it fills in (a missing one shows as ‹placeholder›)',
    t.variables.map((v) => `  • ${v.name} — ${v.description}${v.required ? '' : ' (optional)'}`),
    '',
    'You come away with',
    t.outcomes.map((o) => `  • ${o}`),
    '',
    `Related: ${t.related.join(' · ')}`,
    `Fill it for a partner: ${runHint(`template ${t.id} "Partner name"`)}`,
  );
}

/** A filled document: what was saved and what is still to fill, then the document itself. */
export function filledDocument(filled: FilledDocument): string {
  const { document, rendered } = filled;
  const required = rendered.missing.filter((m) => m.required).map((m) => `‹${m.label}›`);
  const optional = rendered.missing.filter((m) => !m.required).map((m) => `‹${m.label}›`);
  return lines(
    `${document.title} v${document.version} — saved as version ${document.version} (${filled.fileName})`,
    required.length
      ? `Still to fill (${required.length}): ${required.join(' · ')}`
      : 'Every required value is filled in.',
    optional.length > 0 && `Optional, left as placeholders: ${optional.join(' · ')}`,
    '',
    rendered.markdown.replace(/\n+$/, ''),
  );
}

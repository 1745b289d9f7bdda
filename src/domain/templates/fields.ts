import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Handlebars from 'handlebars';
import { load as parseYaml } from 'js-yaml';
import { z } from 'zod';
import { issuePath } from '../library-files';
import { FieldSchema, type Playbook, type PlaybookField } from '../playbooks/schema';
import type { Template } from './schema';

/**
 * One definition (question, type, range) for every `answers.*` a template uses: the field of the playbook
 * that asks it (the first playbook in library order), or an entry of the field catalogue, `fields.yaml` at
 * the root of a template folder, for answers no playbook asks. The fill-in form of a document asks exactly
 * these definitions, so an answer without one could never be filled.
 */

export const CATALOGUE_FILE = 'fields.yaml';

const CatalogueSchema = z
  .object({
    fields: z.array(FieldSchema, { error: 'fields must be a list of fields' }),
  })
  .strict();

export interface FieldDefinition extends PlaybookField {
  /** Where it is defined: `playbook <id>` or the catalogue file. */
  readonly definedIn: string;
}

export interface DefinitionProblem {
  readonly file: string;
  readonly path: string;
  readonly message: string;
}

/** The catalogues under each template root (a missing file is an empty catalogue). */
export function loadFieldCatalogue(
  roots: readonly string[],
  base = process.cwd(),
): { fields: FieldDefinition[]; problems: DefinitionProblem[] } {
  const fields: FieldDefinition[] = [];
  const problems: DefinitionProblem[] = [];
  const seen = new Map<string, string>();
  for (const root of roots) {
    const file = join(root, CATALOGUE_FILE);
    const shown = relative(base, file) || file;
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    let raw: unknown;
    try {
      raw = parseYaml(source);
    } catch (e) {
      problems.push({ file: shown, path: '(file)', message: `not valid YAML: ${(e as Error).message.split('\n')[0]}` });
      continue;
    }
    const parsed = CatalogueSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push({
          file: shown,
          path: issuePath(issue, '(file)'),
          message: issue.code === 'unrecognized_keys' ? `unknown key ${issue.keys.join(', ')}` : issue.message,
        });
      continue;
    }
    for (const [i, field] of parsed.data.fields.entries()) {
      const twin = seen.get(field.id);
      if (twin)
        problems.push({ file: shown, path: `fields[${i}].id`, message: `${field.id} is already defined in ${twin}` });
      else {
        seen.set(field.id, shown);
        fields.push({ ...field, definedIn: shown });
      }
    }
  }
  return { fields, problems };
}

/** Every definition by answer id: playbooks first (library order, first asker wins), then the catalogue. */
export function answerDefinitions(
  playbooks: readonly Playbook[],
  catalogue: readonly FieldDefinition[],
): ReadonlyMap<string, FieldDefinition> {
  const byId = new Map<string, FieldDefinition>();
  for (const p of playbooks)
    for (const step of p.steps)
      for (const field of step.fields)
        if (!byId.has(field.id)) byId.set(field.id, { ...field, definedIn: `playbook ${p.id}` });
  for (const field of catalogue) if (!byId.has(field.id)) byId.set(field.id, field);
  return byId;
}

type Use = 'percent' | 'currency' | 'duration';

/**
 * How a body prints each answer that needs a range: `{{percent x}}`, `{{currency x}}` (also inside
 * `percent_of`), or a number followed by a unit of time ("{{answers.term_months}} months").
 */
export function rangedUses(body: string): Map<string, Set<Use>> {
  const uses = new Map<string, Set<Use>>();
  const mark = (e: hbs.AST.Expression | undefined, use: Use) => {
    if (e?.type === 'PathExpression') {
      const name = (e as hbs.AST.PathExpression).original;
      if (!name.startsWith('answers.')) return;
      const id = name.slice('answers.'.length);
      uses.set(id, (uses.get(id) ?? new Set()).add(use));
    } else if (e?.type === 'SubExpression') {
      const sub = e as hbs.AST.SubExpression;
      const helper = (sub.path as hbs.AST.PathExpression).original;
      if (helper === 'percent_of') {
        mark(sub.params[0], 'currency');
        mark(sub.params[1], 'percent');
      } else if (helper === 'default') mark(sub.params[0], use);
    }
  };
  const call = (node: { path: hbs.AST.Expression; params: hbs.AST.Expression[] }) => {
    const helper = node.path.type === 'PathExpression' ? (node.path as hbs.AST.PathExpression).original : '';
    if (helper === 'percent') mark(node.params[0], 'percent');
    if (helper === 'currency') mark(node.params[0], 'currency');
    for (const p of node.params) if (p.type === 'SubExpression') visit(p);
  };
  const visitAll = (statements: readonly hbs.AST.Statement[]) => {
    statements.forEach((n, i) => {
      visit(n);
      const next = statements[i + 1];
      if (
        n.type === 'MustacheStatement' &&
        next?.type === 'ContentStatement' &&
        /^\s*(?:days?|months?|years?|hours?|weeks?|business days?)\b/.test((next as hbs.AST.ContentStatement).value)
      ) {
        const m = n as hbs.AST.MustacheStatement;
        const helper = (m.path as hbs.AST.PathExpression).original;
        if (m.params.length === 0) mark(m.path, 'duration');
        else if (helper === 'number') mark(m.params[0], 'duration');
      }
    });
  };
  function visit(n: hbs.AST.Node): void {
    if (n.type === 'Program') visitAll((n as hbs.AST.Program).body);
    else if (n.type === 'MustacheStatement' || n.type === 'SubExpression') call(n as hbs.AST.SubExpression);
    else if (n.type === 'BlockStatement') {
      const b = n as hbs.AST.BlockStatement;
      visit(b.program);
      if (b.inverse) visit(b.inverse);
    }
  }
  visit(Handlebars.parse(body));
  return uses;
}

/**
 * What keeps answers trustworthy across the library: each answer a template uses has one definition,
 * no catalogue entry shadows a playbook field, and a number printed as a percentage, money or a
 * duration has a range the coach enforces.
 */
export function definitionProblems(
  templates: readonly Template[],
  playbooks: readonly Playbook[],
  catalogue: readonly FieldDefinition[],
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const asked = answerDefinitions(playbooks, []);
  for (const field of catalogue) {
    const other = asked.get(field.id);
    if (other)
      problems.push({
        file: field.definedIn,
        path: field.id,
        message: `${field.id} is asked by ${other.definedIn}: an answer has one definition, so remove it from the catalogue`,
      });
  }
  const definitions = answerDefinitions(playbooks, catalogue);
  for (const t of templates) {
    for (const v of t.variables) {
      if (v.source !== 'answers') continue;
      const id = v.name.slice('answers.'.length);
      if (!definitions.has(id))
        problems.push({
          file: t.file,
          path: `variables: ${v.name}`,
          message: `no playbook asks ${id} and ${CATALOGUE_FILE} does not define it, so it could never be filled`,
        });
    }
    for (const [id, uses] of rangedUses(t.body)) {
      const field = definitions.get(id);
      if (field?.type === 'number' && (field.min === undefined || field.max === undefined))
        problems.push({
          file: field.definedIn,
          path: id,
          message: `${t.id} prints ${id} as ${[...uses].join(' and ')}: give the field a min and a max`,
        });
    }
  }
  return problems;
}

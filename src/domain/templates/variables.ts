import Handlebars from 'handlebars';

/**
 * What a template body may refer to, read from Handlebars' own syntax tree (never by pattern-matching `{{…}}`):
 * which variables it uses, which helpers, and whether it stays inside the small language we support.
 */

type Node = hbs.AST.Node;
type Expression = hbs.AST.Expression;

/** The fields each source offers; `answers.*` is open (a playbook field id); `tier.*` exists inside `{{#each tiers}}`. */
export const KNOWN_FIELDS: Readonly<Record<'company' | 'partner' | 'user' | 'tier', readonly string[]>> = {
  company: ['name', 'website', 'product', 'value_proposition', 'contact.name', 'contact.email'],
  partner: [
    'name',
    'tier',
    'type',
    'stage',
    'health',
    'health_band',
    'owner',
    'channel',
    'vertical',
    'since',
    'qbr_every_months',
    'top_tier',
    'entry_tier',
    'next_tier',
    'tier_mdf_budget',
  ],
  user: ['name'],
  tier: [
    'name',
    'qbr_every_months',
    'discount_percent',
    'commission_percent',
    'mdf_budget',
    'min_annual_revenue',
    'min_certified_people',
    'benefits',
    'requirements',
  ],
};

/** Inline helpers (`{{date today}}`, `{{currency answers.deal_size}}`) and the block helpers we allow. */
export const INLINE_HELPERS = [
  'date',
  'add_days',
  'add_months',
  'currency',
  'number',
  'percent',
  'percent_of',
  'plus',
  'minus',
  'divide',
  'default',
  'eq',
] as const;
export const BLOCK_HELPERS = ['if', 'unless', 'each'] as const;
/** The one list a template may loop over: the configured tiers, highest first, each seen as `tier.*`. */
export const LOOP_LIST = 'tiers';

export interface BodyAnalysis {
  readonly used: ReadonlySet<string>;
  readonly problems: readonly string[];
}

/** A variable name a template may use, or a sentence saying why not. */
export function checkVariableName(name: string): string | undefined {
  if (name === 'today') return undefined;
  const [root, ...rest] = name.split('.');
  const field = rest.join('.');
  if (root === 'answers')
    return /^[a-z][a-z0-9_]*$/.test(field)
      ? undefined
      : `answers.${field} must be answers.<field_id> (one snake_case word)`;
  if (root === 'company' || root === 'partner' || root === 'user' || root === 'tier') {
    return KNOWN_FIELDS[root].includes(field)
      ? undefined
      : `${name} is not a known field (${root} has ${KNOWN_FIELDS[root].join(', ')})`;
  }
  return `${name} does not start with today, company., partner., user., tier. or answers.`;
}

const isHelper = (name: string) => (INLINE_HELPERS as readonly string[]).includes(name);

/** Walks every expression of the body; paths that are not helpers are variables. */
export function analyseBody(body: string): BodyAnalysis {
  const used = new Set<string>();
  const problems: string[] = [];
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(body);
  } catch (e) {
    return { used, problems: [`the body is not valid Handlebars: ${(e as Error).message.split('\n')[0]}`] };
  }
  let inLoop = false;
  const variable = (path: hbs.AST.PathExpression) => {
    if (path.data || path.depth > 0 || path.original.startsWith('this')) {
      problems.push(`{{${path.original}}} is not supported: name the variable in full, e.g. {{partner.name}}`);
      return;
    }
    if (path.original.startsWith('tier.') && !inLoop)
      problems.push(`${path.original} is only known inside {{#each ${LOOP_LIST}}}…{{/each}}`);
    used.add(path.original);
    const problem = checkVariableName(path.original);
    if (problem) problems.push(problem);
  };
  const expression = (e: Expression): void => {
    if (e.type === 'PathExpression') variable(e as hbs.AST.PathExpression);
    else if (e.type === 'SubExpression') call(e as hbs.AST.SubExpression);
  };
  const call = (node: { path: Expression; params: Expression[]; hash?: hbs.AST.Hash }) => {
    const name = (node.path as hbs.AST.PathExpression).original;
    if (!isHelper(name)) problems.push(`{{${name} …}} is not a helper we offer (${INLINE_HELPERS.join(', ')})`);
    node.params.forEach(expression);
    for (const p of node.hash?.pairs ?? []) expression(p.value);
  };
  // A loop runs over the configured tiers only, one level deep: each row of a tier table reads `tier.*`.
  const eachBlock = (b: hbs.AST.BlockStatement) => {
    const list = b.params[0];
    const overTiers =
      b.params.length === 1 &&
      list?.type === 'PathExpression' &&
      (list as hbs.AST.PathExpression).original === LOOP_LIST;
    if (!overTiers || b.program.blockParams?.length)
      problems.push(
        `{{#each …}} loops over ${LOOP_LIST} only, written {{#each ${LOOP_LIST}}}, and reads tier.* inside`,
      );
    if (inLoop) problems.push(`{{#each ${LOOP_LIST}}} cannot be nested`);
    const outer = inLoop;
    inLoop = true;
    visit(b.program);
    inLoop = outer;
    if (b.inverse) visit(b.inverse);
  };
  const visit = (n: Node): void => {
    switch (n.type) {
      case 'Program':
        (n as hbs.AST.Program).body.forEach(visit);
        break;
      case 'MustacheStatement': {
        const m = n as hbs.AST.MustacheStatement;
        if (
          m.params.length === 0 &&
          !m.hash &&
          m.path.type === 'PathExpression' &&
          !isHelper((m.path as hbs.AST.PathExpression).original)
        )
          expression(m.path);
        else call(m);
        break;
      }
      case 'BlockStatement': {
        const b = n as hbs.AST.BlockStatement;
        const name = (b.path as hbs.AST.PathExpression).original;
        if (!(BLOCK_HELPERS as readonly string[]).includes(name))
          problems.push(`{{#${name}}} is not supported: use {{#if …}}, {{#unless …}} or {{#each ${LOOP_LIST}}}`);
        if (name === 'each') {
          eachBlock(b);
          break;
        }
        b.params.forEach(expression);
        if (b.program) visit(b.program);
        if (b.inverse) visit(b.inverse);
        break;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement':
      case 'DecoratorBlock':
      case 'Decorator':
        problems.push('partials and decorators are not supported in templates');
        break;
      default:
        break;
    }
  };
  visit(program);
  return { used, problems: [...new Set(problems)] };
}

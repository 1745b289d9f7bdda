import Handlebars from 'handlebars';
import { DateTime } from 'luxon';
import type { Template, TemplateVariable } from './schema';
import { INLINE_HELPERS } from './variables';

/**
 * Fills a template. Every variable goes through one lookup, so a value that is missing becomes a visible
 * placeholder (‹partner contact name›) and is reported — never a silent blank and never a raw `{{…}}`.
 */

export interface PartnerFacts {
  name: string;
  tier: string;
  type: string | null;
  stage: string;
  health: number | null;
  health_band: string | null;
  owner: string | null;
  channel: string | null;
  vertical: string | null;
  since: string;
  qbr_every_months: number | null;
  /** The partner's tier is the highest configured one (tiers are listed highest first). */
  top_tier: boolean;
  /** The partner's tier is the lowest configured one: where new partners start. */
  entry_tier: boolean;
  /** The tier above the partner's, null at the top. */
  next_tier: string | null;
  /** Market development funds a partner of this tier may request per year, when configured. */
  tier_mdf_budget: number | null;
}

/** How a tier figure the company has not configured reads in its placeholder: ‹Gold revenue requirement›. */
const TIER_LABELS: Readonly<Record<string, string>> = {
  min_annual_revenue: 'revenue requirement',
  min_certified_people: 'certification requirement',
  discount_percent: 'discount',
  commission_percent: 'commission',
  mdf_budget: 'MDF budget',
};

/** One configured tier, as `{{#each tiers}}` shows it (`tier.*`); a figure not configured is null. */
export interface TierFacts {
  name: string;
  qbr_every_months: number;
  discount_percent: number | null;
  commission_percent: number | null;
  mdf_budget: number | null;
  min_annual_revenue: number | null;
  min_certified_people: number | null;
  /** The configured lines joined with "; ", null when none. */
  benefits: string | null;
  requirements: string | null;
}

export interface RenderInput {
  company: {
    name?: string;
    website?: string;
    product?: string;
    value_proposition?: string;
    contact: { name?: string; email?: string };
  };
  partner?: PartnerFacts;
  user: { name: string | null };
  answers: Readonly<Record<string, string | number | null | undefined>>;
  /** The configured tiers, highest first. */
  tiers: readonly TierFacts[];
  today: string;
  currency: string;
}

export interface MissingValue {
  name: string;
  label: string;
  required: boolean;
}
export interface Rendered {
  markdown: string;
  missing: MissingValue[];
}

/** The placeholder a reader sees: `partner.owner` → ‹partner owner›, `answers.deal_size` → ‹deal size›. */
export function placeholderLabel(name: string): string {
  const [root, ...rest] = name.split('.');
  const words = rest.join(' ').replace(/_/g, ' ');
  if (root === 'answers') return words;
  if (root === 'user') return 'your name';
  if (root === 'today') return 'today';
  return `${root} ${words}`;
}

/**
 * A value that was not there. Helpers pass it along untouched (`default` replaces it), so it reaches the
 * output wherever it was going; turning it into text is what shows the placeholder and records it as missing.
 * `seen` maps each label shown to the variable behind it (one tier variable shows once per tier).
 */
class Missing {
  constructor(
    readonly name: string,
    private readonly seen: Map<string, string>,
    readonly label = placeholderLabel(name),
  ) {}
  toString(): string {
    this.seen.set(this.label, this.name);
    return `‹${this.label}›`;
  }
}

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function lookup(root: unknown, name: string): unknown {
  let cur = root;
  for (const key of name.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

interface RenderData {
  root: RenderInput;
  missing: Map<string, string>;
}
type HelperOptions = { data: RenderData };

const toDate = (v: unknown): DateTime | undefined => {
  if (typeof v !== 'string') return undefined;
  const d = DateTime.fromISO(v.trim(), { zone: 'utc' });
  return d.isValid ? d : undefined;
};
const toNumber = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.replace(/[,\s%$€£]/g, '')) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

/** Formats a present value; a missing one goes on as it is. */
const format = (f: (v: unknown, data: RenderData) => string) => (v: unknown, options: HelperOptions) =>
  v instanceof Missing ? v : f(v, options.data);

function registerHelpers(hb: typeof Handlebars): void {
  // Inside {{#each tiers}} the context (`this`) is the tier of the row: `tier.x` is read from it.
  function value(this: unknown, name: string, options: HelperOptions) {
    if (name.startsWith('tier.')) {
      const tier = this as Partial<TierFacts> | undefined;
      const v = lookup(tier, name.slice('tier.'.length));
      const field = name.slice('tier.'.length);
      const label = `${tier?.name ?? 'tier'} ${TIER_LABELS[field] ?? field.replace(/_/g, ' ')}`;
      return isBlank(v) ? new Missing(name, options.data.missing, label) : v;
    }
    const v = lookup(options.data.root, name);
    return isBlank(v) ? new Missing(name, options.data.missing) : v;
  }
  hb.registerHelper('var', value);
  hb.registerHelper(
    'date',
    format((x) => toDate(x)?.toFormat('MMMM d, yyyy') ?? String(x)),
  );
  const shift = (unit: 'days' | 'months') => (v: unknown, n: unknown) => {
    if (v instanceof Missing) return v;
    const d = toDate(v);
    return d ? d.plus({ [unit]: Number(n) || 0 }).toISODate() : v;
  };
  hb.registerHelper('add_days', shift('days'));
  hb.registerHelper('add_months', shift('months'));
  hb.registerHelper(
    'currency',
    format((x, data) => {
      const n = toNumber(x);
      if (n === undefined) return String(x);
      return new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency: data.root.currency,
        maximumFractionDigits: n % 1 === 0 ? 0 : 2,
      }).format(n);
    }),
  );
  hb.registerHelper(
    'number',
    format((x) => {
      const n = toNumber(x);
      return n === undefined ? String(x) : new Intl.NumberFormat('en-US').format(n);
    }),
  );
  hb.registerHelper(
    'percent',
    format((x) => {
      const n = toNumber(x);
      return n === undefined ? String(x) : `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(n)}%`;
    }),
  );
  // `{{currency (percent_of answers.deal_size answers.commission_rate)}}`: a worked example from the partner's own
  // figures; either one missing passes its placeholder on, so no amount is ever made up.
  hb.registerHelper('percent_of', (amount: unknown, rate: unknown) => {
    if (amount instanceof Missing) return amount;
    if (rate instanceof Missing) return rate;
    const a = toNumber(amount);
    const r = toNumber(rate);
    return a === undefined || r === undefined ? String(amount) : Math.round(a * r) / 100;
  });
  // Arithmetic for analyses (cost per deal, ROI, pipeline cover) from figures that were entered, never assumed.
  const arithmetic = (f: (a: number, b: number) => number | undefined) => (a: unknown, b: unknown) => {
    if (a instanceof Missing) return a;
    if (b instanceof Missing) return b;
    const x = toNumber(a);
    const y = toNumber(b);
    const result = x === undefined || y === undefined ? undefined : f(x, y);
    return result === undefined || !Number.isFinite(result) ? '–' : Math.round(result * 100) / 100;
  };
  hb.registerHelper(
    'plus',
    arithmetic((a, b) => a + b),
  );
  hb.registerHelper(
    'minus',
    arithmetic((a, b) => a - b),
  );
  // Dividing by zero has no answer: it shows as a dash rather than a made-up figure.
  hb.registerHelper(
    'divide',
    arithmetic((a, b) => (b === 0 ? undefined : a / b)),
  );
  hb.registerHelper('default', (v: unknown, fallback: unknown) => (v instanceof Missing ? fallback : v));
  hb.registerHelper(
    'eq',
    (a: unknown, b: unknown) =>
      !(a instanceof Missing) && !(b instanceof Missing) && String(a).toLowerCase() === String(b).toLowerCase(),
  );
}

const helpersAndVars = (() => {
  const hb = Handlebars.create();
  registerHelpers(hb);
  return hb;
})();

const stringLiteral = (value: string, loc: hbs.AST.SourceLocation): hbs.AST.StringLiteral => ({
  type: 'StringLiteral',
  value,
  original: value,
  loc,
});
const helperPath = (name: string, loc: hbs.AST.SourceLocation): hbs.AST.PathExpression =>
  ({ type: 'PathExpression', data: false, depth: 0, parts: [name], original: name, loc }) as hbs.AST.PathExpression;
const isHelperName = (name: string) => (INLINE_HELPERS as readonly string[]).includes(name);

/** Routes every variable through the `var` helper, printed or passed to a helper or a block. */
function rewrite(node: hbs.AST.Node): void {
  const asVar = (e: hbs.AST.Expression): hbs.AST.Expression => {
    if (e.type === 'PathExpression') {
      const p = e as hbs.AST.PathExpression;
      return {
        type: 'SubExpression',
        path: helperPath('var', p.loc),
        params: [stringLiteral(p.original, p.loc)],
        hash: { type: 'Hash', pairs: [], loc: p.loc },
        loc: p.loc,
      } as hbs.AST.SubExpression;
    }
    if (e.type === 'SubExpression') {
      const s = e as hbs.AST.SubExpression;
      s.params = s.params.map(asVar);
    }
    return e;
  };
  if (node.type === 'Program') (node as hbs.AST.Program).body.forEach(rewrite);
  if (node.type === 'MustacheStatement') {
    const m = node as hbs.AST.MustacheStatement;
    const name = (m.path as hbs.AST.PathExpression).original;
    if (m.params.length === 0 && !isHelperName(name)) {
      m.params = [stringLiteral(name, m.path.loc)];
      m.path = helperPath('var', m.path.loc);
    } else m.params = m.params.map(asVar);
  }
  if (node.type === 'BlockStatement') {
    const b = node as hbs.AST.BlockStatement;
    b.params = b.params.map(asVar);
    if (b.program) rewrite(b.program);
    if (b.inverse) rewrite(b.inverse);
  }
}

// `if`/`unless` must see a missing value as false, not as the Missing object.
const unwrapBlocks = Handlebars.create();
for (const name of ['if', 'unless'] as const) {
  const original = unwrapBlocks.helpers[name] as Handlebars.HelperDelegate;
  helpersAndVars.registerHelper(name, function (this: unknown, v: unknown, options: Handlebars.HelperOptions) {
    return original.call(this, v instanceof Missing ? undefined : v, options);
  });
}

const compiled = new WeakMap<Template, Handlebars.TemplateDelegate<RenderInput>>();

function compile(template: Template): Handlebars.TemplateDelegate<RenderInput> {
  let fn = compiled.get(template);
  if (!fn) {
    const ast = Handlebars.parse(template.body);
    rewrite(ast);
    // noEscape: values go into Markdown, not HTML; Handlebars' HTML entities would show literally.
    fn = helpersAndVars.compile<RenderInput>(ast, { noEscape: true, knownHelpersOnly: false });
    compiled.set(template, fn);
  }
  return fn;
}

/** Fills the template; `missing` lists each placeholder shown once, required ones first. */
export function renderTemplate(template: Template, input: RenderInput): Rendered {
  const missing = new Map<string, string>();
  const markdown = compile(template)(input, { data: { missing } });
  const declared = new Map<string, TemplateVariable>(template.variables.map((v) => [v.name, v]));
  const list = [...missing]
    .map(([label, name]) => ({ name, label, required: declared.get(name)?.required ?? true }))
    .sort((a, b) => Number(b.required) - Number(a.required));
  return { markdown: `${markdown.trim()}\n`, missing: list };
}

import type { FieldType } from '../playbooks/schema';
import type { TemplateVariable } from '../templates/schema';

/**
 * The original PartnerOS marks each blank as `[Bracketed Text]`. Here each becomes a Handlebars variable:
 * the well-known ones (`[Your Company]`, `[Partner Company]`, `[Date]`…) a variable PartnerOS already fills,
 * every other one an `answers.<id>` with a question a playbook step can ask.
 */

export interface AnswerField {
  readonly id: string;
  readonly question: string;
  readonly type: FieldType;
  /** The placeholder as written, e.g. `[Launch Date]`. */
  readonly placeholder: string;
}

export interface ConvertedBody {
  readonly body: string;
  readonly variables: TemplateVariable[];
  /** One per answers.* variable, in order of first use. */
  readonly fields: AnswerField[];
}

const KNOWN: readonly [RegExp, string, string][] = [
  [/^(your |our )?company( name)?$/i, 'company.name', 'Your company’s name'],
  [/^(your |our )?product( name)?$/i, 'company.product', 'Your product'],
  [/^(your |our )?(company )?website$/i, 'company.website', 'Your website'],
  [/^partner( company| name| company name| organi[sz]ation)?$/i, 'partner.name', 'The partner’s name'],
  [/^partner tier$|^tier$/i, 'partner.tier', 'The partner’s tier'],
  [/^(partner )?(vertical|industry)$/i, 'partner.vertical', 'The partner’s vertical'],
  [/^(your name|name of (the )?author|author|prepared by)$/i, 'user.name', 'Who prepared the document'],
  [/^(today'?s? )?date$|^current date$/i, 'today', 'The day the document is filled'],
];

/**
 * `[Text]` that is a blank: not a link (`[text](url)`, `[text][ref]`, `[ref]: url`), not a task box
 * (`[ ]`, `[x]`), not a footnote number, and short enough to be a label.
 */
const PLACEHOLDER = /(?<![\\\]])\[([^[\]\n]{1,60})\](?![([])/g;

export function isPlaceholder(inner: string): boolean {
  const text = inner.trim();
  if (!/\p{L}/u.test(text)) return false; // [ ], [1], [$]
  return /^[\p{L}$#%]/u.test(text);
}

function fieldId(label: string): string {
  const words = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const id = /^[a-z]/.test(words) ? words : `value_${words}`;
  return id.slice(0, 40).replace(/_+$/, '') || 'value';
}

function fieldType(label: string): FieldType {
  if (/\b(date|deadline|day)\b/i.test(label)) return 'date';
  if (/\be-?mail\b/i.test(label)) return 'email';
  if (/\b(url|website|link|web site)\b/i.test(label)) return 'url';
  return 'text';
}

/** "What is the launch date?" — one question, one `?`, as the playbook schema wants. */
function questionFor(label: string): string {
  const clean = label.replace(/\?/g, '').replace(/\s+/g, ' ').trim();
  // Keep acronyms and names (QBR, SE, Acme) as written; lower-case ordinary words.
  const phrase = clean
    .split(' ')
    .map((w) => (/^[A-Z][a-z]+$|^[A-Z][a-z]*(?:-[A-Za-z][a-z]*)+$/.test(w) ? w.toLowerCase() : w))
    .join(' ');
  return `What is the ${phrase}?`.slice(0, 200);
}

/** Replaces every placeholder in a Markdown body and declares what it now uses. */
export function convertPlaceholders(source: string): ConvertedBody {
  const variables = new Map<string, TemplateVariable>();
  const fields = new Map<string, AnswerField>();
  // A literal `{{` in the original would be read as Handlebars: escape it first.
  const escaped = source.replace(/\{\{/g, '\\{{');
  const body = escaped.replace(PLACEHOLDER, (whole, inner: string, offset: number, all: string) => {
    if (!isPlaceholder(inner)) return whole;
    const lineStart = all.slice(all.lastIndexOf('\n', offset - 1) + 1, offset);
    // `- [x] done` is a task box; `[ref]: https://…` at the start of a line is a link definition.
    if (/^[xX]$/.test(inner.trim()) && /^\s*(?:[-*+]|\d+[.)])\s+$/.test(lineStart)) return whole;
    if (all[offset + whole.length] === ':' && /^\s{0,3}$/.test(lineStart)) return whole;
    const label = inner.trim();
    const known = KNOWN.find(([pattern]) => pattern.test(label));
    if (known) {
      const [, name, description] = known;
      const source = name === 'today' ? 'today' : (name.split('.')[0] as TemplateVariable['source']);
      if (!variables.has(name)) variables.set(name, { name, description, source, required: false });
      return name === 'today' ? '{{date today}}' : `{{${name}}}`;
    }
    const id = fieldId(label);
    const name = `answers.${id}`;
    if (!variables.has(name)) {
      variables.set(name, {
        name,
        description: `${label} (a blank in the original)`.slice(0, 200),
        source: 'answers',
        required: false,
      });
      fields.set(id, { id, question: questionFor(label), type: fieldType(label), placeholder: `[${label}]` });
    }
    return `{{${name}}}`;
  });
  return { body, variables: [...variables.values()], fields: [...fields.values()] };
}

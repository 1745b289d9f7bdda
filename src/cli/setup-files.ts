import { dump as dumpYaml, load as parseYaml } from 'js-yaml';
import { CompanyConfigSchema } from '../config/schema';

/**
 * The two files the set-up wizard writes. Both start from what is already there: settings the wizard does
 * not ask about (reminders.working_days, templates.folder, OPENAI_API_KEY…) are kept.
 */

export interface CompanyAnswers {
  readonly company: {
    readonly name?: string;
    readonly website?: string;
    readonly product?: string;
    readonly value_proposition?: string;
    readonly contact: { readonly name?: string; readonly email?: string };
    readonly currency: string;
  };
  readonly tiers: readonly { readonly name: string; readonly qbr_every_months: number }[];
  readonly admins: readonly string[];
  readonly reminders: { readonly hour: number; readonly timezone: string };
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The existing partneros.yml as data, or {} when it is missing, empty or not a mapping. */
export function readExistingConfig(text: string | undefined): Record<string, unknown> {
  if (!text?.trim()) return {};
  try {
    const raw = parseYaml(text);
    return isRecord(raw) ? raw : {};
  } catch {
    return {};
  }
}

const withoutUndefined = <T extends Record<string, unknown>>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** The new partneros.yml text; throws (a bug) if it would not load, since every answer was validated. */
export function companyFileText(answers: CompanyAnswers, existing: Record<string, unknown>): string {
  const oldCompany = isRecord(existing.company) ? existing.company : {};
  const oldReminders = isRecord(existing.reminders) ? existing.reminders : {};
  const config = {
    ...existing,
    company: withoutUndefined({
      ...oldCompany,
      ...withoutUndefined({ ...answers.company, contact: undefined }),
      contact: withoutUndefined({ ...answers.company.contact }),
    }),
    tiers: answers.tiers.map((t) => ({ ...t })),
    admins: [...answers.admins],
    reminders: { ...oldReminders, hour: answers.reminders.hour, timezone: answers.reminders.timezone },
  };
  CompanyConfigSchema.parse(config);
  return [
    '# PartnerOS company configuration, written by `npx partneros setup`.',
    '# Every key is described, with its default, in partneros.example.yml.',
    '',
    dumpYaml(config, { lineWidth: 120, noRefs: true }),
  ].join('\n');
}

/** A value as .env writes it: bare when it is a plain token, else double-quoted. */
function envValue(value: string): string {
  return /^[\w\-.:/@+=,]*$/.test(value) ? value : `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * The new .env text: each key in `set` replaces its line (or its commented-out example line), or is added at
 * the end; each key in `unset` is commented out. Every other line stays as it was.
 */
export function envFileText(
  base: string,
  set: Readonly<Record<string, string>>,
  unset: readonly string[] = [],
): string {
  const lines = base === '' ? [] : base.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  const done = new Set<string>();
  const out = lines.map((line) => {
    const m = /^\s*(#\s*)?([A-Z][A-Z0-9_]*)=/.exec(line);
    const key = m?.[2];
    if (!key) return line;
    if (key in set && !done.has(key)) {
      done.add(key);
      return `${key}=${envValue(set[key] ?? '')}`;
    }
    if (key in set && !m[1]) return `# ${line.trim()}`; // a second, live copy would override ours
    if (unset.includes(key) && !m[1]) return `# ${line.trim()}`;
    return line;
  });
  const added = Object.keys(set).filter((k) => !done.has(k));
  if (added.length) {
    if (out.length) out.push('');
    out.push('# Written by `npx partneros setup`.');
    for (const key of added) out.push(`${key}=${envValue(set[key] ?? '')}`);
  }
  return `${out.join('\n')}\n`;
}

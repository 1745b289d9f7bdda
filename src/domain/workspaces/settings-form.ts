import { type CompanyConfig, type Tier, WEEKDAYS } from '../../config/schema';
import { checkSettings, type SettingProblem, type WorkspaceSettings } from './settings';

/**
 * The settings form as plain values: what it shows (the workspace's effective settings), and what
 * a submission becomes. Every value is checked by the same schema as partneros.yml (checkSettings);
 * each problem is put back under the input it is about.
 */

export type Weekday = (typeof WEEKDAYS)[number];

/** The company details the form asks for, in the order it asks them. */
export const COMPANY_FIELDS = [
  'company.name',
  'company.website',
  'company.product',
  'company.value_proposition',
  'company.currency',
  'company.contact.name',
  'company.contact.email',
] as const;
export type CompanyField = (typeof COMPANY_FIELDS)[number];

/** Which input a value (or a problem) belongs to. A tier row is numbered from 0, in the form's order. */
export type SettingsField =
  | CompanyField
  | `tiers.${number}.name`
  | `tiers.${number}.qbr_every_months`
  | 'admins'
  | 'reminders.hour'
  | 'reminders.timezone'
  | 'reminders.working_days'
  | 'digest.channel'
  | 'digest.day'
  | 'digest.hour';

export interface TierRow {
  name: string;
  /** Typed months, as text: '' when the row is empty. */
  qbr_every_months: string;
}

/** The form's inputs: text as typed ('' when blank), choices as their values. */
export interface SettingsFormValues {
  company: Record<CompanyField, string>;
  tiers: TierRow[];
  admins: string[];
  hour: string;
  timezone: string;
  working_days: string[];
  /** The weekly digest: its channel ('' for none), day and hour. */
  digest: { channel: string; day: string; hour: string };
}

/** Tier rows the form holds at most (past the tiers partneros.yml already has), and the empty rows it offers for new tiers. */
export const MAX_TIER_ROWS = 10;
export const NEW_TIER_ROWS = 2;

/** Everything a submission sets: all the keys a workspace may save, each present. */
export interface SubmittedSettings {
  company: NonNullable<WorkspaceSettings['company']>;
  tiers: Tier[];
  admins: string[];
  reminders: { hour: number; timezone: string; working_days: Weekday[] };
  /** channel null: no channel digest. */
  digest: { channel: string | null; day: Weekday; hour: number };
}

export type FormCheck =
  | { ok: true; settings: SubmittedSettings }
  | { ok: false; problems: { field: SettingsField; message: string }[] };

function companyValue(company: CompanyConfig['company'], field: CompanyField): string | undefined {
  switch (field) {
    case 'company.name':
      return company.name;
    case 'company.website':
      return company.website;
    case 'company.product':
      return company.product;
    case 'company.value_proposition':
      return company.value_proposition;
    case 'company.currency':
      return company.currency;
    case 'company.contact.name':
      return company.contact.name;
    case 'company.contact.email':
      return company.contact.email;
  }
}

/** What the form shows: the effective settings, and a few empty tier rows for new tiers. */
export function formValuesOf(company: CompanyConfig): SettingsFormValues {
  const rows = Math.max(company.tiers.length, Math.min(MAX_TIER_ROWS, company.tiers.length + NEW_TIER_ROWS));
  return {
    company: Object.fromEntries(
      COMPANY_FIELDS.map((f) => [f, companyValue(company.company, f) ?? '']),
    ) as SettingsFormValues['company'], // every key of COMPANY_FIELDS, built just above
    tiers: Array.from({ length: rows }, (_, i) => {
      const tier = company.tiers[i];
      return { name: tier?.name ?? '', qbr_every_months: tier ? String(tier.qbr_every_months) : '' };
    }),
    admins: [...company.admins],
    hour: String(company.reminders.hour),
    timezone: company.reminders.timezone,
    working_days: [...company.reminders.working_days],
    digest: {
      channel: company.digest.channel ?? '',
      day: company.digest.day,
      hour: String(company.digest.hour),
    },
  };
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** A zone as Intl spells it (`europe/berlin` → `Europe/Berlin`); left as typed when it is none (the schema says so). */
export function canonicalZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return zone;
  }
}

const typedNumber = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text.trim()));

/**
 * The submission as the settings it asks for, unchecked. A row with neither a name nor months is no
 * tier (how a tier is removed). A tier keeps its program-guide figures (discount, commission…) while
 * its name stays the same; a renamed tier is a new one.
 */
function candidateOf(form: SettingsFormValues, current: CompanyConfig): { input: unknown; tierRows: number[] } {
  const text = (field: CompanyField) => form.company[field].trim() || undefined;
  const tierRows: number[] = [];
  const tiers = form.tiers.flatMap((row, i) => {
    if (!row.name.trim() && !row.qbr_every_months.trim()) return [];
    tierRows.push(i);
    const kept = current.tiers.find((t) => sameName(t.name, row.name));
    return [{ ...kept, name: row.name.trim(), qbr_every_months: typedNumber(row.qbr_every_months) }];
  });
  const days = new Set(form.working_days);
  return {
    tierRows,
    input: {
      company: {
        name: text('company.name'),
        website: text('company.website'),
        product: text('company.product'),
        value_proposition: text('company.value_proposition'),
        currency: text('company.currency'),
        contact: { name: text('company.contact.name'), email: text('company.contact.email') },
      },
      tiers,
      admins: [...new Set(form.admins)],
      reminders: {
        hour: typedNumber(form.hour),
        timezone: form.timezone.trim() ? canonicalZone(form.timezone.trim()) : undefined,
        // In week order, whatever order the checkboxes came in; anything else is left for the schema to refuse.
        working_days: [
          ...WEEKDAYS.filter((d) => days.has(d)),
          ...[...days].filter((d) => !WEEKDAYS.some((w) => w === d)),
        ],
      },
      // No channel picked is a choice too: no channel digest, whatever partneros.yml names.
      digest: {
        channel: form.digest.channel.trim() || null,
        day: form.digest.day.trim() || undefined,
        hour: typedNumber(form.digest.hour),
      },
    },
  };
}

/** The input a schema problem is about (`tiers[1].qbr_every_months` → that row's months). */
function fieldOf(problem: SettingProblem, form: SettingsFormValues, tierRows: readonly number[]): SettingsField {
  const tier = /^tiers\[(\d+)\](?:\.(\w+))?/.exec(problem.path);
  if (tier) {
    const row = tierRows[Number(tier[1])] ?? 0;
    return tier[2] === 'qbr_every_months' ? `tiers.${row}.qbr_every_months` : `tiers.${row}.name`;
  }
  if (problem.path === 'tiers') {
    // Names that are not unique: under the second of the two; no tier at all: under the first row.
    const seen = new Set<string>();
    for (const row of tierRows) {
      const key = form.tiers[row]?.name.trim().toLowerCase() ?? '';
      if (seen.has(key)) return `tiers.${row}.name`;
      seen.add(key);
    }
    return `tiers.${tierRows[0] ?? 0}.name`;
  }
  if (problem.path.startsWith('admins')) return 'admins';
  if (problem.path.startsWith('reminders.working_days')) return 'reminders.working_days';
  if (problem.path === 'reminders.hour' || problem.path === 'reminders.timezone') return problem.path;
  if (problem.path === 'digest.channel' || problem.path === 'digest.day' || problem.path === 'digest.hour')
    return problem.path;
  const company = COMPANY_FIELDS.find((f) => problem.path === f);
  return company ?? 'company.name';
}

/** A message for one input: the schema's, as a sentence. */
const sentence = (message: string): string => {
  const m = message.trim();
  return `${m.charAt(0).toUpperCase()}${m.slice(1)}${/[.!?]$/.test(m) ? '' : '.'}`;
};

/**
 * Checks a submission. `actor` must stay an admin when there are admins: a list without the person
 * saving it would lock them out of the form they are in.
 */
export function checkSettingsForm(form: SettingsFormValues, current: CompanyConfig, actor: string): FormCheck {
  const { input, tierRows } = candidateOf(form, current);
  const problems: { field: SettingsField; message: string }[] = [];
  if (!form.hour.trim()) problems.push({ field: 'reminders.hour', message: 'Pick the hour reminders go out.' });
  if (!form.timezone.trim())
    problems.push({ field: 'reminders.timezone', message: 'Type a time zone, e.g. America/New_York.' });
  if (!form.digest.day.trim()) problems.push({ field: 'digest.day', message: 'Pick the day the digest goes out.' });
  if (!form.digest.hour.trim()) problems.push({ field: 'digest.hour', message: 'Pick the hour the digest goes out.' });
  const checked = checkSettings(input);
  if (!checked.ok)
    for (const p of checked.problems)
      problems.push({ field: fieldOf(p, form, tierRows), message: sentence(p.message) });
  const admins = [...new Set(form.admins)];
  if (admins.length > 0 && !admins.includes(actor))
    problems.push({
      field: 'admins',
      message: 'Keep yourself among the admins, or you could not open these settings again.',
    });
  if (problems.length > 0 || !checked.ok) return { ok: false, problems: firstPerField(problems) };
  const s = checked.settings;
  const r = s.reminders;
  const d = s.digest;
  if (!s.company || !s.tiers || !s.admins || r?.hour === undefined || !r.timezone || !r.working_days)
    throw new Error('a checked settings form lacks a key it always sets');
  if (!d?.day || d.hour === undefined || d.channel === undefined)
    throw new Error('a checked settings form lacks a key it always sets');
  return {
    ok: true,
    settings: {
      company: s.company,
      tiers: s.tiers,
      admins: s.admins,
      reminders: { hour: r.hour, timezone: r.timezone, working_days: r.working_days },
      digest: { channel: d.channel, day: d.day, hour: d.hour },
    },
  };
}

function firstPerField<P extends { field: SettingsField }>(problems: readonly P[]): P[] {
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(p.field) && seen.add(p.field));
}

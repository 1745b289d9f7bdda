import { createHash } from 'node:crypto';
import type { CompanyConfig } from '../../config/schema';
import type { WorkspaceSettings } from './settings';
import { COMPANY_FIELDS, type SettingsField, type SubmittedSettings } from './settings-form';

/**
 * What a saved settings form changes: the workspace's own settings afterwards, and the changes in
 * words for the person who saved them.
 */

/** The same JSON whatever the order of keys: what "unchanged" compares. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

const same = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

/** Who the admins are does not depend on the order they were picked in. */
const sorted = (ids: readonly string[]): string[] => [...new Set(ids)].sort();

/**
 * A stamp of what a workspace saved: the form carries the one it was opened with, so a form opened
 * before someone else saved cannot quietly undo their changes.
 */
export const settingsVersion = (own: WorkspaceSettings): string =>
  createHash('sha256').update(canonical(own)).digest('hex').slice(0, 16);

/**
 * One key's next saved value. Unchanged from what the form showed: as it was (saved, or following
 * partneros.yml). Changed back to partneros.yml's value: follows the file again. Otherwise: saved.
 */
function decide<T>(submitted: T, shown: T, saved: T | undefined, fileValue: T | undefined): T | undefined {
  if (same(submitted, shown)) return saved;
  if (fileValue !== undefined && same(submitted, fileValue)) return undefined;
  return submitted;
}

export interface NextOwnInput {
  submitted: SubmittedSettings;
  /** The effective settings the form showed. */
  shown: CompanyConfig;
  /** What the workspace had saved. */
  own: WorkspaceSettings;
  /** partneros.yml. */
  defaults: CompanyConfig;
  /**
   * Whether partneros.yml's admins are this workspace's by default (one workspace). With many, the
   * default is the installer and Slack's workspace admins, so a changed list is always saved.
   */
  adminsFromFile: boolean;
  /**
   * Whether partneros.yml's digest channel is this workspace's by default (one workspace). With many,
   * a channel id of the file belongs to no workspace in particular, so the default is none.
   */
  channelFromFile: boolean;
}

/** The workspace's own settings after the form: only what differs from partneros.yml, key by key. */
export function nextOwnSettings(input: NextOwnInput): WorkspaceSettings {
  const { submitted: s, shown, own, defaults } = input;
  const r = shown.reminders;
  const d = defaults.reminders;
  const reminders = {
    hour: decide(s.reminders.hour, r.hour, own.reminders?.hour, d.hour),
    timezone: decide(s.reminders.timezone, r.timezone, own.reminders?.timezone, d.timezone),
    working_days: decide(s.reminders.working_days, r.working_days, own.reminders?.working_days, d.working_days),
  };
  const g = shown.digest;
  const digest = {
    channel: decide(
      s.digest.channel,
      g.channel ?? null,
      own.digest?.channel,
      input.channelFromFile ? (defaults.digest.channel ?? null) : null,
    ),
    day: decide(s.digest.day, g.day, own.digest?.day, defaults.digest.day),
    hour: decide(s.digest.hour, g.hour, own.digest?.hour, defaults.digest.hour),
  };
  const next: WorkspaceSettings = {
    company: decide(s.company, shown.company, own.company, defaults.company),
    tiers: decide(s.tiers, shown.tiers, own.tiers, defaults.tiers),
    admins: decide(
      sorted(s.admins),
      sorted(shown.admins),
      own.admins,
      input.adminsFromFile ? sorted(defaults.admins) : undefined,
    ),
    reminders: Object.values(reminders).some((v) => v !== undefined) ? reminders : undefined,
    digest: Object.values(digest).some((v) => v !== undefined) ? digest : undefined,
  };
  // Keys left undefined are not saved at all (the row holds only what the workspace set).
  return JSON.parse(JSON.stringify(next)) as WorkspaceSettings; // plain JSON data, the shape just built
}

export type SettingChange =
  | { kind: 'value'; field: SettingsField; from: string | null; to: string | null }
  | { kind: 'tierAdded'; name: string; months: number }
  | { kind: 'tierRemoved'; name: string }
  | { kind: 'tierRenamed'; from: string; to: string }
  | { kind: 'tierCadence'; name: string; from: number; to: number }
  | { kind: 'tierOrder'; order: string[] }
  | { kind: 'admins'; added: string[]; removed: string[] }
  /** A channel id (checked by the schema), or null for none. */
  | { kind: 'digestChannel'; from: string | null; to: string | null };

const DAY_NAMES: Record<string, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

export const hourText = (hour: number): string => `${String(hour).padStart(2, '0')}:00`;
export const daysText = (days: readonly string[]): string => days.map((d) => DAY_NAMES[d] ?? d).join(', ');

function companyText(company: SubmittedSettings['company'], field: (typeof COMPANY_FIELDS)[number]): string | null {
  const value = {
    'company.name': company.name,
    'company.website': company.website,
    'company.product': company.product,
    'company.value_proposition': company.value_proposition,
    'company.currency': company.currency,
    'company.contact.name': company.contact.name,
    'company.contact.email': company.contact.email,
  }[field];
  return value ?? null;
}

function tierChanges(before: CompanyConfig['tiers'], after: SubmittedSettings['tiers']): SettingChange[] {
  const key = (name: string) => name.toLowerCase();
  const out: SettingChange[] = [];
  const afterByKey = new Map(after.map((t) => [key(t.name), t]));
  const beforeByKey = new Map(before.map((t) => [key(t.name), t]));
  for (const t of before) if (!afterByKey.has(key(t.name))) out.push({ kind: 'tierRemoved', name: t.name });
  for (const t of after) {
    const old = beforeByKey.get(key(t.name));
    if (!old) out.push({ kind: 'tierAdded', name: t.name, months: t.qbr_every_months });
    else {
      if (old.name !== t.name) out.push({ kind: 'tierRenamed', from: old.name, to: t.name });
      if (old.qbr_every_months !== t.qbr_every_months)
        out.push({ kind: 'tierCadence', name: t.name, from: old.qbr_every_months, to: t.qbr_every_months });
    }
  }
  // The order says which tier is highest, and the last is what a new partner gets.
  const kept = (list: readonly { name: string }[]) =>
    list.map((t) => key(t.name)).filter((k) => beforeByKey.has(k) && afterByKey.has(k));
  if (!same(kept(before), kept(after)) || before.at(-1)?.name.toLowerCase() !== after.at(-1)?.name.toLowerCase())
    out.push({ kind: 'tierOrder', order: after.map((t) => t.name) });
  return out;
}

/** What the form changed, compared with what it showed, in the form's order. */
export function settingsChanges(shown: CompanyConfig, submitted: SubmittedSettings): SettingChange[] {
  const out: SettingChange[] = [];
  for (const field of COMPANY_FIELDS) {
    const from = companyText(shown.company, field);
    const to = companyText(submitted.company, field);
    if (from !== to) out.push({ kind: 'value', field, from, to });
  }
  out.push(...tierChanges(shown.tiers, submitted.tiers));
  const before = new Set(shown.admins);
  const after = new Set(submitted.admins);
  const added = [...after].filter((a) => !before.has(a));
  const removed = [...before].filter((a) => !after.has(a));
  if (added.length || removed.length) out.push({ kind: 'admins', added, removed });
  const r = shown.reminders;
  const n = submitted.reminders;
  if (r.hour !== n.hour)
    out.push({ kind: 'value', field: 'reminders.hour', from: hourText(r.hour), to: hourText(n.hour) });
  if (r.timezone !== n.timezone)
    out.push({ kind: 'value', field: 'reminders.timezone', from: r.timezone, to: n.timezone });
  if (!same(r.working_days, n.working_days))
    out.push({
      kind: 'value',
      field: 'reminders.working_days',
      from: daysText(r.working_days),
      to: daysText(n.working_days),
    });
  const g = shown.digest;
  const m = submitted.digest;
  if ((g.channel ?? null) !== m.channel) out.push({ kind: 'digestChannel', from: g.channel ?? null, to: m.channel });
  if (g.day !== m.day) out.push({ kind: 'value', field: 'digest.day', from: daysText([g.day]), to: daysText([m.day]) });
  if (g.hour !== m.hour)
    out.push({ kind: 'value', field: 'digest.hour', from: hourText(g.hour), to: hourText(m.hour) });
  return out;
}

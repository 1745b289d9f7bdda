import { z } from 'zod';
import { CompanyConfigSchema, type CompanyConfig, DigestSchema, RemindersSchema } from '../../config/schema';

/**
 * A workspace's own settings: the part of partneros.yml an admin may change from Slack (company
 * details, tiers and their QBR cadence, admins, the reminder hour, zone and working days, the weekly
 * digest's channel, day and hour). Each key left out keeps partneros.yml's value; a digest channel of
 * null is none, whatever the file names (an empty choice in the form must be able to turn the file's
 * channel off). Checked by the same schema as the file, so a value the file would refuse is refused
 * here too, with the same message.
 */
export const WorkspaceSettingsSchema = z
  .object({
    company: CompanyConfigSchema.shape.company.unwrap().optional(),
    tiers: CompanyConfigSchema.shape.tiers.unwrap().optional(),
    admins: CompanyConfigSchema.shape.admins.unwrap().optional(),
    reminders: z
      .object({
        hour: RemindersSchema.shape.hour.unwrap().optional(),
        timezone: RemindersSchema.shape.timezone.unwrap().optional(),
        working_days: RemindersSchema.shape.working_days.unwrap().optional(),
      })
      .strict()
      .optional(),
    digest: z
      .object({
        channel: DigestSchema.shape.channel.unwrap().nullable().optional(),
        day: DigestSchema.shape.day.unwrap().optional(),
        hour: DigestSchema.shape.hour.unwrap().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type WorkspaceSettings = z.infer<typeof WorkspaceSettingsSchema>;

/** A setting that does not pass the schema: where (`tiers[1].qbr_every_months`) and why. */
export interface SettingProblem {
  path: string;
  message: string;
}

export type SettingsCheck = { ok: true; settings: WorkspaceSettings } | { ok: false; problems: SettingProblem[] };

const pathOf = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    '',
  );

export function checkSettings(input: unknown): SettingsCheck {
  const r = WorkspaceSettingsSchema.safeParse(input);
  if (r.success) return { ok: true, settings: r.data };
  return { ok: false, problems: r.error.issues.map((i) => ({ path: pathOf(i.path), message: i.message })) };
}

/** What was saved, read back; a row that no longer parses (an older version's keys) counts as nothing saved. */
export function parseSavedSettings(json: string | null | undefined): WorkspaceSettings {
  if (!json) return {};
  try {
    const r = WorkspaceSettingsSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : {};
  } catch {
    return {};
  }
}

/** The file's digest with the workspace's on top; a channel saved as null means none. */
function effectiveDigest(defaults: CompanyConfig['digest'], own: WorkspaceSettings['digest']): CompanyConfig['digest'] {
  const { channel: _file, ...rest } = defaults;
  const channel = own?.channel === undefined ? defaults.channel : own.channel;
  return {
    ...rest,
    day: own?.day ?? defaults.day,
    hour: own?.hour ?? defaults.hour,
    ...(channel ? { channel } : {}),
  };
}

/** partneros.yml's values with the workspace's own on top. */
export function effectiveCompany(defaults: CompanyConfig, own: WorkspaceSettings): CompanyConfig {
  return {
    ...defaults,
    company: own.company ?? defaults.company,
    tiers: own.tiers ?? defaults.tiers,
    admins: own.admins ?? defaults.admins,
    reminders: { ...defaults.reminders, ...own.reminders },
    digest: effectiveDigest(defaults.digest, own.digest),
  };
}

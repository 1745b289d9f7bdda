import { z } from 'zod';
import cron from 'node-cron';

/**
 * Every setting PartnerOS reads: the environment (secrets, ports, paths) and the company
 * file `partneros.yml`. Keys are the contract (README "Settings"); types come from z.infer.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const tierLines = (what: string) =>
  z
    .array(z.string().trim().min(1, `a ${what} entry is empty`).max(200, `${what} entries are at most 200 characters`))
    .max(12, `list at most 12 ${what}`);

/**
 * A tier and what the program guide states about it. Only the name and the QBR cadence are needed; the rest is
 * optional, because a figure PartnerOS made up would be a promise nobody approved: a document that needs one
 * the company has not set shows a visible placeholder instead.
 */
export const TierSchema = z
  .object({
    name: z.string().trim().min(1, 'a tier needs a name').max(40, 'tier names are at most 40 characters'),
    qbr_every_months: z
      .number({ error: 'a whole number of months from 1 to 36' })
      .int('whole months only')
      .min(1, 'at least 1 month')
      .max(36, 'at most 36 months'),
    /** Resale discount off list price, in percent. */
    discount_percent: z.number().min(0).max(100).optional(),
    /** Referral commission on first-year value, in percent. */
    commission_percent: z.number().min(0).max(100).optional(),
    /** Market development funds a partner of the tier may request per year, in company.currency. */
    mdf_budget: z.number().min(0).optional(),
    /** Closed revenue per year a partner needs to hold the tier, in company.currency. */
    min_annual_revenue: z.number().min(0).optional(),
    /** Certified people a partner needs to hold the tier. */
    min_certified_people: z.number().int('a whole number of people').min(0).optional(),
    /** What the tier gives, one line each ("A named partner manager"). */
    benefits: tierLines('benefits').optional(),
    /** What the tier asks, besides revenue and certifications ("A joint business plan every year"). */
    requirements: tierLines('requirements').optional(),
  })
  .strict();

export const DEFAULT_TIERS = [
  { name: 'Gold', qbr_every_months: 3 },
  { name: 'Silver', qbr_every_months: 6 },
  { name: 'Bronze', qbr_every_months: 12 },
];

const isCurrency = (code: string): boolean => {
  try {
    new Intl.NumberFormat('en-US', { style: 'currency', currency: code });
    return /^[A-Z]{3}$/.test(code);
  } catch {
    return false;
  }
};

const dayOffsets = z.array(z.number().int().min(0).max(365));

/** Who gets a kind of reminder: the partner channel (else the owner, else the admins), the owner's DM (else the admins), or the admins. */
const ReminderTarget = z.enum(['channel', 'owner', 'admins']);
export const ReminderTargetsSchema = z
  .object({
    qbr: ReminderTarget.default('channel'),
    milestone: ReminderTarget.default('channel'),
    health: ReminderTarget.default('channel'),
    stale: ReminderTarget.default('channel'),
  })
  .strict();

export const RemindersSchema = z
  .object({
    hour: z
      .number({ error: 'an hour from 0 to 23' })
      .int('a whole hour')
      .min(0, 'an hour from 0 to 23')
      .max(23, 'an hour from 0 to 23')
      .default(9),
    timezone: z
      .string()
      .refine(isTimeZone, 'not an IANA time zone (e.g. America/New_York)')
      .default('America/New_York'),
    working_days: z
      .array(z.enum(WEEKDAYS))
      .min(1, 'name at least one day')
      .default(['mon', 'tue', 'wed', 'thu', 'fri']),
    qbr_days_before: dayOffsets.default([14, 3]),
    milestone_days_before: dayOffsets.default([7, 3, 1]),
    milestone_overdue_every_days: z.number().int().min(1).max(90).default(3),
    health_below: z.number().int().min(0).max(100).default(50),
    health_drop: z.number().int().min(1).max(100).default(15),
    stale_after_days: z.number().int().min(1).max(3650).default(30),
    targets: ReminderTargetsSchema.default(ReminderTargetsSchema.parse({})),
  })
  .strict();

export const CompanySchema = z
  .object({
    name: z.string().trim().min(1).optional(),
    website: z.string().trim().min(1).optional(),
    product: z.string().trim().min(1).optional(),
    value_proposition: z.string().trim().min(1).optional(),
    // Amounts in templates ({{currency …}}) are shown in this ISO 4217 currency.
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .refine(isCurrency, 'not an ISO 4217 currency code (e.g. USD, EUR, GBP)')
      .default('USD'),
    contact: z
      .object({
        name: z.string().trim().min(1).optional(),
        email: z.email('not an e-mail address').optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

/** A folder the company adds its own templates or playbooks to (same layout and checks as the built-in `templates/` or `playbooks/`). */
export const LibrarySchema = z
  .object({
    folder: z.string().trim().min(1, 'name a folder, or leave the key out').optional(),
  })
  .strict();

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** The weekly digest: a channel gets one on `day` at `hour` (reminders.timezone); people ask for a DM with `/partner digest on`. */
export const DigestSchema = z
  .object({
    channel: z
      .string()
      .trim()
      .regex(/^[CG][A-Z0-9]{2,}$/, 'a channel id looks like C0123ABCD (channel name → About → Channel ID)')
      .optional(),
    day: z.enum(WEEKDAYS).default('mon'),
    hour: z.number().int().min(0).max(23).default(9),
  })
  .strict();

export const CompanyConfigSchema = z
  .object({
    company: CompanySchema.default({ contact: {}, currency: 'USD' }),
    tiers: z
      .array(TierSchema)
      .min(1, 'list at least one tier')
      .refine(
        (tiers) => new Set(tiers.map((t) => t.name.toLowerCase())).size === tiers.length,
        'tier names must be unique',
      )
      .default(DEFAULT_TIERS),
    admins: z
      .array(z.string().regex(SLACK_USER_ID, 'a Slack user id looks like U0123ABCD (profile → ⋮ → Copy member ID)'))
      .default([]),
    reminders: RemindersSchema.default(RemindersSchema.parse({})),
    digest: DigestSchema.default(DigestSchema.parse({})),
    templates: LibrarySchema.default({}),
    playbooks: LibrarySchema.default({}),
    llm: z
      .object({ model: z.string().trim().min(1).default('gpt-4o-mini') })
      .strict()
      .default({ model: 'gpt-4o-mini' }),
    // Partner channels are often shared with the partner (Slack Connect): health and notes stay out of them unless allowed.
    privacy: z
      .object({ internal_details_in_shared_channels: z.boolean().default(false) })
      .strict()
      .default({ internal_details_in_shared_channels: false }),
  })
  .strict();

export type CompanyConfig = z.infer<typeof CompanyConfigSchema>;
export type Tier = z.infer<typeof TierSchema>;

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

/** Environment. Messages say where in Slack's app settings each value lives. */
export const EnvSchema = z.object({
  // Required unless the app serves many workspaces through "Add to Slack" (load.ts checks which).
  SLACK_BOT_TOKEN: optionalText.refine(
    (v) => v === undefined || /^xox[bp]-/.test(v),
    'must be the Bot User OAuth Token starting with xoxb- (Slack app settings → OAuth & Permissions)',
  ),
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_REDIRECT_URI: optionalText.refine(
    (v) => v === undefined || (URL.canParse(v) && new URL(v).pathname === '/slack/oauth_redirect'),
    'must be the full address of /slack/oauth_redirect on your server, e.g. https://partneros.example.com/slack/oauth_redirect (the same URL as under OAuth & Permissions → Redirect URLs)',
  ),
  SLACK_STATE_SECRET: optionalText.refine(
    (v) => v === undefined || v.length >= 16,
    'must be a random string of at least 16 characters (e.g. the output of `openssl rand -hex 32`)',
  ),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine(
    (v) => v === undefined || v.startsWith('xapp-'),
    'must be an App-Level Token starting with xapp- (Slack app settings → Basic Information → App-Level Tokens, scope connections:write)',
  ),
  SLACK_API_URL: optionalText.refine(
    (v) => v === undefined || URL.canParse(v),
    'must be a URL such as https://slack.com/api/',
  ),
  PORT: optionalText
    .transform((v) => (v === undefined ? 3000 : Number(v)))
    .refine((n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'must be a port number between 0 and 65535'),
  PARTNEROS_DB: optionalText
    .transform((v) => v ?? './data/partneros.db')
    .refine(
      (v) => !/^postgres(ql)?:/i.test(v) || (URL.canParse(v) && new URL(v).pathname.length > 1),
      'must be a SQLite file path, or a URL such as postgres://user:password@host:5432/partneros (naming the database)',
    ),
  PARTNEROS_CONFIG: optionalText,
  PARTNEROS_TICK: optionalText
    .transform((v) => v ?? '* * * * *')
    .refine(
      (v) => cron.validate(v),
      'must be a node-cron expression such as "* * * * *" (every minute) or "*/10 * * * * *" (every 10 seconds)',
    ),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText.refine(
    (v) => v === undefined || URL.canParse(v),
    'must be a URL such as http://127.0.0.1:11434/v1',
  ),
  PARTNEROS_LLM_MODEL: optionalText,
  LOG_LEVEL: optionalText.transform((v) => v ?? 'info').pipe(z.enum(['debug', 'info', 'warn', 'error', 'silent'])),
});

export type Env = z.infer<typeof EnvSchema>;

/** "Add to Slack": what Slack app settings → Basic Information → App Credentials give, and our state secret. */
export interface OAuthSettings {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly stateSecret: string;
}

export interface Config {
  readonly slack: {
    /** Set: one workspace, this token. Unset: many workspaces, each with the token its install gave (`oauth`). */
    readonly botToken: string | undefined;
    readonly oauth: OAuthSettings | undefined;
    /** Where Slack sends the browser back after "Add to Slack", when the app names one. */
    readonly redirectUri: string | undefined;
    readonly signingSecret: string | undefined;
    readonly appToken: string | undefined;
    readonly apiUrl: string | undefined;
  };
  readonly port: number;
  readonly dbPath: string;
  readonly configPath: string;
  /** False when the company file is absent and the defaults apply. */
  readonly configFileFound: boolean;
  readonly tick: string;
  readonly llm: { readonly apiKey: string | undefined; readonly baseUrl: string | undefined; readonly model: string };
  readonly logLevel: Env['LOG_LEVEL'];
  readonly company: CompanyConfig;
}

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import type { z } from 'zod';
import { ConfigError, loadCompanyConfig, loadConfig } from '../config/load';
import { CompanyConfigSchema, DEFAULT_TIERS, EnvSchema } from '../config/schema';
import { CliError, type CliIo } from './io';
import { inquirerPrompter, isPromptCancel, type Prompter, type Validate } from './prompts';
import { type CompanyAnswers, companyFileText, envFileText, readExistingConfig } from './setup-files';
import { checkBotToken, refusalHelp } from './slack-auth';

/**
 * `partneros setup`: asks for the company details, tiers, admins, time zone and reminder hour and the Slack
 * tokens, then writes partneros.yml and .env. Each answer is checked with the schema start-up uses, and the
 * files are loaded back before the wizard says it is done, so PartnerOS accepts what it wrote.
 */

export interface SetupOptions {
  /** Where to write partneros.yml (default: PARTNEROS_CONFIG, else ./partneros.yml). */
  readonly config?: string;
  /** Where to write the environment file (default ./.env). */
  readonly envFile?: string;
}

export interface SetupDeps {
  /** The questions; a terminal's prompts unless a test passes its own. */
  readonly prompts?: Prompter;
  readonly cwd?: string;
}

/** true, or the schema's message for the first problem. */
function verdict(result: z.ZodSafeParseResult<unknown>): true | string {
  return result.success ? true : (result.error.issues[0]?.message ?? 'not valid');
}
const optional = (v: string) => (v.trim() === '' ? undefined : v.trim());
/** Checks one company-file value by parsing a file that holds only it. */
const companyCheck =
  (wrap: (v: string | undefined) => unknown): Validate =>
  (v) =>
    verdict(CompanyConfigSchema.safeParse(wrap(optional(v))));
const envCheck =
  (key: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN' | 'SLACK_SIGNING_SECRET'): Validate =>
  (v) =>
    verdict(EnvSchema.pick({ [key]: true } as { [K in typeof key]: true }).safeParse({ [key]: v }));

const get = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (cur, k) => (cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined),
    o,
  );
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

async function askCompany(ask: Prompter, old: Record<string, unknown>): Promise<CompanyAnswers['company']> {
  const field = (key: string, message: string) =>
    ask.text({
      message,
      ...(str(get(old, 'company', key)) ? { default: str(get(old, 'company', key)) } : {}),
      validate: companyCheck((v) => ({ company: { [key]: v } })),
    });
  const name = optional(await field('name', 'Your company’s name (templates use it):'));
  const website = optional(await field('website', 'Its website:'));
  const product = optional(await field('product', 'What partners sell, refer or integrate with (your product):'));
  const value = optional(await field('value_proposition', 'Your value proposition, in one sentence:'));
  const contactName = optional(
    await ask.text({
      message: 'Who partners contact at your company (name):',
      ...(str(get(old, 'company', 'contact', 'name')) ? { default: str(get(old, 'company', 'contact', 'name')) } : {}),
      validate: companyCheck((v) => ({ company: { contact: { name: v } } })),
    }),
  );
  const contactEmail = optional(
    await ask.text({
      message: 'Their e-mail:',
      ...(str(get(old, 'company', 'contact', 'email'))
        ? { default: str(get(old, 'company', 'contact', 'email')) }
        : {}),
      validate: companyCheck((v) => ({ company: { contact: { email: v } } })),
    }),
  );
  const currency = (
    await ask.text({
      message: 'Currency of amounts in templates (ISO code):',
      default: str(get(old, 'company', 'currency')) ?? 'USD',
      validate: companyCheck((v) => ({ company: { currency: v } })),
    })
  )
    .trim()
    .toUpperCase();
  return {
    ...(name ? { name } : {}),
    ...(website ? { website } : {}),
    ...(product ? { product } : {}),
    ...(value ? { value_proposition: value } : {}),
    contact: { ...(contactName ? { name: contactName } : {}), ...(contactEmail ? { email: contactEmail } : {}) },
    currency,
  };
}

async function askTiers(ask: Prompter, io: CliIo): Promise<CompanyAnswers['tiers']> {
  const defaults = DEFAULT_TIERS.map((t) => `${t.name} every ${t.qbr_every_months} months`).join(', ');
  if (await ask.confirm({ message: `Use the default tiers (${defaults})?`, default: true })) return DEFAULT_TIERS;
  io.out('List your tiers from the highest down. Each has a QBR every so many months.\n');
  const tiers: { name: string; qbr_every_months: number }[] = [];
  do {
    const name = (
      await ask.text({
        message: `Tier ${tiers.length + 1} name:`,
        validate: (v) => {
          if (tiers.some((t) => t.name.toLowerCase() === v.trim().toLowerCase())) return 'tier names must be unique';
          return verdict(CompanyConfigSchema.safeParse({ tiers: [{ name: v, qbr_every_months: 3 }] }));
        },
      })
    ).trim();
    const months = await ask.text({
      message: `Months between QBRs for ${name}:`,
      default: '3',
      validate: (v) => verdict(CompanyConfigSchema.safeParse({ tiers: [{ name, qbr_every_months: Number(v) }] })),
    });
    tiers.push({ name, qbr_every_months: Number(months) });
  } while (tiers.length < 10 && (await ask.confirm({ message: 'Add another tier?', default: tiers.length < 3 })));
  return tiers;
}

const splitIds = (v: string) => v.split(/[\s,]+/).filter(Boolean);

async function askProgram(ask: Prompter, old: Record<string, unknown>) {
  const oldAdmins = get(old, 'admins');
  const admins = splitIds(
    await ask.text({
      message: 'Admins, as Slack member ids separated by spaces (empty: everyone may change partners):',
      ...(Array.isArray(oldAdmins) ? { default: oldAdmins.join(' ') } : {}),
      validate: (v) => verdict(CompanyConfigSchema.safeParse({ admins: splitIds(v) })),
    }),
  );
  const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const timezone = (
    await ask.text({
      message: 'Time zone for reminders when someone’s own is unknown (IANA, e.g. America/New_York):',
      default: str(get(old, 'reminders', 'timezone')) ?? localZone ?? 'America/New_York',
      validate: (v) => verdict(CompanyConfigSchema.safeParse({ reminders: { timezone: v.trim() } })),
    })
  ).trim();
  const hour = await ask.text({
    message: 'Hour reminders go out, local time (0-23):',
    default: str(get(old, 'reminders', 'hour')) ?? '9',
    validate: (v) =>
      /^\s*\d{1,2}\s*$/.test(v)
        ? verdict(CompanyConfigSchema.safeParse({ reminders: { hour: Number(v) } }))
        : 'a whole hour from 0 to 23',
  });
  return { admins, reminders: { timezone, hour: Number(hour) } };
}

async function askBotToken(ask: Prompter, io: CliIo): Promise<string> {
  for (;;) {
    const token = (
      await ask.secret({
        message: 'Bot User OAuth Token (xoxb-…, OAuth & Permissions):',
        validate: envCheck('SLACK_BOT_TOKEN'),
      })
    ).trim();
    const check = await checkBotToken(token, io.env.SLACK_API_URL);
    if (check.kind === 'ok') {
      io.out(`✓ Slack accepted the token: workspace ${check.team}, bot user ${check.user}.\n`);
      return token;
    }
    if (check.kind === 'refused') {
      io.err(`✗ ${refusalHelp(check.error)}\n`);
      continue;
    }
    io.err(`Could not reach Slack at ${check.url} (${check.reason}).\n`);
    if (await ask.confirm({ message: 'Keep this token without checking it?', default: false })) return token;
  }
}

async function askTokens(ask: Prompter, io: CliIo) {
  const mode = await ask.choose({
    message: 'How should Slack reach PartnerOS?',
    choices: [
      { name: 'Socket Mode (no public URL; needs an App-Level Token)', value: 'socket' as const },
      { name: 'HTTP (a public HTTPS URL; needs the Signing Secret)', value: 'http' as const },
    ],
    default: 'socket',
  });
  const botToken = await askBotToken(ask, io);
  const signingSecret = (
    await ask.secret({
      message:
        mode === 'http'
          ? 'Signing Secret (Basic Information → App Credentials):'
          : 'Signing Secret (Basic Information → App Credentials; Enter to leave it empty in Socket Mode):',
      validate: (v) => (mode === 'http' && !v.trim() ? 'HTTP mode needs the Signing Secret' : true),
    })
  ).trim();
  const appToken =
    mode === 'socket'
      ? (
          await ask.secret({
            message: 'App-Level Token (xapp-…, Basic Information → App-Level Tokens, scope connections:write):',
            validate: (v) => (v.trim() ? envCheck('SLACK_APP_TOKEN')(v) : 'Socket Mode needs the App-Level Token'),
          })
        ).trim()
      : undefined;
  return { mode, botToken, signingSecret, appToken };
}

function write(path: string, text: string, mode?: number): void {
  try {
    writeFileSync(path, text, mode === undefined ? 'utf8' : { encoding: 'utf8', mode });
  } catch (error) {
    throw new CliError(
      `Could not write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}. Check the folder exists and you may write there.`,
    );
  }
}

/** Runs the wizard. Throws CliError for what the user can fix (or a cancel); nothing is written before the end. */
export async function setup(options: SetupOptions, io: CliIo, deps: SetupDeps = {}): Promise<void> {
  const cwd = deps.cwd ?? process.cwd();
  const configPath = resolve(cwd, options.config ?? io.env.PARTNEROS_CONFIG ?? 'partneros.yml');
  const envPath = resolve(cwd, options.envFile ?? '.env');
  if (!deps.prompts && !process.stdin.isTTY)
    throw new CliError(
      'partneros setup asks questions: run it in a terminal (or copy .env.example and partneros.example.yml by hand).',
    );
  const ask = deps.prompts ?? inquirerPrompter();
  try {
    io.out('PartnerOS set-up. Press Enter to keep the value in brackets; Ctrl+C stops without writing anything.\n\n');
    const writeConfig =
      !existsSync(configPath) ||
      (await ask.confirm({
        message: `${configPath} exists. Replace it (settings not asked about are kept, comments are not)?`,
        default: false,
      }));
    const writeEnv =
      !existsSync(envPath) ||
      (await ask.confirm({
        message: `${envPath} exists. Update its Slack tokens (other lines are kept)?`,
        default: false,
      }));
    if (!writeConfig && !writeEnv) {
      io.out('Nothing changed.\n');
      return;
    }
    let configText: string | undefined;
    if (writeConfig) {
      const old = readExistingConfig(existsSync(configPath) ? readFileSync(configPath, 'utf8') : undefined);
      io.out('\nYour company (used to fill templates; Enter skips a question):\n');
      const company = await askCompany(ask, old);
      io.out('\nPartner tiers:\n');
      const tiers = await askTiers(ask, io);
      io.out('\nAdmins and reminders:\n');
      const program = await askProgram(ask, old);
      configText = companyFileText({ company, tiers, ...program }, old);
    }
    let envText: string | undefined;
    if (writeEnv) {
      io.out('\nSlack (the values are not shown as you paste them):\n');
      const tokens = await askTokens(ask, io);
      const example = join(dirname(envPath), '.env.example');
      const base = existsSync(envPath)
        ? readFileSync(envPath, 'utf8')
        : existsSync(example)
          ? readFileSync(example, 'utf8')
          : '';
      const set: Record<string, string> = {
        SLACK_BOT_TOKEN: tokens.botToken,
        SLACK_SIGNING_SECRET: tokens.signingSecret,
      };
      if (tokens.appToken) set.SLACK_APP_TOKEN = tokens.appToken;
      envText = envFileText(base, set, tokens.mode === 'http' ? ['SLACK_APP_TOKEN'] : []);
    }
    if (configText !== undefined) write(configPath, configText);
    // Tokens: readable by this user only.
    if (envText !== undefined) write(envPath, envText, 0o600);
    verifyWritten(configPath, envText !== undefined ? envPath : undefined, io);
    io.out(
      `\nWrote ${[configText !== undefined ? configPath : '', envText !== undefined ? envPath : ''].filter(Boolean).join(' and ')}.\n`,
    );
    io.out('Start PartnerOS with `npm start` (or `docker compose up -d`), then try `/partner help` in Slack.\n');
  } catch (error) {
    if (isPromptCancel(error)) throw new CliError('Set-up stopped: nothing was written.');
    throw error;
  }
}

/** Loads both files the way start-up does; a problem here is reported, never left for start-up to find. */
function verifyWritten(configPath: string, envPath: string | undefined, io: CliIo): void {
  try {
    loadCompanyConfig(configPath);
    if (envPath) loadConfig({ ...parseEnv(readFileSync(envPath, 'utf8')), PARTNEROS_CONFIG: configPath });
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`${error.message}\n`);
      throw new CliError('The files were written but PartnerOS would not start with them: fix the values above.');
    }
    throw error;
  }
}

import { existsSync, readFileSync } from 'node:fs';
import { load as parseYaml } from 'js-yaml';
import type { z } from 'zod';
import { CompanyConfigSchema, EnvSchema, type CompanyConfig, type Config } from './schema';

/** A setting the operator must fix; start-up prints `message` alone (no stack) and exits non-zero. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const DEFAULT_CONFIG_PATH = './partneros.yml';

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    '',
  );
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const where = pathOf(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return `${where ? `${where}: ` : ''}unknown key ${keys} (check the spelling; keys are snake_case)`;
  }
  const value = valueAt(input, issue.path);
  const shown = value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
  return `${where}: ${issue.message}${shown}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** Reads `partneros.yml`; no file, an empty file or `{}` all mean "defaults". */
export function loadCompanyConfig(path: string): CompanyConfig {
  if (!existsSync(path)) return CompanyConfigSchema.parse({});
  const text = readFileSync(path, 'utf8');
  // js-yaml 5 refuses an empty document; an empty or comments-only file means "all defaults".
  if (text.split('\n').every((line) => /^\s*(#.*)?$/.test(line))) return CompanyConfigSchema.parse({});
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new ConfigError(`${path} is not valid YAML: ${reason}. Compare with partneros.example.yml.`);
  }
  const result = CompanyConfigSchema.safeParse(raw ?? {});
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${describeIssue(i, raw)}`);
    throw new ConfigError(
      `${path} has ${lines.length === 1 ? 'a bad value' : `${lines.length} bad values`} (see partneros.example.yml for every key):\n${lines.join('\n')}`,
    );
  }
  return result.data;
}

/**
 * PARTNEROS_DB alone, for the command-line tool: commands that only touch the database need no
 * Slack settings.
 */
export function databaseTarget(env: Record<string, string | undefined>): string {
  const parsed = EnvSchema.pick({ PARTNEROS_DB: true }).safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`PARTNEROS_DB ${issue?.message ?? 'is not valid'}`);
  }
  return parsed.data.PARTNEROS_DB;
}

/**
 * Validates the environment and the company file into one Config, or throws ConfigError. The
 * command-line tool passes `slack: 'optional'`: it talks to Slack only when a token is set.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  options: { slack?: 'required' | 'optional' } = {},
): Config {
  const parsed = EnvSchema.safeParse(env);
  const issues = parsed.success ? [] : [...parsed.error.issues];
  const slackRequired = options.slack !== 'optional';
  if (slackRequired && !env.SLACK_APP_TOKEN?.trim() && !env.SLACK_SIGNING_SECRET?.trim()) {
    issues.push({
      code: 'custom',
      path: ['SLACK_SIGNING_SECRET'],
      input: undefined,
      message:
        'is not set. HTTP mode needs it: Slack app settings → Basic Information → App Credentials → Signing Secret ' +
        '(or set SLACK_APP_TOKEN to use Socket Mode)',
    });
  }
  const oauthKeys = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;
  const oauthSet = oauthKeys.filter((k) => env[k]?.trim());
  if (!env.SLACK_BOT_TOKEN?.trim()) {
    if (oauthSet.length === 0 && slackRequired)
      issues.push({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        input: undefined,
        message:
          'is not set. Copy the Bot User OAuth Token (xoxb-…) from your Slack app settings → OAuth & Permissions ' +
          '(or, to serve many workspaces through "Add to Slack", set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET instead)',
      });
    for (const key of oauthKeys.filter((k) => oauthSet.length > 0 && !oauthSet.includes(k)))
      issues.push({
        code: 'custom',
        path: [key],
        input: undefined,
        message: `is not set. Serving many workspaces needs all three of ${oauthKeys.join(', ')} (Slack app settings → Basic Information → App Credentials; the state secret is any random string of yours)`,
      });
  }
  if (!parsed.success || issues.length) {
    const lines = issues.map((issue) => {
      const key = pathOf(issue.path);
      const value = key.includes('TOKEN') || key.includes('SECRET') || key.includes('KEY') ? undefined : env[key];
      return `  - ${key} ${issue.message}${value ? ` (got ${JSON.stringify(value)})` : ''}`;
    });
    throw new ConfigError(
      `PartnerOS cannot start: ${lines.length === 1 ? 'a setting needs' : 'some settings need'} fixing (see .env.example):\n${lines.join('\n')}`,
    );
  }
  const e = parsed.data;
  const configPath = e.PARTNEROS_CONFIG ?? DEFAULT_CONFIG_PATH;
  const company = loadCompanyConfig(configPath);
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      // With a bot token the app serves that one workspace; the OAuth settings then wait unused.
      oauth:
        !e.SLACK_BOT_TOKEN && e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET
          ? { clientId: e.SLACK_CLIENT_ID, clientSecret: e.SLACK_CLIENT_SECRET, stateSecret: e.SLACK_STATE_SECRET }
          : undefined,
      redirectUri: e.SLACK_REDIRECT_URI,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
    },
    port: e.PORT,
    dbPath: e.PARTNEROS_DB,
    configPath,
    configFileFound: existsSync(configPath),
    tick: e.PARTNEROS_TICK,
    llm: { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL, model: e.PARTNEROS_LLM_MODEL ?? company.llm.model },
    logLevel: e.LOG_LEVEL,
    company,
  };
}

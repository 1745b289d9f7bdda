import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load';

const dir = mkdtempSync(join(tmpdir(), 'partneros-config-'));
const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret', PARTNEROS_CONFIG: join(dir, 'absent.yml') };

function withYaml(yaml: string): Record<string, string> {
  const path = join(dir, `c${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(path, yaml);
  return { ...base, PARTNEROS_CONFIG: path };
}

function errorOf(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('starts with defaults when the company file is absent, empty or {}', () => {
    for (const env of [base, withYaml(''), withYaml('{}\n')]) {
      const config = loadConfig(env);
      expect(config.company.tiers.map((t) => [t.name, t.qbr_every_months])).toEqual([
        ['Gold', 3],
        ['Silver', 6],
        ['Bronze', 12],
      ]);
      expect(config.company.admins).toEqual([]);
      expect(config.company.reminders.hour).toBe(9);
      expect(config.port).toBe(3000);
      expect(config.dbPath).toBe('./data/partneros.db');
      expect(config.tick).toBe('* * * * *');
    }
  });

  it('reads a company’s own tiers, admins and company details', () => {
    const config = loadConfig(
      withYaml(`
company: { name: Acme Cloud, website: acme.example, contact: { name: Dana Lee, email: dana@acme.example } }
tiers:
  - { name: Strategic, qbr_every_months: 1 }
  - { name: Gold, qbr_every_months: 3 }
admins: [U0ADMIN]
`),
    );
    expect(config.company.tiers.map((t) => t.name)).toEqual(['Strategic', 'Gold']);
    expect(config.company.admins).toEqual(['U0ADMIN']);
    expect(config.company.company.contact.email).toBe('dana@acme.example');
  });

  it('reads what the program guide states about each tier, every figure optional', () => {
    const config = loadConfig(
      withYaml(`
tiers:
  - name: Strategic
    qbr_every_months: 1
    discount_percent: 35
    commission_percent: 20
    mdf_budget: 50000
    min_annual_revenue: 1000000
    min_certified_people: 6
    benefits: [A named partner manager, Priority leads]
    requirements: [A joint business plan every year]
  - { name: Registered, qbr_every_months: 12 }
`),
    );
    expect(config.company.tiers[0]).toMatchObject({
      discount_percent: 35,
      mdf_budget: 50000,
      benefits: ['A named partner manager', 'Priority leads'],
    });
    expect(config.company.tiers[1]).toEqual({ name: 'Registered', qbr_every_months: 12 });
  });

  it.each([
    [{ SLACK_BOT_TOKEN: undefined }, 'SLACK_BOT_TOKEN', 'OAuth & Permissions'],
    [{ SLACK_BOT_TOKEN: 'hello' }, 'SLACK_BOT_TOKEN', 'xoxb-'],
    [{ SLACK_SIGNING_SECRET: undefined }, 'SLACK_SIGNING_SECRET', 'Basic Information'],
    [{ SLACK_APP_TOKEN: 'xoxb-wrong' }, 'SLACK_APP_TOKEN', 'App-Level Tokens'],
    [{ PORT: 'eighty' }, 'PORT', 'port number'],
    [{ PORT: '70000' }, 'PORT', 'port number'],
    [{ PARTNEROS_TICK: 'every minute' }, 'PARTNEROS_TICK', 'node-cron'],
    [{ SLACK_API_URL: 'not a url' }, 'SLACK_API_URL', 'URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', ''],
  ])('names the variable and the fix for a bad environment: %o', (patch, key, hint) => {
    const message = errorOf({ ...base, ...patch });
    expect(message).toContain(key);
    expect(message).toContain(hint);
  });

  it('does not need the signing secret in Socket Mode', () => {
    expect(loadConfig({ ...base, SLACK_SIGNING_SECRET: undefined, SLACK_APP_TOKEN: 'xapp-1' }).slack.appToken).toBe(
      'xapp-1',
    );
  });

  it('accepts a seconds field in PARTNEROS_TICK', () => {
    expect(loadConfig({ ...base, PARTNEROS_TICK: '*/10 * * * * *' }).tick).toBe('*/10 * * * * *');
  });

  it('never prints a token in its message', () => {
    expect(errorOf({ ...base, SLACK_BOT_TOKEN: 'secret-looking-token' })).not.toContain('secret-looking-token');
  });

  it.each([
    ['tiers:\n  - { name: Gold }\n', 'tiers[0].qbr_every_months'],
    ['tiers:\n  - { name: Gold, qbr_every_months: 3 }\n  - { name: gold, qbr_every_months: 6 }\n', 'tiers'],
    ['tiers: []\n', 'tiers'],
    ['tiers:\n  - { name: Gold, qbr_every_months: 3, discount_percent: 250 }\n', 'tiers[0].discount_percent'],
    ['tiers:\n  - { name: Gold, qbr_every_months: 3, min_certified_people: 2.5 }\n', 'tiers[0].min_certified_people'],
    ['tiers:\n  - { name: Gold, qbr_every_months: 3, benefits: [""] }\n', 'tiers[0].benefits[0]'],
    ['tier: []\n', '"tier"'],
    ['admins: [ana]\n', 'admins[0]'],
    ['reminders: { hour: 25 }\n', 'reminders.hour'],
    ['reminders: { timezone: Mars/Olympus }\n', 'reminders.timezone'],
    ['reminders: { working_days: [monday] }\n', 'reminders.working_days[0]'],
    ['reminders: { targets: { qbr: everyone } }\n', 'reminders.targets.qbr'],
    ['company: { contact: { email: nope } }\n', 'company.contact.email'],
    ['company: { currency: dollars }\n', 'company.currency'],
    ['templates: { folder: "" }\n', 'templates.folder'],
    ['templates: { dir: ./mine }\n', 'templates: unknown key "dir"'],
    ['tiers: [ {name: Gold, qbr_every_months: 3\n', 'not valid YAML'],
  ])('names the key in partneros.yml: %j', (yaml, key) => {
    const message = errorOf(withYaml(yaml));
    expect(message).toContain(key);
    expect(message).toContain('partneros.example.yml');
  });

  it('lets the environment choose the LLM model over the file', () => {
    expect(loadConfig({ ...withYaml('llm: { model: small }\n'), PARTNEROS_LLM_MODEL: 'big' }).llm.model).toBe('big');
    expect(loadConfig(withYaml('llm: { model: small }\n')).llm.model).toBe('small');
  });
});

describe('partneros.example.yml', () => {
  it('is a valid company file whose settings are the defaults, apart from the example company', () => {
    const example = loadConfig({ ...base, PARTNEROS_CONFIG: 'partneros.example.yml' }).company;
    const defaults = loadConfig(base).company;
    expect(example.company.name).toBeTruthy();
    expect({ ...example, company: undefined }).toEqual({ ...defaults, company: undefined });
  });
});

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/io';
import { SETUP as setupHelp } from '../../src/cli/commands';
import { setup } from '../../src/cli/setup';
import { loadCompanyConfig, loadConfig } from '../../src/config/load';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { freePort } from '../support/free-port';
import { captureIo, type Script, scriptedPrompter } from './scripted-prompts';

const BOT = 'xoxb-1111-2222-secretbot';
const APP = 'xapp-1-A0-3333-secretapp';
const SECRET = 'a1b2c3d4e5f6secret';

let slack: FakeSlack;
let dir: string;
beforeAll(async () => {
  slack = await startFakeSlack({ tokens: [BOT, APP] });
});
afterAll(() => slack.close());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'partneros-setup-'));
  slack.reset();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A whole Socket Mode set-up with custom tiers; tests replace entries to take another path. */
function fullScript(overrides: Script = []): Script {
  return [
    ...overrides,
    [/company’s name/, 'Initech'],
    [/website/, 'initech.example'],
    [/product/, 'Initech TPS'],
    [/value proposition/, 'Reports that file themselves.'],
    [/contact at your company/, 'Dana Lee'],
    [/e-mail/, 'dana@initech.example'],
    [/Currency/, 'eur'],
    [/default tiers/, false],
    [/Tier 1 name/, 'Strategic'],
    [/Months between QBRs for Strategic/, '1'],
    [/Add another tier/, true, true, false],
    [/Tier 2 name/, 'Gold'],
    [/Months between QBRs for Gold/, '3'],
    [/Tier 3 name/, 'Silver'],
    [/Months between QBRs for Silver/, '6'],
    [/Admins/, 'U0123ADMIN, U0456ADMIN'],
    [/Time zone/, 'Europe/Berlin'],
    [/Hour reminders/, '8'],
    [/reach PartnerOS/, 'socket'],
    [/Bot User OAuth Token/, BOT],
    [/Signing Secret/, SECRET],
    [/App-Level Token/, APP],
  ];
}

async function run(script: Script, options = {}, env: Record<string, string | undefined> = {}) {
  const prompts = scriptedPrompter(script);
  const io = captureIo({ SLACK_API_URL: slack.apiUrl, ...env });
  await setup(options, io, { prompts, cwd: dir });
  return { prompts, io };
}

describe('partneros setup', () => {
  it('writes partneros.yml and .env that start-up loads, with every answer in place', async () => {
    const { io } = await run(fullScript());
    const configPath = join(dir, 'partneros.yml');
    const company = loadCompanyConfig(configPath);
    expect(company.company).toMatchObject({
      name: 'Initech',
      website: 'initech.example',
      product: 'Initech TPS',
      value_proposition: 'Reports that file themselves.',
      contact: { name: 'Dana Lee', email: 'dana@initech.example' },
      currency: 'EUR',
    });
    expect(company.tiers).toEqual([
      { name: 'Strategic', qbr_every_months: 1 },
      { name: 'Gold', qbr_every_months: 3 },
      { name: 'Silver', qbr_every_months: 6 },
    ]);
    expect(company.admins).toEqual(['U0123ADMIN', 'U0456ADMIN']);
    expect(company.reminders).toMatchObject({ hour: 8, timezone: 'Europe/Berlin' });

    const envText = readFileSync(join(dir, '.env'), 'utf8');
    const config = loadConfig({ ...parseEnv(envText), PARTNEROS_CONFIG: configPath });
    expect(config.slack).toMatchObject({ botToken: BOT, appToken: APP, signingSecret: SECRET });
    expect(config.company.company.name).toBe('Initech');
    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o600);

    // The token was checked with Slack, and no secret was ever printed.
    const check = slack.calls('auth.test');
    expect(check).toHaveLength(1);
    expect(check[0]?.headers.authorization).toBe(`Bearer ${BOT}`);
    expect(io.stdout()).toContain('Slack accepted the token: workspace PartnerOS Test, bot user partneros');
    for (const secret of [BOT, APP, SECRET]) expect(io.stdout() + io.stderr()).not.toContain(secret);
    expect(io.stdout()).toContain('Wrote');
  });

  it('refuses answers the settings schema refuses, with its message, and asks again', async () => {
    const { prompts } = await run(
      fullScript([
        [/e-mail/, 'dana-at-initech', 'dana@initech.example'],
        [/Currency/, 'EURO', 'EUR'],
        [/Months between QBRs for Strategic/, '40', '1.5', '1'],
        [/Tier 2 name/, 'strategic', 'Gold'],
        [/Admins/, 'ana', 'U0123ADMIN'],
        [/Time zone/, 'Mars/Base', 'Europe/Berlin'],
        [/Hour reminders/, '24', 'nine', '8'],
        [/Bot User OAuth Token/, 'xoxa-wrong', BOT],
        [/App-Level Token/, 'xoxb-not-an-app-token', APP],
      ]),
    );
    const problems = Object.fromEntries(prompts.refused.map((r) => [r.answer, r.problem]));
    expect(problems['dana-at-initech']).toBe('not an e-mail address');
    expect(problems.EURO).toMatch(/ISO 4217/);
    expect(problems['40']).toMatch(/36/);
    expect(problems['1.5']).toBe('whole months only');
    expect(problems.strategic).toBe('tier names must be unique');
    expect(problems.ana).toMatch(/U0123ABCD/);
    expect(problems['Mars/Base']).toMatch(/IANA/);
    expect(problems['24']).toMatch(/23/);
    expect(problems.nine).toBe('a whole hour from 0 to 23');
    expect(problems['xoxa-wrong']).toMatch(/xoxb-/);
    expect(problems['xoxb-not-an-app-token']).toMatch(/xapp-/);
    expect(loadCompanyConfig(join(dir, 'partneros.yml')).tiers.map((t) => t.name)).toEqual([
      'Strategic',
      'Gold',
      'Silver',
    ]);
  });

  it('asks again when Slack refuses the bot token, and says why', async () => {
    // A token this workspace does not know: the fake refuses it as Slack would (invalid_auth).
    const { io, prompts } = await run(fullScript([[/Bot User OAuth Token/, 'xoxb-revoked-token', BOT]]));
    expect(io.stderr()).toContain('Slack does not know this token');
    expect(prompts.asked.filter((q) => /Bot User OAuth Token/.test(q))).toHaveLength(2);
    expect(slack.calls('auth.test')).toHaveLength(2);
    expect(readFileSync(join(dir, '.env'), 'utf8')).toContain(`SLACK_BOT_TOKEN=${BOT}`);
  });

  it('when Slack cannot be reached, keeps the token only if told to', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/api/`;
    const { io } = await run(
      fullScript([
        [/Keep this token without checking/, false, true],
        [/Bot User OAuth Token/, 'xoxb-first', BOT],
      ]),
      {},
      { SLACK_API_URL: closed },
    );
    expect(io.stderr()).toContain(`Could not reach Slack at ${closed}auth.test`);
    expect(readFileSync(join(dir, '.env'), 'utf8')).toContain(`SLACK_BOT_TOKEN=${BOT}`);
  });

  it('in HTTP mode requires the signing secret and turns the App-Level Token line off', async () => {
    writeFileSync(join(dir, '.env.example'), readFileSync('.env.example', 'utf8'));
    const { prompts } = await run(
      fullScript([
        [/reach PartnerOS/, 'http'],
        [/Signing Secret/, '', SECRET],
      ]),
    );
    expect(prompts.refused.map((r) => r.problem)).toContain('HTTP mode needs the Signing Secret');
    expect(prompts.asked.some((q) => /App-Level Token/.test(q))).toBe(false);
    const envText = readFileSync(join(dir, '.env'), 'utf8');
    expect(envText).toMatch(/^# SLACK_APP_TOKEN=xapp-your-app-token$/m);
    // Built from .env.example: its explanations are still there.
    expect(envText).toContain('Slack app settings → OAuth & Permissions');
    const config = loadConfig({ ...parseEnv(envText), PARTNEROS_CONFIG: join(dir, 'partneros.yml') });
    expect(config.slack.appToken).toBeUndefined();
    expect(config.slack.signingSecret).toBe(SECRET);
  });

  it('keeps the default tiers when asked to', async () => {
    await run(fullScript([[/default tiers/, true]]));
    expect(loadCompanyConfig(join(dir, 'partneros.yml')).tiers.map((t) => t.name)).toEqual([
      'Gold',
      'Silver',
      'Bronze',
    ]);
  });

  it('never overwrites a file without asking: declining both changes nothing', async () => {
    writeFileSync(join(dir, 'partneros.yml'), '# mine\nadmins: [U0MINE1]\n');
    writeFileSync(join(dir, '.env'), 'SLACK_BOT_TOKEN=xoxb-mine\n');
    const { io, prompts } = await run([
      [/partneros\.yml exists/, false],
      [/\.env exists/, false],
    ]);
    expect(prompts.asked).toHaveLength(2);
    expect(io.stdout()).toContain('Nothing changed.');
    expect(readFileSync(join(dir, 'partneros.yml'), 'utf8')).toBe('# mine\nadmins: [U0MINE1]\n');
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe('SLACK_BOT_TOKEN=xoxb-mine\n');
  });

  it('replacing existing files keeps the settings it does not ask about, and offers the old values', async () => {
    writeFileSync(
      join(dir, 'partneros.yml'),
      'company: { name: Old Name, website: old.example }\nreminders: { working_days: [mon, wed], hour: 7 }\nllm: { model: llama3 }\n',
    );
    writeFileSync(join(dir, '.env'), 'SLACK_BOT_TOKEN=xoxb-old\nOPENAI_API_KEY=sk-keep-me\nPORT=4000\n');
    await run(
      fullScript([
        [/partneros\.yml exists/, true],
        [/\.env exists/, true],
        [/company’s name/, ''], // Enter: keeps "Old Name"
        [/Hour reminders/, ''],
      ]),
    );
    const company = loadCompanyConfig(join(dir, 'partneros.yml'));
    expect(company.company.name).toBe('Old Name');
    expect(company.reminders.working_days).toEqual(['mon', 'wed']);
    expect(company.reminders.hour).toBe(7);
    expect(company.llm.model).toBe('llama3');
    const env = parseEnv(readFileSync(join(dir, '.env'), 'utf8'));
    expect(env).toMatchObject({
      SLACK_BOT_TOKEN: BOT,
      OPENAI_API_KEY: 'sk-keep-me',
      PORT: '4000',
      SLACK_APP_TOKEN: APP,
    });
  });

  it('can update only one of the two files', async () => {
    writeFileSync(join(dir, '.env'), 'SLACK_BOT_TOKEN=xoxb-mine\n');
    const { prompts } = await run(fullScript([[/\.env exists/, false]]));
    expect(prompts.asked.some((q) => /Bot User OAuth Token/.test(q))).toBe(false);
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe('SLACK_BOT_TOKEN=xoxb-mine\n');
    expect(loadCompanyConfig(join(dir, 'partneros.yml')).company.name).toBe('Initech');
  });

  it('writes where --config, PARTNEROS_CONFIG and --env-file say', async () => {
    await run(fullScript(), { envFile: 'deploy.env' }, { PARTNEROS_CONFIG: 'conf/../company.yml' });
    expect(existsSync(join(dir, 'company.yml'))).toBe(true);
    expect(existsSync(join(dir, 'deploy.env'))).toBe(true);
    await run(
      fullScript([
        [/company\.yml exists/, false],
        [/deploy\.env exists/, false],
      ]),
      { config: 'other.yml', envFile: 'deploy.env' },
    );
    expect(existsSync(join(dir, 'other.yml'))).toBe(true);
  });

  it('a Ctrl+C stops it with a user error and writes nothing', async () => {
    const prompts = scriptedPrompter(fullScript());
    const cancelling = {
      ...prompts,
      secret: async () => {
        const e = new Error('User force closed the prompt with SIGINT');
        e.name = 'ExitPromptError';
        throw e;
      },
    };
    const io = captureIo({ SLACK_API_URL: slack.apiUrl });
    const result = setup({}, io, { prompts: cancelling, cwd: dir });
    await expect(result).rejects.toBeInstanceOf(CliError);
    await expect(result).rejects.toThrow('Set-up stopped: nothing was written.');
    expect(existsSync(join(dir, 'partneros.yml'))).toBe(false);
    expect(existsSync(join(dir, '.env'))).toBe(false);
  });

  it('describes itself for --help', () => {
    expect(setupHelp.name).toBe('setup');
    expect(setupHelp.options.map((o) => o.flags)).toEqual(['--config <file>', '--env-file <file>']);
    expect(setupHelp.examples[0]).toBe('npx partneros setup');
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/store';
import { dropDatabase, freshDatabase, testEngine } from '../support/database';
import { saveInstalledWorkspace } from '../support/install';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack';
import { fakeTeam, TEST_BOT_TOKEN } from '../support/slack-ids';
import { runMain } from './run-cli';

/**
 * Which workspace demo, run, import and export work on, through `main` in this process, on a
 * database holding two workspaces: each situation gets the same answer, the same words and the same
 * exit code from all four commands, and Slack is called only when the choice or the command needs it.
 */

const AT = '2026-12-01T09:30:00.000Z';
const ALPHA = 'T0ALPHA';
const BETA = 'T0BETA';
const ME = 'U0TESTER1';
const ON_FILE = `Workspaces on file: ${ALPHA} (Alpha Corp), ${BETA} (Beta GmbH).`;
const ADD_TO_SLACK = {
  SLACK_CLIENT_ID: '111.222',
  SLACK_CLIENT_SECRET: 'client-secret',
  SLACK_STATE_SECRET: 'a-state-secret-of-32-characters!',
};

let dir: string;
let target: string;
let database: Database;
let base: Record<string, string>;
let csv: string;
let slack: FakeSlack;

beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(async () => {
  await slack.close();
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'partneros-cli-team-'));
  target = await freshDatabase({ dir });
  database = await openDatabase(target, { now: () => AT });
  for (const [id, name, partner] of [
    [ALPHA, 'Alpha Corp', 'Acme'],
    [BETA, 'Beta GmbH', 'Globex'],
  ] as const) {
    await saveInstalledWorkspace(database, { id: id, name, at: AT });
    await database.workspace(id).partners.insert({
      name: partner,
      type: null,
      tier: 'Gold',
      stage: 'active',
      owner_user_id: null,
      channel_id: null,
      vertical: null,
      created_by: 'U0OWNER',
      at: AT,
    });
  }
  base = { PARTNEROS_DB: target, PARTNEROS_CONFIG: join(dir, 'partneros.yml') };
  csv = join(dir, 'partners.csv');
  await writeFile(csv, 'name,tier\nInitech,Silver\n');
  slack.reset();
});

afterEach(async () => {
  await database.close();
  await dropDatabase(target);
  await rm(dir, { recursive: true, force: true });
});

const cli = (args: readonly string[], env: Record<string, string> = {}) => runMain(args, { ...base, ...env });

/** The four commands that work on one workspace, each as harmless as it can be run. */
const COMMANDS: readonly (readonly string[])[] = [
  ['export'],
  ['import', '<csv>'],
  ['demo'],
  ['run', 'list', '--as', ME],
];
const withCsv = (args: readonly string[]) => args.map((a) => (a === '<csv>' ? csv : a));

/** Every command with `extra` after it: one answer (exit code and words) for all of them, and no partner added. */
async function sameAnswer(extra: readonly string[], env: Record<string, string> = {}) {
  const answers = [];
  for (const args of COMMANDS) {
    const run = await cli([...withCsv(args), ...extra], env);
    answers.push({ code: run.code, stderr: run.stderr, stdout: run.stdout });
  }
  const [first] = answers;
  for (const [i, answer] of answers.entries()) expect(answer, COMMANDS[i]?.[0]).toEqual(first);
  const partners = await database.db.selectFrom('partners').select('name').orderBy('name').execute();
  expect(partners.map((p) => p.name)).toEqual(['Acme', 'Globex']);
  return first ?? { code: -1, stderr: '', stdout: '' };
}

describe(`which workspace a command works on (${testEngine})`, { timeout: 60_000 }, () => {
  it('several workspaces and no --team: bad usage (exit 2) from every command, listing them', async () => {
    const answer = await sameAnswer([]);
    expect(answer.code).toBe(2);
    expect(answer.stdout).toBe('');
    expect(answer.stderr).toBe(
      `partneros: This database holds several workspaces: say which with --team <team id>. ${ON_FILE}\n`,
    );
  });

  it('an unknown --team: exit 1 from every command, with the workspaces on file', async () => {
    const answer = await sameAnswer(['--team', 'T0NOPE']);
    expect(answer.code).toBe(1);
    expect(answer.stderr).toBe(`partneros: --team T0NOPE: no workspace T0NOPE is on file. ${ON_FILE}\n`);
  });

  it('"Add to Slack" without --team: bad usage (exit 2) from every command, naming the mode', async () => {
    const answer = await sameAnswer([], ADD_TO_SLACK);
    expect(answer.code).toBe(2);
    expect(answer.stderr).toBe(
      `partneros: PartnerOS serves several workspaces here ("Add to Slack" settings, no SLACK_BOT_TOKEN): say which with --team <team id>. ${ON_FILE}\n`,
    );
    expect((await sameAnswer(['--team', 'T0NOPE'], ADD_TO_SLACK)).stderr).toBe(
      `partneros: --team T0NOPE: no workspace T0NOPE is on file. ${ON_FILE}\n`,
    );
  });

  it('"Add to Slack" on a database no workspace installed yet: exit 1, saying to install first', async () => {
    const empty = await freshDatabase({ dir: await mkdtemp(join(dir, 'empty-')) });
    try {
      const run = await cli(['import', csv], { ...ADD_TO_SLACK, PARTNEROS_DB: empty });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/none is on file yet: install the app in one \(through \/slack\/install\) first/);
    } finally {
      await dropDatabase(empty);
    }
  });

  it('--team works on that workspace alone, with no Slack settings', async () => {
    const exported = await cli(['export', '--team', BETA]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/^name,.*\nGlobex,/);
    expect(exported.stdout).not.toContain('Acme');
    const listed = await cli(['run', 'list', '--as', ME, '--team', ALPHA]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('Acme');
    expect(listed.stdout).not.toContain('Globex');
  });

  it('"Add to Slack" reaches Slack with the chosen workspace’s installation token', async () => {
    const alphaToken = `xoxb-${ALPHA}`;
    slack.allowToken(alphaToken, fakeTeam(ALPHA, { teamName: 'Alpha Corp' }));
    const env = { ...ADD_TO_SLACK, SLACK_API_URL: slack.apiUrl };
    const added = await cli(['run', 'add Initech channel=#C0INITECH', '--as', ME, '--team', ALPHA], env);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).not.toMatch(/skipped/);
    const notices = slack.calls('chat.postMessage').filter((c) => c.params.channel === 'C0INITECH');
    expect(notices.map((c) => c.token)).toEqual([alphaToken]);
    expect(slack.calls('auth.test')).toEqual([]);
  });

  describe('with SLACK_BOT_TOKEN', () => {
    const token = () => ({ SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_API_URL: slack.apiUrl });

    it('export and an import dry run decide from the database when --team names a workspace: no Slack call', async () => {
      const exported = await cli(['export', '--team', ALPHA], token());
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stdout).toContain('Acme');
      const dry = await cli(['import', csv, '--team', BETA], token());
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toMatch(/line 2 +add +Initech/);
      expect(slack.calls()).toEqual([]);
    });

    it('export without --team asks auth.test which workspace the token is, and uses it when on file', async () => {
      const refused = await cli(['export'], token());
      expect(refused.code).toBe(2);
      expect(refused.stderr).toBe(
        `partneros: This database holds several workspaces, and SLACK_BOT_TOKEN's (T0TEST) is not one of them: say which with --team <team id>. ${ON_FILE}\n`,
      );
      slack.allowToken('xoxb-beta-bot', fakeTeam(BETA, { teamName: 'Beta GmbH' }));
      const beta = await cli(['export'], { ...token(), SLACK_BOT_TOKEN: 'xoxb-beta-bot' });
      expect(beta.code, beta.stderr).toBe(0);
      expect(beta.stdout).toContain('Globex');
      expect(beta.stdout).not.toContain('Acme');
      expect(slack.calls().map((c) => c.method)).toEqual(['auth.test', 'auth.test']);
    });

    it('a token Slack refuses, when the choice needs it: the reason, then the same fix', async () => {
      const run = await cli(['export'], { ...token(), SLACK_BOT_TOKEN: 'xoxb-unknown' });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('This database holds several workspaces, and Slack refused SLACK_BOT_TOKEN (');
      expect(run.stderr).toContain(`say which with --team <team id>. ${ON_FILE}`);
    });

    it('demo and run work in the token’s workspace: another --team is refused, an unknown one named', async () => {
      const other = await cli(['demo', '--team', ALPHA], token());
      expect(other.code).toBe(1);
      expect(other.stderr).toBe(
        `partneros: --team ${ALPHA} is not the workspace of SLACK_BOT_TOKEN (T0TEST (PartnerOS Test)), where this command works. Leave --team out, or unset SLACK_BOT_TOKEN to work on ${ALPHA} from the database alone.\n`,
      );
      const unknown = await cli(['run', 'list', '--as', ME, '--team', 'T0NOPE'], token());
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toBe(`partneros: --team T0NOPE: no workspace T0NOPE is on file. ${ON_FILE}\n`);
      expect(await database.workspaces.get('T0TEST')).toBeUndefined();
    });

    it('run adopts an org-wide token’s organisation as the workspace, as start-up does', async () => {
      slack.allowToken(
        'xoxb-org',
        fakeTeam('T0ORGWS', { enterprise: { id: 'E0ORG', name: 'Org Inc' }, orgWide: true }),
      );
      const run = await cli(['run', 'list', '--as', ME], { ...token(), SLACK_BOT_TOKEN: 'xoxb-org' });
      expect(run.code, run.stderr).toBe(0);
      expect((await database.workspaces.get('E0ORG'))?.name).toBe('Org Inc');
    });
  });
});

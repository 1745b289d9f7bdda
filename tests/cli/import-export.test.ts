import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/store';
import { UNASSIGNED } from '../../src/store/workspaces';
import { dropDatabase, freshDatabase } from '../support/database';
import { startFakeSlack } from '../support/fake-slack';
import { TEST_BOT_TOKEN } from '../support/slack-ids';
import { rows } from '../support/sql';
import { type CliRun, runCli } from './run-cli';

/**
 * `npx partneros import` and `export` through the real command-line process, on the engine the suite
 * runs on (SQLite, or PostgreSQL under `npm run test:pg`). Before the app's first start there is no
 * workspace on file: the rows belong to none until the app adopts them (see src/cli/choose-workspace.ts).
 */

let dir: string;
let db: string;
let env: Record<string, string>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'partneros-cli-'));
  db = await freshDatabase({ dir });
  env = { PARTNEROS_DB: db, PARTNEROS_CONFIG: join(dir, 'partneros.yml') };
});
afterEach(async () => {
  await dropDatabase(db);
  await rm(dir, { recursive: true, force: true });
});

const cli = (...args: string[]): Promise<CliRun> => runCli(args, env, { cwd: dir });
const file = async (name: string, text: string | Buffer): Promise<string> => {
  await writeFile(join(dir, name), text);
  return name;
};

async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(db, { now: () => new Date().toISOString() });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

const partners = () =>
  withDatabase((d) =>
    rows<{ name: string; tier: string; health: number | null }>(
      d.workspace(UNASSIGNED),
      'SELECT name, tier, health FROM partners ORDER BY name',
    ),
  );

const MESSY = Buffer.concat([
  Buffer.from([0xef, 0xbb, 0xbf]),
  Buffer.from(
    'Stage,NAME,tier,Region,Health\r\n' +
      'active,"Acme, Inc",gold,EMEA,80\r\n' +
      '\r\n' +
      ',"Globex ""Big"" Co",Silver,,55\r\n' +
      ',Société Générale,Platinum,,\r\n' +
      ',ACME, INC,Bronze,,\r\n',
  ),
]);

// Each test runs the real bin several times, and each run compiles the TypeScript it loads (tsx).
describe('partneros import', { timeout: 90_000 }, () => {
  it('explains itself with --help: the columns, dry run and --apply, exit codes', async () => {
    const help = await cli('import', '--help');
    expect(help.code).toBe(0);
    for (const word of ['--apply', '--team', 'name', 'owner', 'health', 'Exit codes', 'partners.csv'])
      expect(help.stdout).toContain(word);
    const top = await cli('--help');
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/import \[options\] <file>/);
    expect(top.stdout).toMatch(/export \[options\] \[file\]/);
  });

  it('is bad usage (exit 2) without a file or with an unknown option; a missing file is exit 1 naming it', async () => {
    const none = await cli('import');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/missing required argument 'file'/);
    const unknown = await cli('import', 'x.csv', '--force');
    expect(unknown.code).toBe(2);
    const missing = await cli('import', 'nowhere.csv');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nowhere.csv');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const bad = await cli('import', await file('bad.csv', 'tier\nGold\n'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.csv: Line 1: there is no “name” column/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('dry-runs by default: every row and problem by line, nothing written, exit 1 while rows have problems', async () => {
    const run = await cli('import', await file('messy.csv', MESSY));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'Dry run of messy.csv (nothing written): 4 rows — 2 to add, 0 to change, 0 unchanged, 2 skipped.',
    );
    expect(run.stdout).toContain('Ignored columns (not PartnerOS fields): Region.');
    expect(run.stdout).toMatch(/line 2 +add +Acme, Inc +tier: Gold, stage: active, health: 80/);
    expect(run.stdout).toMatch(/line 4 +add +Globex "Big" Co/);
    expect(run.stdout).toContain('line 5: tier “Platinum” is not a tier. Allowed: Gold, Silver, Bronze.');
    expect(run.stdout).toContain('line 6: the row has 6 values, but the header has 5 columns');
    expect(run.stderr).toMatch(/2 rows have problems/);
    expect(await partners()).toEqual([]);
  });

  it('--apply writes the valid rows in one go, exits 1 for the skipped ones, and a second run changes nothing', async () => {
    const name = await file('messy.csv', MESSY);
    const first = await cli('import', name, '--apply');
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('Imported messy.csv: 4 rows — 2 added, 0 changed, 0 unchanged, 2 skipped.');
    expect(first.stdout).toContain('Change notices were not posted in partner channels: SLACK_BOT_TOKEN is not set.');
    expect(first.stderr).toMatch(/2 rows were skipped for the problems listed above; the other rows are imported/);
    expect(await partners()).toEqual([
      { name: 'Acme, Inc', tier: 'Gold', health: 80 },
      { name: 'Globex "Big" Co', tier: 'Silver', health: 55 },
    ]);
    const fixed = await file(
      'fixed.csv',
      'name,tier,health\nACME, INC,Silver,80\nSociété Générale,Gold,\n'.replace('ACME, INC', '"ACME, INC"'),
    );
    const second = await cli('import', fixed, '--apply');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/line 2 +changed +Acme, Inc +tier: Gold → Silver/);
    expect(second.stdout).toMatch(/line 3 +added +Société Générale/);
    const third = await cli('import', fixed, '--apply');
    expect(third.code).toBe(0);
    expect(third.stdout).toContain('0 added, 0 changed, 2 unchanged, 0 skipped');
    const health = await withDatabase((d) => rows(d.workspace(UNASSIGNED), 'SELECT note FROM health_events'));
    expect(health).toEqual([{ note: 'imported' }, { note: 'imported' }]);
  });

  it('imports 10,000 rows with --apply', async () => {
    const lines = ['name,type,tier,stage,owner,channel,vertical,health'];
    for (let i = 0; i < 10_000; i++)
      lines.push(
        `Partner ${i},${i % 2 ? 'reseller' : 'si'},${['Gold', 'Silver', 'Bronze'][i % 3]},active,U0OWNER${i % 7},,Retail,${i % 101}`,
      );
    const run = await cli('import', await file('big.csv', `${lines.join('\n')}\n`), '--apply');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('10000 rows — 10000 added');
    const count = await withDatabase((d) =>
      rows<{ n: number }>(d.workspace(UNASSIGNED), 'SELECT count(*) AS n FROM partners'),
    );
    expect(Number(count[0]?.n)).toBe(10_000);
    const found = await withDatabase((d) =>
      d.workspace(UNASSIGNED).partners.fitting('partner 9999', { prefix: false, limit: 2 }),
    );
    expect(found.map((p) => p.name)).toEqual(['Partner 9999']);
  }, 120_000);

  it('looks owner e-mails up and posts change notices when a bot token is set', async () => {
    const slack = await startFakeSlack();
    try {
      slack.setEmail('ana@example.com', 'U0ANA');
      env = { ...env, SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_API_URL: slack.apiUrl };
      const name = await file(
        'owners.csv',
        'name,owner,channel\nAcme,ana@example.com,C0ACME\nGlobex,bob@example.com,\n',
      );
      const run = await cli('import', name, '--apply', '--as', 'U0ADMIN');
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/line 2 +added +Acme +owner: U0ANA, channel: C0ACME/);
      expect(run.stdout).toContain('line 3: owner “bob@example.com” is not the e-mail of any Slack member here');
      expect(run.stdout).toContain('Change notices posted in partner channels: 1.');
      const notice = slack.messages('C0ACME')[0];
      expect(notice?.text).toContain('Acme');
      expect(notice?.text).toContain('<@U0ADMIN>');
    } finally {
      await slack.close();
    }
  });
});

describe('partneros export', { timeout: 90_000 }, () => {
  it('explains itself with --help, refuses an unknown --what (exit 1) and a database that does not exist', async () => {
    const help = await cli('export', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--what');
    const what = await cli('export', '--what', 'deals');
    expect(what.code).toBe(1);
    expect(what.stderr).toContain('--what deals: say one of partners, notes, milestones, health.');
  });

  it('writes only CSV to stdout, the import’s columns, and export → import changes nothing', async () => {
    await cli('import', await file('messy.csv', MESSY), '--apply');
    const out = await cli('export');
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe(
      'name,type,tier,stage,owner,channel,vertical,health\n' +
        '"Acme, Inc",,Gold,active,,,,80\n' +
        '"Globex ""Big"" Co",,Silver,prospect,,,,55\n',
    );
    const toFile = await cli('export', 'out.csv');
    expect(toFile.stdout).toBe('Wrote 2 partners to out.csv.\n');
    expect((await readFile(join(dir, 'out.csv'), 'utf8')).replace(/^\uFEFF/, '')).toBe(out.stdout);
    const back = await cli('import', 'out.csv', '--apply');
    expect(back.code).toBe(0);
    expect(back.stdout).toContain('0 added, 0 changed, 2 unchanged, 0 skipped');
  });

  it('exports notes, milestones and health history with each partner’s name', async () => {
    await cli('import', await file('p.csv', 'name,health\n"Acme, Inc",70\n'), '--apply');
    await withDatabase(async (d) => {
      const store = d.workspace(UNASSIGNED);
      const acme = await store.partners.findByName('acme, inc');
      if (!acme) throw new Error('not imported');
      await store.notes.add({
        partner_id: acme.id,
        text: 'Met "Dana", said yes,\nthen no',
        user_id: 'U0ANA',
        permalink: null,
        at: '2026-01-02T00:00:00Z',
      });
      await store.milestones.add({
        partner_id: acme.id,
        title: 'Kickoff',
        due_on: '2026-02-01',
        created_by: 'U0ANA',
        created_at: '2026-01-02T00:00:00Z',
      });
    });
    const notes = await cli('export', '--what', 'notes');
    expect(notes.stdout).toBe(
      'name,note,by,at,link\n"Acme, Inc","Met ""Dana"", said yes,\nthen no",U0ANA,2026-01-02T00:00:00Z,\n',
    );
    const milestones = await cli('export', '--what', 'milestones');
    expect(milestones.stdout).toBe(
      'name,milestone,due,status,done_at,created_by\n"Acme, Inc",Kickoff,2026-02-01,open,,U0ANA\n',
    );
    const health = await cli('export', '--what', 'health');
    expect(health.stdout).toMatch(/^name,health,previous,reason,by,at\n"Acme, Inc",70,,imported,cli,/);
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TIERS } from '../../src/config/schema';
import { addMonths } from '../../src/domain/reminders/calendar';

/**
 * `npx partneros demo` and `npx partneros run` through the real bin, in a child process, on a fresh
 * SQLite file, with no Slack variables at all (so nothing may leave the machine). The database is
 * then read directly to check what was recorded.
 */

const BIN = join(process.cwd(), 'src', 'cli', 'bin.mjs');
const ME = 'U0TESTER1';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'partneros-cli-'));
  dirs.push(dir);
  return dir;
}

/** One `partneros …` in `dir`: its own database, the default company settings, no Slack. */
function cli(dir: string, args: readonly string[]): Promise<Ran> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    PARTNEROS_DB: join(dir, 'partneros.db'),
    PARTNEROS_CONFIG: join(dir, 'partneros.yml'),
  };
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { cwd: dir, env, timeout: 60_000 }, (_e, stdout, stderr) =>
      resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

function query<T>(dir: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(join(dir, 'partneros.db'), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
const count = (dir: string, sql: string, ...params: unknown[]): number =>
  query<{ n: number }>(dir, sql, ...params)[0]?.n ?? -1;

const TABLES = [
  'partners',
  'notes',
  'health_events',
  'milestones',
  'qbrs',
  'playbook_runs',
  'run_answers',
  'documents',
  'audit_log',
  'partner_name_trigrams',
  'reminder_schedule',
];
const counts = (dir: string) =>
  Object.fromEntries(TABLES.map((t) => [t, count(dir, `SELECT COUNT(*) AS n FROM ${t}`)]));

const isoDay = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** What no plain-text answer may hold: Slack's escapes, mrkdwn, Block Kit, JSON, a stack trace. */
function expectPlain(text: string): void {
  expect(text).not.toMatch(/&amp;|&lt;|&gt;/);
  expect(text).not.toMatch(/<@U|<#C|\*[A-Z][^*\n]*\*/);
  expect(text).not.toMatch(/"blocks"|"type":\s*"section"/);
  expect(text.trimStart().startsWith('{')).toBe(false);
  expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe('partneros demo', () => {
  let dir: string;
  let first: Ran;
  beforeAll(async () => {
    dir = freshDir();
    first = await cli(dir, ['demo']);
  }, 90_000);

  it('seeds a dozen partners across tiers, types and stages, with history, notes and milestones', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Seeded .*12 partners/);
    expectPlain(first.stdout);
    expect(count(dir, 'SELECT COUNT(*) AS n FROM partners WHERE demo = 1')).toBe(12);
    expect(count(dir, 'SELECT COUNT(DISTINCT tier) AS n FROM partners')).toBe(3);
    expect(count(dir, 'SELECT COUNT(DISTINCT type) AS n FROM partners')).toBe(5);
    expect(count(dir, 'SELECT COUNT(DISTINCT stage) AS n FROM partners')).toBeGreaterThanOrEqual(6);
    // Health history: more scores than partners, and partners scored more than once.
    expect(count(dir, 'SELECT COUNT(*) AS n FROM health_events')).toBeGreaterThan(12);
    expect(
      count(
        dir,
        'SELECT COUNT(*) AS n FROM (SELECT partner_id FROM health_events GROUP BY partner_id HAVING COUNT(*) > 1)',
      ),
    ).toBeGreaterThanOrEqual(4);
    expect(count(dir, 'SELECT COUNT(*) AS n FROM notes')).toBeGreaterThanOrEqual(12);
    expect(count(dir, "SELECT COUNT(*) AS n FROM milestones WHERE status = 'done'")).toBeGreaterThanOrEqual(1);
  });

  it('has milestones overdue and due this week, counted from today', () => {
    // A day of slack either way: the company's time zone need not be UTC.
    const overdue = count(
      dir,
      "SELECT COUNT(*) AS n FROM milestones WHERE status = 'open' AND due_on <= ?",
      isoDay(-2),
    );
    const thisWeek = count(
      dir,
      "SELECT COUNT(*) AS n FROM milestones WHERE status = 'open' AND due_on BETWEEN ? AND ?",
      isoDay(1),
      isoDay(6),
    );
    expect(overdue).toBeGreaterThanOrEqual(2);
    expect(thisWeek).toBeGreaterThanOrEqual(3);
  });

  it('has a QBR coming due within two weeks and one overdue', () => {
    const held = query<{ held_on: string; tier: string }>(
      dir,
      'SELECT q.held_on, p.tier FROM qbrs q JOIN partners p ON p.id = q.partner_id',
    );
    const nextDue = held.map((q) => {
      const months = DEFAULT_TIERS.find((t) => t.name === q.tier)?.qbr_every_months ?? 0;
      return addMonths(q.held_on, months);
    });
    expect(nextDue.some((d) => d >= isoDay(0) && d <= isoDay(14))).toBe(true);
    expect(nextDue.some((d) => d < isoDay(-1))).toBe(true);
  });

  it('leaves one playbook run in progress, past its first step, and two documents', () => {
    const runs = query<{ status: string; step_index: number; thread_ts: string | null }>(
      dir,
      'SELECT status, step_index, thread_ts FROM playbook_runs',
    );
    expect(runs).toEqual([{ status: 'active', step_index: 1, thread_ts: null }]);
    expect(count(dir, 'SELECT COUNT(*) AS n FROM run_answers')).toBeGreaterThan(3);
    expect(first.stdout).toMatch(/Playbook run in progress: Onboard for Meadowgate Partners, at Step 2 of/);
    const docs = query<{ title: string }>(dir, 'SELECT title FROM documents ORDER BY title');
    expect(docs.map((d) => d.title)).toEqual([
      'Joint Business Plan — Harborlight Systems v1',
      'Mutual Non-Disclosure Agreement (NDA) — Brightmoor Labs v1',
    ]);
  });

  it('adds nothing when run again', async () => {
    const before = counts(dir);
    const again = await cli(dir, ['demo']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/already here \(12 partners\): nothing added/);
    expect(counts(dir)).toEqual(before);
  }, 60_000);
});

describe('partneros demo --reset', () => {
  it('deletes the demo’s partners with every row of theirs and keeps a partner a person added', async () => {
    const dir = freshDir();
    const added = await cli(dir, ['run', 'add "Acme & Co" tier=Gold type=reseller', '--as', ME]);
    expect(added.code, added.stderr).toBe(0);
    expect((await cli(dir, ['run', 'note "Acme & Co" Met their CTO', '--as', ME])).code).toBe(0);
    const seeded = await cli(dir, ['demo']);
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(count(dir, 'SELECT COUNT(*) AS n FROM partners')).toBe(13);

    const reset = await cli(dir, ['demo', '--reset']);
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toMatch(/Removed the demo: 12 partners/);
    expectPlain(reset.stdout);

    const left = query<{ name: string; archived: number }>(
      dir,
      'SELECT name, archived_at IS NOT NULL AS archived FROM partners',
    );
    expect(left).toEqual([{ name: 'Acme & Co', archived: 0 }]);
    for (const table of TABLES.filter((t) => t !== 'partners' && t !== 'run_answers'))
      expect(
        count(dir, `SELECT COUNT(*) AS n FROM ${table} WHERE partner_id NOT IN (SELECT id FROM partners)`),
        table,
      ).toBe(0);
    expect(count(dir, 'SELECT COUNT(*) AS n FROM run_answers')).toBe(0);
    expect(count(dir, 'SELECT COUNT(*) AS n FROM notes')).toBe(1);
    expect(count(dir, 'SELECT COUNT(*) AS n FROM audit_log')).toBeGreaterThanOrEqual(2);

    const list = await cli(dir, ['run', 'list', '--as', ME]);
    expect(list.stdout).toMatch(/Partners \(1\)/);
    expect(list.stdout).not.toMatch(/Harborlight/);

    const twice = await cli(dir, ['demo', '--reset']);
    expect(twice.code).toBe(0);
    expect(twice.stdout).toMatch(/No demo partners here/);
  }, 180_000);
});

describe('partneros run', () => {
  let dir: string;
  beforeAll(() => {
    dir = freshDir();
  });

  it('adds, notes, shows and lists in plain text, recorded as the --as person', async () => {
    const add = await cli(dir, ['run', 'add "Acme & <Co>" tier=Gold type=reseller', '--as', ME]);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/✅ Acme & <Co>: added — tier Gold, stage prospect, owner @U0TESTER1/);
    expectPlain(add.stdout);
    // Not linked to a channel: no notice is due, so nothing is said about Slack.
    expect(add.stdout).not.toMatch(/SLACK_BOT_TOKEN/);

    const note = await cli(dir, ['run', 'note "Acme & <Co>" Pilot at R&D <next week>', '--as', ME]);
    expect(note.code, note.stderr).toBe(0);
    expect(note.stdout).toContain('> Pilot at R&D <next week>');
    expectPlain(note.stdout);

    const show = await cli(dir, ['run', 'show "acme & <co>"', '--as', ME]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/Acme & <Co>/);
    expect(show.stdout).toMatch(/Tier\s+Gold/);
    expect(show.stdout).toContain('Pilot at R&D <next week>');
    expectPlain(show.stdout);

    const list = await cli(dir, ['run', 'list', '--as', ME]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/Partners \(1\)\n.*Acme & <Co>\s+Gold\s+prospect\s+@U0TESTER1/);
    expectPlain(list.stdout);

    // Recorded the way Slack records it: rows and audit entries by that person.
    expect(count(dir, "SELECT COUNT(*) AS n FROM notes WHERE user_id = 'U0TESTER1'")).toBe(1);
    expect(count(dir, "SELECT COUNT(*) AS n FROM audit_log WHERE user_id = 'U0TESTER1'")).toBeGreaterThanOrEqual(2);
  }, 180_000);

  it('says when a change notice is skipped for want of a bot token', async () => {
    const add = await cli(dir, ['run', 'add Globex channel=#C0PARTNER1', '--as', ME]);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/Change notice to the partner channel skipped: SLACK_BOT_TOKEN is not set/);
  }, 60_000);

  it('prints the grammar for help', async () => {
    const help = await cli(dir, ['run', 'help', '--as', ME]);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/add <name>/);
    expect(help.stdout).toMatch(/show <name>/);
    expectPlain(help.stdout);
  }, 60_000);

  it('an unknown partner exits 1 with the fix on stderr and nothing on stdout', async () => {
    const before = counts(dir);
    const r = await cli(dir, ['run', 'show "Nobody Inc"', '--as', ME]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/No partner called “Nobody Inc”/);
    expect(r.stderr).toMatch(/npx partneros run 'add "Name"' --as/);
    expectPlain(r.stderr);
    expect(counts(dir)).toEqual(before);
  }, 60_000);

  it('a --as that is not a member id is a bad command line (exit 2)', async () => {
    const r = await cli(dir, ['run', 'list', '--as', 'alice']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--as alice is not a Slack member id/);
  }, 60_000);
});

describe('the command line itself', () => {
  const dir = freshDir();

  it.each([
    ['demo', /--reset/],
    ['run', /--as <member id>/],
    ['setup', /--env-file <file>/],
    ['convert-partneros', /--out <folder>/],
  ])(
    '%s --help says what it does, its options and an example',
    async (name, option) => {
      const r = await cli(dir, [name, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: partneros ${name}`);
      expect(r.stdout).toMatch(option);
      expect(r.stdout).toMatch(new RegExp(`Examples?:\\n  npx partneros ${name}`));
    },
    60_000,
  );

  it('partneros --help lists the new commands', async () => {
    const r = await cli(dir, ['--help']);
    expect(r.code).toBe(0);
    for (const name of ['demo', 'run', 'setup', 'convert-partneros', 'migrate-db']) expect(r.stdout).toContain(name);
  }, 60_000);

  it.each([
    [['bogus'], /unknown command 'bogus'/],
    [['demo', '--bogus'], /unknown option '--bogus'/],
    [['run', 'list'], /required option '--as <member id>' not specified/],
    [['convert-partneros', 'somewhere'], /required option '--out <folder>' not specified/],
  ])(
    '%j exits 2 with the reason',
    async (args, reason) => {
      const r = await cli(dir, args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(reason);
      expect(r.stdout).toBe('');
    },
    60_000,
  );
});

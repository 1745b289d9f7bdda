import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io';
import { type Database, openDatabase } from '../../src/store';
import { TENANT_TABLES } from '../../src/store/workspaces';
import { dropDatabase, freshDatabase, testEngine } from '../support/database';
import { saveInstalledWorkspace } from '../support/install';
import { value } from '../support/sql';
import { runCli, runMain } from './run-cli';

/**
 * `npx partneros workspace list|delete`, run as the real bin in a child process (no terminal on its
 * stdin), on a database holding two workspaces with a row in every table a workspace owns. The
 * confirmation prompt needs a terminal, so its answers go through `main` with a terminal-like io.
 */

const AT = '2026-12-01T09:30:00.000Z';
const ALPHA = 'T0ALPHA';
const BETA = 'T0BETA';

async function seedWorkspace(database: Database, id: string, name: string, partners: number): Promise<void> {
  await saveInstalledWorkspace(database, { id: id, name, at: AT });
  const s = database.workspace(id);
  const ids: number[] = [];
  for (let i = 0; i < partners; i++)
    ids.push(
      await s.partners.insert({
        name: `${name} Partner ${i}`,
        type: null,
        tier: 'Gold',
        stage: 'active',
        owner_user_id: 'U0OWNER', // a partner's owner is registered for time zones (slack_users)
        channel_id: 'C0PARTNER',
        vertical: null,
        created_by: 'U0OWNER',
        at: AT,
      }),
    );
  const partnerId = ids[0] ?? 0;
  await s.health.add({ partner_id: partnerId, score: 70, previous: null, note: null, user_id: 'U0OWNER', at: AT });
  await s.notes.add({ partner_id: partnerId, text: 'met the VP', user_id: 'U0OWNER', permalink: null, at: AT });
  await s.milestones.add({
    partner_id: partnerId,
    title: 'Kick-off',
    due_on: '2026-12-10',
    created_by: 'U0OWNER',
    created_at: AT,
  });
  await s.audit.write({ at: AT, user_id: 'U0OWNER', partner_id: partnerId, action: 'partner.added', detail: {} });
  await s.processedEvents.claim(`event:${id}`, AT);
  await s.documents.add({
    partner_id: partnerId,
    run_id: null,
    template_id: 'legal/mutual-nda',
    template_version: '1.0.0',
    title: 'NDA',
    rendered_text: 'text',
    missing: [],
    created_by: 'U0OWNER',
    created_at: AT,
  });
  await s.qbrs.add({ partner_id: partnerId, held_on: '2026-11-30', run_id: null, user_id: 'U0OWNER', at: AT });
  await s.deliveries.insertAll(
    [
      {
        occurrence_key: `${id}:milestone:1:due:2026-12-10`,
        item_key: `${id}:milestone:1`,
        kind: 'milestone',
        partner_id: partnerId,
        item_id: 1,
        target: 'channel:C0PARTNER',
        channel_id: null,
        due_at: AT,
        next_attempt_at: AT,
        payload: '{}',
        created_at: AT,
      },
    ],
    (k) => `superseded by ${k}`,
  );
  await s.snoozes.set({
    item_key: `${id}:qbr:${partnerId}`,
    partner_id: partnerId,
    until_at: AT,
    user_id: 'U0OWNER',
    at: AT,
  });
  await s.digests.add('user:U0OWNER', AT, 'U0OWNER', AT);
  const runId = await s.runs.insert({
    partner_id: partnerId,
    playbook_id: 'qbr',
    channel_id: 'C0PARTNER',
    started_by: 'U0OWNER',
    at: AT,
  });
  await s.runs.answers.add({
    run_id: runId,
    step_id: 'prepare',
    field_id: 'meeting_date',
    value: '2026-12-04',
    user_id: 'U0OWNER',
    at: AT,
  });
  await s.partnerAnswers.add([
    {
      partner_id: partnerId,
      field_id: 'contact_name',
      value: 'Ana',
      template_id: 'legal/mutual-nda',
      user_id: 'U0OWNER',
      at: AT,
    },
  ]);
}

/** Rows per table a workspace owns, with its installation and its own row. */
async function counts(database: Database, id: string): Promise<Record<string, number>> {
  const store = database.workspace(id);
  const out: Record<string, number> = {};
  for (const table of TENANT_TABLES)
    out[table] = Number(await value(store, `SELECT count(*) AS n FROM ${table} WHERE workspace_id = '${id}'`));
  out.slack_installations = Number(
    await value(store, `SELECT count(*) AS n FROM slack_installations WHERE workspace_id = '${id}'`),
  );
  out.workspaces = Number(await value(store, `SELECT count(*) AS n FROM workspaces WHERE id = '${id}'`));
  return out;
}

let target: string;
let database: Database;
let env: Record<string, string>;

beforeEach(async () => {
  target = await freshDatabase();
  database = await openDatabase(target, { now: () => AT });
  await seedWorkspace(database, ALPHA, 'Alpha Corp', 3);
  await seedWorkspace(database, BETA, 'Beta GmbH', 2);
  env = { PARTNEROS_DB: target };
});

afterEach(async () => {
  await database.close();
  await dropDatabase(target);
});

describe(`npx partneros workspace on ${testEngine}, as a process`, { timeout: 60_000 }, () => {
  it('seeds a row in every table a workspace owns, for both workspaces (or the checks below prove nothing)', async () => {
    for (const id of [ALPHA, BETA]) {
      const empty = Object.entries(await counts(database, id)).filter(([, n]) => n === 0);
      expect(empty, id).toEqual([]);
    }
    // Every table that carries a workspace_id is one an erasure empties.
    const tables = await database.db.introspection.getTables();
    const owned = tables
      .filter((t) => t.columns.some((c) => c.name === 'workspace_id'))
      .map((t) => t.name)
      .sort();
    expect(owned).toEqual([...TENANT_TABLES, 'slack_installations'].sort());
  });

  it('lists both workspaces with their status and partner counts, as a table and as JSON', async () => {
    await database.workspaces.dropInstallation(BETA, '2026-12-05T10:00:00.000Z');
    const listed = await runCli(['workspace', 'list'], env);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.split('\n');
    expect(lines[0]).toMatch(/^WORKSPACE\s+NAME\s+STATUS\s+PARTNERS$/);
    expect(lines.find((l) => l.startsWith(ALPHA))).toMatch(/Alpha Corp\s+installed 2026-12-01 09:30 UTC\s+3$/);
    expect(lines.find((l) => l.startsWith(BETA))).toMatch(/Beta GmbH\s+uninstalled 2026-12-05 10:00 UTC\s+2$/);

    const json = await runCli(['workspace', 'list', '--json'], env);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      { id: ALPHA, name: 'Alpha Corp', installed: true, installedAt: AT, uninstalledAt: null, partners: 3 },
      {
        id: BETA,
        name: 'Beta GmbH',
        installed: false,
        installedAt: AT,
        uninstalledAt: '2026-12-05T10:00:00.000Z',
        partners: 2,
      },
    ]);
  });

  it('deletes one workspace with --yes: every row it owned goes, the other workspace keeps all of its own', async () => {
    const beta = await counts(database, BETA);
    const alpha = await counts(database, ALPHA);
    const run = await runCli(['workspace', 'delete', ALPHA, '--yes'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Deleted workspace T0ALPHA (Alpha Corp) for good: 3 partners');
    // What it printed is what went.
    for (const [table, n] of Object.entries(alpha)) expect(run.stdout).toMatch(new RegExp(`^ {2}${table} +${n}$`, 'm'));
    expect(run.stdout).toContain('It was still installed: its tokens were deleted with it');

    const left = await counts(database, ALPHA);
    expect(Object.entries(left).filter(([, n]) => n > 0)).toEqual([]);
    expect(await counts(database, BETA)).toEqual(beta);
    expect((await database.workspaces.list()).map((w) => w.id)).toEqual([BETA]);
    expect(await database.workspaces.installation(BETA)).toContain(`xoxb-${BETA}`);
  });

  it('refuses without a terminal and without --yes, and deletes nothing', async () => {
    const before = await counts(database, ALPHA);
    const run = await runCli(['workspace', 'delete', ALPHA], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Nothing was deleted');
    expect(run.stderr).toContain(`npx partneros workspace delete ${ALPHA} --yes`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await counts(database, ALPHA)).toEqual(before);
  });

  it('answers an unknown workspace id with what to do', async () => {
    const unknown = await runCli(['workspace', 'delete', 'T0NOPE', '--yes'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No workspace T0NOPE is on file.');
    expect(unknown.stderr).toContain('npx partneros workspace list');
  });

  it('exits 2 on bad usage and 0 on --help', async () => {
    const missing = await runCli(['workspace', 'delete'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing required argument 'workspace-id'");
    const help = await runCli(['workspace', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: partneros workspace');
    expect(await counts(database, ALPHA)).toMatchObject({ partners: 3, workspaces: 1 });
  });
});

/** The same entry point in this process (bin.mjs only sets process.exitCode from it): what needs no second process. */
const inProcess = (args: readonly string[], io: Partial<CliIo> = {}) => runMain(args, env, io);

describe('npx partneros workspace, more usage', () => {
  it('exits 2 on every other bad usage, touching nothing', async () => {
    const bad = [
      ['workspace'],
      ['workspace', 'frob'],
      ['workspace', 'delete', ALPHA, BETA, '--yes'],
      ['workspace', 'list', '--yes'],
      ['workspace', 'delete', ALPHA, '--force'],
    ];
    for (const args of bad) expect((await inProcess(args)).code, args.join(' ')).toBe(2);
    expect(await counts(database, ALPHA)).toMatchObject({ partners: 3, workspaces: 1 });
  });

  it('answers --help on each command', async () => {
    for (const args of [['workspace', 'list', '--help'], ['workspace', 'delete', '--help'], ['--help']]) {
      const run = await inProcess(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout, args.join(' ')).toContain('workspace');
    }
    expect((await inProcess(['workspace', 'delete', '--help'])).stdout).toContain('--yes');
  });

  it('gives a workspace’s id back when its name was given instead', async () => {
    const run = await inProcess(['workspace', 'delete', 'alpha corp', '--yes']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`The workspace named "alpha corp" has the id ${ALPHA}: give that.`);
    expect(await counts(database, ALPHA)).toMatchObject({ partners: 3, workspaces: 1 });
  });

  it('says which setting is wrong when there is no database', async () => {
    const missing = join(tmpdir(), 'partneros-cli-missing', 'none.db');
    const run = await inProcess(['workspace', 'list'], { env: { PARTNEROS_DB: missing } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`PARTNEROS_DB: there is no database at ${missing}`);
  });

  it('notes the partners from before workspaces, which belong to none yet', async () => {
    const none = database.workspace('');
    await none.partners.insert({
      name: 'Old Partner',
      type: null,
      tier: 'Gold',
      stage: 'active',
      owner_user_id: null,
      channel_id: null,
      vertical: null,
      created_by: 'U0OWNER',
      at: AT,
    });
    const run = await inProcess(['workspace', 'list']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 partner from before workspaces existed belong to no workspace yet');
    const json = await inProcess(['workspace', 'list', '--json']);
    expect(JSON.parse(json.stdout)).toHaveLength(2);
    expect(json.stderr).toContain('1 partner from before workspaces');
  });
});

describe('the confirmation on a terminal', () => {
  function terminal(answer: string | undefined) {
    const asked: string[] = [];
    const io: Partial<CliIo> = {
      interactive: true,
      ask: async (question) => {
        asked.push(question);
        return answer;
      },
    };
    return { io, asked };
  }

  it('deletes once the workspace id is typed back', async () => {
    const t = terminal(` ${ALPHA} `);
    const run = await inProcess(['workspace', 'delete', ALPHA], t.io);
    expect(run.code).toBe(0);
    expect(t.asked).toEqual([`Type the workspace id (${ALPHA}) or its name to confirm: `]);
    expect(run.stderr).toContain(
      'Workspace T0ALPHA (Alpha Corp): 3 partners, still installed (since 2026-12-01 09:30 UTC).',
    );
    expect(run.stderr).toContain('installing it again starts empty');
    expect(run.stdout).toContain('Deleted workspace T0ALPHA (Alpha Corp) for good');
    expect(await counts(database, ALPHA)).toMatchObject({ partners: 0, workspaces: 0, slack_installations: 0 });
    expect(await counts(database, BETA)).toMatchObject({ partners: 2, workspaces: 1, slack_installations: 1 });
  });

  it('takes the workspace name, whatever its case', async () => {
    const run = await inProcess(['workspace', 'delete', ALPHA], terminal('ALPHA CORP').io);
    expect(run.code).toBe(0);
    expect(await counts(database, ALPHA)).toMatchObject({ partners: 0, workspaces: 0 });
  });

  it('deletes nothing on another answer, or none (Ctrl-C, Ctrl-D)', async () => {
    for (const answer of [BETA, 'yes', '', undefined]) {
      const run = await inProcess(['workspace', 'delete', ALPHA], terminal(answer).io);
      expect(run.code, String(answer)).toBe(1);
      expect(run.stderr, String(answer)).toContain('nothing was deleted');
    }
    expect(await counts(database, ALPHA)).toMatchObject({ partners: 3, workspaces: 1, slack_installations: 1 });
    expect(await counts(database, BETA)).toMatchObject({ partners: 2, workspaces: 1 });
  });

  it('says that an uninstalled workspace has no installation left to lose', async () => {
    await database.workspaces.dropInstallation(BETA, '2026-12-05T10:00:00.000Z');
    const run = await inProcess(['workspace', 'delete', BETA], terminal(BETA).io);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Workspace T0BETA (Beta GmbH): 2 partners, uninstalled 2026-12-05 10:00 UTC.');
    expect(run.stderr).not.toContain('installation (tokens)');
    expect(run.stdout).not.toContain('still installed');
  });
});

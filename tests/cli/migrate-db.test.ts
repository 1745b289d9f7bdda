/**
 * `partneros migrate-db --to <target>` through its bin, as an operator runs it: a SQLite database
 * written by the real app (every kind of row) goes into an empty PostgreSQL database, and the app
 * started on the PostgreSQL URL carries on where the SQLite one stopped. The copy needs a
 * PostgreSQL server (npm run test:pg); the command's refusals also run on SQLite targets.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { BUILTIN_PLAYBOOKS_DIR, loadPlaybooks } from '../../src/domain/playbooks/load';
import type { Playbook } from '../../src/domain/playbooks/schema';
import { BUILTIN_TEMPLATES_DIR, loadTemplates } from '../../src/domain/templates/load';
import { COPIED_TABLES } from '../../src/store/copy';
import { openStore, type TestStore as Store } from '../support/open-store';
import { IDS } from '../../src/slack/ids';
import { messageOf, textObjectsOf } from '../commands/front-door';
import { inputValues } from '../support/slack-payloads';
import { until } from '../support/until';
import { answerFor, ThreadDriver } from '../playbooks/thread-driver';
import { keyOf, noticesIn, postedCounts, reminderPosts } from '../reminders/support';
import { dropDatabase, freshDatabase, onPostgres } from '../support/database';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack';
import { rows, value } from '../support/sql';
import { startTestApp, type TestApp } from '../support/test-app';
import { saveInstalledWorkspace } from '../support/install';
import { runCli } from './run-cli';

const ACME = 'C0PARTNER_ACME';
const templateIds = new Set(loadTemplates([BUILTIN_TEMPLATES_DIR]).templates.map((t) => t.id));
const recruit = loadPlaybooks([BUILTIN_PLAYBOOKS_DIR], templateIds).playbooks.find(
  (p) => p.id === 'recruit',
) as Playbook;

const replyText = (res: { json?: Record<string, unknown> }): string =>
  [String(res.json?.text ?? ''), ...textObjectsOf(res.json?.blocks)].join('\n');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'partneros-migrate-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const sqliteFile = (name: string) => join(dir, name, 'partneros.db');

/** A SQLite database the app has written one partner to, closed. */
async function smallSqlite(name: string, partner = 'Acme Corp'): Promise<string> {
  const path = sqliteFile(name);
  const t = await startTestApp({ dbPath: path });
  try {
    expect(replyText(await t.send.command(`add "${partner}"`))).toContain('added');
  } finally {
    await t.stop();
  }
  return path;
}

describe('migrate-db refuses what it cannot do, with a message that says why', () => {
  it('refuses a target that already holds data, naming its tables (exit 1)', async () => {
    const source = await smallSqlite('source-full-target');
    const target = await smallSqlite('full-target', 'Globex');
    const r = await runCli(['migrate-db', '--to', target], { PARTNEROS_DB: source });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not empty');
    expect(r.stderr).toMatch(/partners \(1\)/);
    expect(r.stderr).toMatch(/slack_users \(\d+\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses while PartnerOS runs on the source (a live lease), and names it (exit 1)', async () => {
    const source = await smallSqlite('source-running');
    const t = await startTestApp({ dbPath: source });
    try {
      const r = await runCli(['migrate-db', '--to', join(dir, 'running-target.db')], { PARTNEROS_DB: source });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`PartnerOS is running on ${source}`);
      expect(r.stderr).toContain('Stop it first');
    } finally {
      await t.stop();
    }
  });

  it('refuses a source that does not exist (exit 1), creating nothing', async () => {
    const r = await runCli(['migrate-db', '--to', join(dir, 'nowhere-target.db')], {
      PARTNEROS_DB: join(dir, 'no-such', 'partneros.db'),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('PARTNEROS_DB: there is no database at');
    expect(existsSync(join(dir, 'no-such'))).toBe(false);
    expect(existsSync(join(dir, 'nowhere-target.db'))).toBe(false);
  });

  it('names host:port of an unreachable target, never its password (exit 1)', async () => {
    const source = await smallSqlite('source-unreachable');
    const { freePort } = await import('../support/free-port');
    const port = await freePort();
    const r = await runCli(['migrate-db', '--to', `postgres://partneros:pa55word-x@127.0.0.1:${port}/partneros`], {
      PARTNEROS_DB: source,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`127.0.0.1:${port}`);
    expect(r.stderr).toContain('ECONNREFUSED');
    expect(r.stdout + r.stderr).not.toContain('pa55word-x');
  });

  it('copies into an empty SQLite file too, and says what to change in .env', async () => {
    const source = await smallSqlite('source-to-file');
    const target = join(dir, 'copy', 'partneros.db');
    const r = await runCli(['migrate-db', '--to', target], { PARTNEROS_DB: source });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`set PARTNEROS_DB in .env to ${target}`);
    const store = await openStore(target, { now: () => new Date().toISOString() });
    try {
      expect(await store.partners.findByName('Acme Corp')).toMatchObject({ name: 'Acme Corp' });
    } finally {
      await store.close();
    }
  });
});

/** Every row of a copied table, in key order, as plain values. */
async function tableRows(store: Store, table: string, key: string): Promise<Record<string, unknown>[]> {
  const r = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)} ORDER BY ${sql.raw(key)}`.execute(
    store.db,
  );
  return r.rows;
}

describe.runIf(onPostgres)('migrate-db from SQLite into PostgreSQL (npm run test:pg)', () => {
  let slack: FakeSlack;
  let source: string;
  let target: string;
  // Tuesday 24 November 2026, 10:00 in New York: past the 09:00 reminder hour.
  const clock = fixedClock('2026-11-24T15:00:00Z');
  let rootTs = '';

  beforeAll(async () => {
    slack = await startFakeSlack();
    source = sqliteFile('full');
    target = await freshDatabase({ empty: true });
    // The app on SQLite writes every kind of row.
    const t = await startTestApp({ slack, clock, dbPath: source, reminders: { paceMs: 20, timeoutMs: 300 } });
    try {
      await everyKindOfRow(t);
      rootTs = (await new ThreadDriver(t, ACME).root(recruit.name)).ts;
    } finally {
      await t.stop();
    }
  }, 120_000);
  afterAll(async () => {
    await slack?.close();
    await dropDatabase(target);
  });

  /** A document for Acme, and one value typed into its Fill in form (a partner answer; version 2 of the document). */
  async function fillInOneAnswer(t: TestApp): Promise<void> {
    const responses = slack.responses().length;
    await t.send.command('template recruitment/agreement-term-sheet "Acme Corp"');
    const reply = messageOf((await until(() => slack.responses()[responses])).body);
    const open = (reply.blocks as { elements?: { action_id: string; value: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === IDS.templateAnswersOpen);
    if (!open) throw new Error('no Fill in button');
    const views = slack.calls('views.open').length;
    await t.send.blockAction({ actionId: IDS.templateAnswersOpen, value: open.value, channel: 'C0GENERAL' });
    const view = (await until(() => slack.calls('views.open')[views])).params.view as {
      callback_id: string;
      private_metadata: string;
    };
    await t.send.viewSubmission({
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state: inputValues({ [`${IDS.answerBlock}partner_contact_name.${IDS.input}`]: 'Dana Scully' }),
    });
    await until(() => value(t.store, 'SELECT count(*) AS n FROM partner_answers'));
  }

  async function everyKindOfRow(t: TestApp): Promise<void> {
    const ok = async (text: string) => {
      const res = await t.send.command(text);
      expect(res.status, text).toBe(200);
      return replyText(res);
    };
    expect(await ok(`add "Acme Corp" tier=Gold type=reseller channel=<#${ACME}|partner-acme>`)).toContain('added');
    await ok('add "Globex" channel=<#C0GLOBEX|globex>');
    await ok('add "Initech" channel=<#C0INITECH|initech>');
    await ok('add "Oldco"');
    await ok('archive "Oldco"');
    await ok('health "Acme Corp" 72 pipeline slipped a quarter');
    await ok('note "Acme Corp" Met their new VP of alliances');
    await ok('milestone "Acme Corp" "First joint deal" 2026-11-17');
    await ok('milestone "Acme Corp" "Kick-off" 2026-11-02');
    await ok('done "Acme Corp" "Kick-off"');
    await ok('milestone "Globex" "Pilot" 2026-11-17');
    await ok('milestone "Initech" "Pilot" 2026-11-17');
    await ok('qbr-held "Acme Corp" 2026-11-10');
    await fillInOneAnswer(t);
    await t.send.event({
      type: 'app_mention',
      user: 'U0ALICE',
      text: '<@UBOT> hi',
      channel: 'C0GENERAL',
      ts: '1795000000.000100',
    });
    // A run with one answer (a run answer, and the partner's answer).
    await ok('recruit "Acme Corp"');
    const thread = new ThreadDriver(t, ACME);
    const root = await thread.root(recruit.name);
    await thread.step(root.ts, 1);
    const field = recruit.steps[0]?.fields[0];
    if (!field) throw new Error('recruit has no first field');
    expect((await thread.reply(root.ts, answerFor(field))).text).toContain('✅ Recorded');
    await noticesIn(t, 'C0GLOBEX', 2);
    await noticesIn(t, 'C0INITECH', 2);

    // Reminders in every state: Acme's is sent (then snoozed); Globex's channel is gone (failed, then
    // sent to the owner's DM); Initech's meets a Slack hiccup (pending, for a retry).
    slack.failNext('chat.postMessage', 'channel_not_found', { channel: 'C0GLOBEX' });
    slack.failNext('chat.postMessage', 'internal_error', { channel: 'C0INITECH', times: 2 });
    expect(await t.running.reminders.tickNow()).toMatchObject({ ran: true });
    const acmePost = reminderPosts(t, ACME)[0];
    if (!acmePost) throw new Error('no reminder in Acme’s channel');
    await t.send.blockAction({
      actionId: 'reminder.snooze_day',
      value: keyOf(acmePost) ?? '',
      channel: ACME,
      blockId: 'reminder',
      message: {
        type: 'message',
        ts: (acmePost.response as { ts: string }).ts,
        text: '',
        user: 'UBOT',
        bot_id: 'BBOT',
      },
    });
    // Three days on, a newer occurrence of Initech's replaces the one waiting (cancelled) and meets
    // the second hiccup; Umbrella's post times out (Slack has it; the row stays 'sending', in doubt).
    clock.set('2026-11-27T15:00:00Z');
    await ok('add "Umbrella" channel=<#C0UMBRELLA|umbrella>');
    await ok('milestone "Umbrella" "Pilot" 2026-11-20');
    await noticesIn(t, 'C0UMBRELLA', 2);
    slack.delayNext('chat.postMessage', 1_500, { channel: 'C0UMBRELLA' });
    expect(await t.running.reminders.tickNow()).toMatchObject({ ran: true });
    const statuses = await rows<{ status: string }>(t.store, 'SELECT DISTINCT status FROM reminder_deliveries');
    expect(statuses.map((s) => s.status).sort()).toEqual(['cancelled', 'failed', 'pending', 'sending', 'sent']);
    // An "Add to Slack" installation of a second workspace, so that table has a row to copy too.
    await saveInstalledWorkspace(t.running.database, {
      id: 'T0SECOND',
      name: 'Second',
      at: '2026-11-27T15:00:00.000Z',
    });
  }

  it('copies every row of every table, and the app on PostgreSQL carries on where SQLite stopped', async () => {
    const src = await openStore(source, { now: () => new Date().toISOString() });
    const before = new Map<string, Record<string, unknown>[]>();
    try {
      for (const { table, key } of COPIED_TABLES) {
        const all = await tableRows(src, table, key);
        expect(all.length, `${table} has rows in the source`).toBeGreaterThan(0);
        before.set(table, all);
      }
    } finally {
      await src.close();
    }

    const r = await runCli(['migrate-db', '--to', target], { PARTNEROS_DB: source });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`All ${COPIED_TABLES.length} tables copied and counted`);
    expect(r.stdout).toContain('Next: set PARTNEROS_DB in .env to the URL you gave with --to');
    const password = new URL(target).password;
    expect(password).not.toBe('');
    expect(r.stdout + r.stderr).not.toContain(password);

    const dst = await openStore(target, { now: () => new Date().toISOString() });
    try {
      for (const { table, key } of COPIED_TABLES)
        expect(await tableRows(dst, table, key), table).toEqual(before.get(table));
    } finally {
      await dst.close();
    }

    const t = await startTestApp({ slack, clock, dbPath: target, reminders: { paceMs: 20, timeoutMs: 300 } });
    try {
      const shown = replyText(await t.send.command('show "Acme Corp"'));
      expect(shown).toContain('Gold');
      expect(shown).toContain('72');
      expect(shown).toContain('Met their new VP of alliances');
      expect(shown).toContain('First joint deal');
      expect(replyText(await t.send.command('show Oldco'))).toContain('archived');
      expect(replyText(await t.send.command('list'))).not.toContain('Oldco');
      // The run's thread goes on: the next answer is taken in the same thread.
      const thread = new ThreadDriver(t, ACME);
      const field = recruit.steps[0]?.fields[1];
      if (!field) throw new Error('recruit has no second field');
      expect((await thread.reply(rootTs, answerFor(field))).text).toContain('✅ Recorded');
      // Nothing already sent goes out again; the one in doubt is settled from history, not re-posted.
      // (The start-up tick has run already; one more, to be sure nothing is left to go.)
      expect(await t.running.reminders.tickNow()).toMatchObject({ ran: true });
      for (const [key, n] of postedCounts(t)) expect(n, key).toBe(1);
      const umbrella = slack.messages('C0UMBRELLA').filter((m) => keyOf(m));
      expect(umbrella).toHaveLength(1);
      expect(
        await rows(
          t.store,
          "SELECT status, message_ts FROM reminder_deliveries WHERE occurrence_key LIKE 'milestone:%' AND channel_id = 'C0UMBRELLA'",
        ),
      ).toEqual([{ status: 'sent', message_ts: umbrella[0]?.ts }]);
      expect(await value(t.store, "SELECT count(*) AS n FROM reminder_deliveries WHERE status = 'sending'")).toBe(0);
      // A new partner takes the next id.
      const maxId = Number(await value(t.store, 'SELECT max(id) AS n FROM partners'));
      expect(replyText(await t.send.command('add "Newco"'))).toContain('added');
      expect((await t.store.partners.findByName('Newco'))?.id).toBe(maxId + 1);
      await t.send.command('note "Newco" First note after the move');
      expect(Number(await value(t.store, 'SELECT count(*) AS n FROM notes'))).toBe(
        (before.get('notes')?.length ?? 0) + 1,
      );
    } finally {
      await t.stop();
    }
  }, 120_000);
});

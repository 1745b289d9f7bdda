/**
 * Socket Mode with several connections: two app processes on one database, each with its own
 * WebSocket to the fake Socket Mode server. Slack hands each envelope to one connection and may
 * retry it on another; either way it is handled once. Runs on both engines (on SQLite both open
 * one database file: only the lease holder delivers reminders, but both answer everything).
 * Processes, not two apps in this one: better-sqlite3 waits for a lock synchronously, and two
 * handles in one thread would wait on each other.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../support/open-store';
import { type ChildApp, healthStatus, startChild, stopChildren } from '../support/child-app';
import { dropDatabase, freshDatabase, onPostgres, testEngine } from '../support/database';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack';
import { type FakeSocketMode, startFakeSocketMode } from '../support/fake-socket-mode';
import { freePort } from '../support/free-port';
import { commandBody, eventEnvelope } from '../support/slack-payloads';
import { rows } from '../support/sql';
import { until } from '../support/until';

const BOT_TOKEN = 'xoxb-socket-replicas';
const APP_TOKEN = 'xapp-1-socket-replicas';

let slack: FakeSlack;
let socket: FakeSocketMode;
let dir: string;
let db: string;
const replicas: { child: ChildApp; port: number }[] = [];

beforeAll(async () => {
  slack = await startFakeSlack({ tokens: [BOT_TOKEN, APP_TOKEN] });
  socket = await startFakeSocketMode({ slack });
  dir = mkdtempSync(join(tmpdir(), 'partneros-socket-replicas-'));
  db = onPostgres ? await freshDatabase() : join(dir, 'partneros.db');
  // One after the other, so connection #0 is the first process and #1 the second.
  for (const count of [1, 2]) {
    const port = await freePort();
    const child = startChild(
      {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_APP_TOKEN: APP_TOKEN,
        SLACK_API_URL: slack.apiUrl,
        PORT: String(port),
        PARTNEROS_DB: db,
        PARTNEROS_CONFIG: join(dir, 'partneros.yml'),
        LOG_LEVEL: 'info',
      },
      dir,
    );
    replicas.push({ child, port });
    await until(async () => (await healthStatus(port)) === 200 && socket.connectionCount() >= count, {
      timeoutMs: 60_000,
      message: child.out,
    });
  }
}, 150_000);
afterAll(async () => {
  stopChildren();
  await socket?.close();
  await slack?.close();
  await dropDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

const ackText = (payload: unknown): string => JSON.stringify(payload);
const command = async (text: string, connection: number) =>
  (await socket.sendEnvelope('slash_commands', { ...commandBody(text, slack.responseUrl()) }, { connection })).payload;

/** Bot replies in the thread of the message `ts` in C0GENERAL. */
const repliesTo = (ts: string) => slack.messages('C0GENERAL').filter((m) => m.thread_ts === ts);

describe(`two Socket Mode connections (two app processes) on one ${testEngine} database`, () => {
  it('answers commands on either connection from the one database', async () => {
    expect(socket.connectionCount()).toBe(2);
    expect(ackText(await command('add "Twin Corp" tier=Silver', 0))).toContain('Twin Corp');
    expect(ackText(await command('show "twin corp"', 1))).toContain('Silver');
    expect(ackText(await command('tier "Twin Corp" Gold', 1))).toContain('Gold');
    expect(ackText(await command('show "Twin Corp"', 0))).toContain('Gold');
  });

  it(`delivers reminders from ${onPostgres ? 'both processes (PostgreSQL)' : 'the lease holder only (SQLite)'}`, async () => {
    const running = () => replicas.filter((r) => r.child.out().includes('reminder scheduler running here')).length;
    await until(() => running() >= 1, { message: () => replicas.map((r) => r.child.out()).join('\n') });
    const store = await openStore(db, { now: () => new Date().toISOString() });
    try {
      const leases = await rows<{ name: string }>(
        store,
        `SELECT name FROM scheduler_lease WHERE expires_at > ${Date.now()} ORDER BY name`,
      );
      expect(leases.filter((l) => l.name.startsWith('replica:'))).toHaveLength(2);
      expect(leases.filter((l) => l.name === 'reminders')).toHaveLength(onPostgres ? 0 : 1);
    } finally {
      await store.close();
    }
    if (onPostgres) await until(() => running() === 2);
    else expect(running()).toBe(1);
  });

  it('handles an event once when Slack retries it on the other connection', async () => {
    const ts = `${Math.floor(Date.now() / 1000)}.000777`;
    const mention = { type: 'app_mention', user: 'U0ALICE', text: '<@UBOT> hi', channel: 'C0GENERAL', ts };
    const envelope = eventEnvelope(mention, { eventId: 'EvSOCKETTWIN1' });
    await socket.sendEnvelope('events_api', envelope, { connection: 0 });
    await until(() => repliesTo(ts).length === 1, { message: 'the greeting' });
    // Slack saw no ack in time (say) and delivers the same event to the other connection.
    await socket.sendEnvelope('events_api', envelope, { connection: 1, retryAttempt: 1, retryReason: 'timeout' });
    // And one delivered only to the second connection is handled there.
    const ts2 = `${Math.floor(Date.now() / 1000)}.000778`;
    await socket.sendEnvelope('events_api', eventEnvelope({ ...mention, ts: ts2 }, { eventId: 'EvSOCKETTWIN2' }), {
      connection: 1,
    });
    await until(() => repliesTo(ts2).length === 1, { message: 'the greeting through the second connection' });
    // A clean stop finishes the work each process acked: nothing more can come after this.
    for (const r of replicas) r.child.proc.kill('SIGTERM');
    for (const r of replicas) expect(await r.child.exited).toBe(0);
    expect(repliesTo(ts)).toHaveLength(1);
    expect(repliesTo(ts2)).toHaveLength(1);
  });
});

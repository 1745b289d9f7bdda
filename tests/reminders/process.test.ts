import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../support/open-store';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { slackSender } from '../support/signed-requests';
import { until } from '../support/until';
import { keyOf } from './support';
import { freePort } from '../support/free-port';
import { rows } from '../support/sql';
import { dropDatabase, freshDatabase, onPostgres, testEngine } from '../support/database';

/**
 * The app's entry point as a child process, killed with SIGKILL in the middle of a delivery: what a
 * crash or an OOM kill does. Run as `node --import tsx src/index.ts` (what `npm start` runs, minus the
 * tsx wrapper process), so the signal reaches the app itself: SIGKILL cannot be relayed by a wrapper.
 */
const SECRET = 'process-test-secret';

interface Child {
  proc: ChildProcess;
  out: () => string;
  exited: Promise<number | null>;
}

/** Every child started, so a failing test leaves no app running behind it. */
const children: ChildProcess[] = [];

function start(env: Record<string, string>, cwd: string): Child {
  // The loader by absolute URL: the child runs in a temp dir, where a bare `tsx` would not resolve.
  const loader = pathToFileURL(join(process.cwd(), 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const proc = spawn(process.execPath, ['--import', loader, join(process.cwd(), 'src', 'index.ts')], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(proc);
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return { proc, out: () => out, exited: new Promise((resolve) => proc.on('exit', (code) => resolve(code))) };
}

let slack: FakeSlack;
let dir: string;
beforeAll(async () => {
  slack = await startFakeSlack({ tokens: ['xoxb-kill'] });
  dir = mkdtempSync(join(tmpdir(), 'partneros-kill-'));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await slack.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SIGKILL during delivery, then a restart', () => {
  it(`loses no reminder and posts none twice (${testEngine})`, async () => {
    const port = await freePort();
    const dbPath = onPostgres ? await freshDatabase() : join(dir, 'partneros.db');
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-kill',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
      PARTNEROS_DB: dbPath,
      PARTNEROS_CONFIG: join(dir, 'partneros.yml'),
      PARTNEROS_TICK: '*/1 * * * * *',
      LOG_LEVEL: 'info',
    };
    const healthy = async () =>
      (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.status === 200;
    const send = slackSender({
      baseUrl: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: SECRET,
      apiFake: slack,
    });

    const first = start(env, dir);
    await until(healthy, { timeoutMs: 60_000, message: () => first.out() });
    // Slack will take the first reminder but answer slowly; the process dies before it can record the ts.
    // Set before anything is due, so no tick can get a reminder out first.
    slack.delayNext('chat.postMessage', 15_000, { channel: 'DU0ALICE' });
    // Three partners without a channel, each with a long-overdue milestone: three reminders to the
    // owner's DM, paced one a second.
    for (const name of ['Acme', 'Globex', 'Initech']) {
      await send.command(`add ${name}`);
      await send.command(`milestone ${name} "Kick-off" 2026-01-05`);
    }
    const firstPost = await until(() => slack.messages('DU0ALICE').find((m) => keyOf(m)), {
      timeoutMs: 15_000,
      message: () => first.out(),
    });
    first.proc.kill('SIGKILL');
    await first.exited;
    expect(slack.messages('DU0ALICE').filter((m) => keyOf(m))).toHaveLength(1);

    const second = start(env, dir);
    try {
      // The dead process's lease (SQLite, 10 s) or liveness row (PostgreSQL, 20 s) runs out; then a
      // tick settles its row from history and sends the rest.
      await until(() => slack.messages('DU0ALICE').filter((m) => keyOf(m)).length === 3, {
        timeoutMs: 45_000,
        message: () => second.out(),
      });
      // The dead process's row is settled from the channel's history (the other two may go out first,
      // while its lease runs out); ticks run meanwhile, every second: still nothing twice.
      await until(() => second.out().includes('confirmed_from_history'), {
        timeoutMs: 45_000,
        message: () => second.out(),
      });
      expect(slack.calls('conversations.history').length).toBeGreaterThanOrEqual(1);
      const keys = slack
        .messages('DU0ALICE')
        .map(keyOf)
        .filter((k): k is string => k !== undefined);
      expect(new Set(keys).size).toBe(3);
      expect(keys).toContain(keyOf(firstPost));
    } finally {
      second.proc.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
    const store = await openStore(dbPath, { now: () => new Date().toISOString() });
    try {
      const statuses = await rows(store, 'SELECT status, count(*) AS n FROM reminder_deliveries GROUP BY status');
      expect(statuses).toEqual([{ status: 'sent', n: 3 }]);
      expect(await store.database.lease.read('reminders')).toBeUndefined(); // SIGTERM released it
    } finally {
      await store.close();
      await dropDatabase(dbPath);
    }
  }, 90_000);
});

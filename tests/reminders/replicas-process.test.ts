/**
 * Two replicas as child processes on one PostgreSQL database, both ticking every second; one is
 * SIGKILLed while Slack has taken a reminder but not yet answered. The other must find the post in
 * the channel's history by its occurrence key (never post it again) and deliver the rest, within a
 * minute. PostgreSQL only: on SQLite one process per file delivers (tests/reminders/process.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../support/open-store';
import { type ChildApp, healthStatus, senderFor, startChild, stopChildren } from '../support/child-app';
import { dropDatabase, freshDatabase, onPostgres } from '../support/database';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack';
import { freePort } from '../support/free-port';
import { rows } from '../support/sql';
import { until } from '../support/until';
import { keyOf } from './support';

const SECRET = 'replica-test-secret';
const TOKENS = ['xoxb-replica-a', 'xoxb-replica-b'] as const;

let slack: FakeSlack;
let dir: string;
beforeAll(async () => {
  slack = await startFakeSlack({ tokens: [...TOKENS] });
  dir = mkdtempSync(join(tmpdir(), 'partneros-replicas-'));
});
afterAll(async () => {
  stopChildren();
  await slack.close();
  rmSync(dir, { recursive: true, force: true });
});

const reminderMessages = () => slack.messages('DU0ALICE').filter((m) => keyOf(m) !== undefined);

describe.runIf(onPostgres)('SIGKILL of one replica in the middle of a post (npm run test:pg)', () => {
  it('the other settles that post from history and delivers the rest within a minute, nothing twice', async () => {
    const db = await freshDatabase();
    const replicas: { child: ChildApp; port: number; token: string }[] = [];
    try {
      for (const token of TOKENS) {
        const port = await freePort();
        // Each replica has its own token, so the fake's call log says which one posted.
        const env = {
          SLACK_BOT_TOKEN: token,
          SLACK_SIGNING_SECRET: SECRET,
          SLACK_API_URL: slack.apiUrl,
          PORT: String(port),
          PARTNEROS_DB: db,
          PARTNEROS_CONFIG: join(dir, 'partneros.yml'),
          PARTNEROS_TICK: '*/1 * * * * *',
          LOG_LEVEL: 'info',
        };
        replicas.push({ child: startChild(env, dir), port, token });
      }
      for (const r of replicas)
        await until(async () => (await healthStatus(r.port)) === 200, { timeoutMs: 60_000, message: r.child.out });

      // Slack takes the first reminder but answers late: the replica posting it dies before it can record the ts.
      slack.delayNext('chat.postMessage', 30_000, { channel: 'DU0ALICE' });
      // Three partners without a channel, each with a long-overdue milestone: three reminders to the owner's DM,
      // added through both replicas.
      for (const [i, name] of ['Acme', 'Globex', 'Initech'].entries()) {
        const send = senderFor(replicas[i % 2]?.port ?? 0, SECRET, slack);
        expect((await send.command(`add ${name}`)).status).toBe(200);
        expect((await send.command(`milestone ${name} "Kick-off" 2026-01-05`)).status).toBe(200);
      }
      const inFlight = await until(
        () => slack.calls('chat.postMessage').find((c) => c.params.channel === 'DU0ALICE' && keyOf(c)),
        { timeoutMs: 20_000, message: () => replicas.map((r) => r.child.out()).join('\n') },
      );
      const victim = replicas.find((r) => r.token === inFlight.token);
      const survivor = replicas.find((r) => r.token !== inFlight.token);
      if (!victim || !survivor) throw new Error(`no replica posted with ${inFlight.token}`);
      victim.child.proc.kill('SIGKILL');
      expect(await victim.child.exited).toBeNull();
      const killedAt = Date.now();

      // The killed replica's post is found in the history by its key (once its liveness row has run
      // out), and the rest are delivered: the fake holds the in-flight post already, so wait on both.
      await until(() => reminderMessages().length === 3 && survivor.child.out().includes('confirmed_from_history'), {
        timeoutMs: 60_000,
        message: survivor.child.out,
      });
      expect(Date.now() - killedAt).toBeLessThan(60_000);
      const keys = reminderMessages().map(keyOf);
      expect(new Set(keys).size).toBe(3);
      expect(keys).toContain(keyOf(inFlight));
      expect(
        slack.calls('chat.postMessage').filter((c) => c.status === 200 && keyOf(c) === keyOf(inFlight)),
      ).toHaveLength(1);
      // Still the survivor's service: a command answers.
      const shown = await senderFor(survivor.port, SECRET, slack).command('show Initech');
      expect(shown.json?.text).toContain('Initech');

      survivor.child.proc.kill('SIGTERM');
      expect(await survivor.child.exited).toBe(0);
      const store = await openStore(db, { now: () => new Date().toISOString() });
      try {
        expect(await rows(store, 'SELECT status, count(*) AS n FROM reminder_deliveries GROUP BY status')).toEqual([
          { status: 'sent', n: 3 },
        ]);
      } finally {
        await store.close();
      }
      expect(reminderMessages()).toHaveLength(3);
    } finally {
      stopChildren();
      await dropDatabase(db);
    }
  }, 150_000);
});

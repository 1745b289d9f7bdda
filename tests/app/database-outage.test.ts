/**
 * The database goes away: at start (the process stops, naming the server and the cause) and under
 * a running app (it says so to every person, loses nothing, and picks up where it was when the
 * server is back). PostgreSQL, on a server of the test's own so it can be stopped and started; the
 * SQLite side (a file that cannot be created) is in tests/app/process.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { BUILTIN_PLAYBOOKS_DIR, loadPlaybooks } from '../../src/domain/playbooks/load';
import type { Playbook } from '../../src/domain/playbooks/schema';
import { BUILTIN_TEMPLATES_DIR, loadTemplates } from '../../src/domain/templates/load';
import { textObjectsOf } from '../commands/front-door';
import { answerFor, ThreadDriver } from '../playbooks/thread-driver';
import { keyOf, postedCounts } from '../reminders/support';
import { startChild, stopChildren } from '../support/child-app';
import { onPostgres } from '../support/database';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack';
import { freePort } from '../support/free-port';
import { type PostgresServer, startPostgresServer } from '../support/postgres';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';

const ACME = 'C0PARTNER_ACME';
const UNAVAILABLE = /database is unavailable right now.*try again in a moment/is;
const templateIds = new Set(loadTemplates([BUILTIN_TEMPLATES_DIR]).templates.map((t) => t.id));
const recruit = loadPlaybooks([BUILTIN_PLAYBOOKS_DIR], templateIds).playbooks.find(
  (p) => p.id === 'recruit',
) as Playbook;

const replyText = (res: { json?: Record<string, unknown> }): string =>
  [String(res.json?.text ?? ''), ...textObjectsOf(res.json?.blocks)].join('\n');

describe.runIf(onPostgres)('PostgreSQL unreachable at start (npm run test:pg)', () => {
  let dir: string;
  let slack: FakeSlack;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'partneros-nodb-'));
    slack = await startFakeSlack({ tokens: ['xoxb-nodb'] });
  });
  afterAll(async () => {
    stopChildren();
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops within 30 s, non-zero, naming the host, the port and the cause, never the password', async () => {
    const port = await freePort(); // nothing listens there
    const child = startChild(
      {
        SLACK_BOT_TOKEN: 'xoxb-nodb',
        SLACK_SIGNING_SECRET: 'nodb-secret',
        SLACK_API_URL: slack.apiUrl,
        PORT: '0',
        PARTNEROS_DB: `postgres://partneros:hunter2-secret@127.0.0.1:${port}/partneros`,
        PARTNEROS_CONFIG: join(dir, 'partneros.yml'),
      },
      dir,
    );
    // From the app's first line (the config read, before the database is opened): loading the
    // TypeScript itself takes longer on a busy machine, and is not what is measured here.
    const started = await until(() => child.out().length > 0 && Date.now(), { timeoutMs: 30_000 });
    const code = await child.exited;
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    const out = child.out();
    expect(out).toContain('PARTNEROS_DB');
    expect(out).toContain(`127.0.0.1:${port}`);
    expect(out).toContain('ECONNREFUSED');
    expect(out).not.toContain('hunter2-secret');
    expect(out).not.toMatch(/\n\s+at /);
  }, 45_000);
});

describe.runIf(onPostgres)('PostgreSQL goes away under a running app, then comes back (npm run test:pg)', () => {
  let server: PostgresServer;
  let t: TestApp;
  // Tuesday 24 November 2026, 10:00 in New York.
  const clock = fixedClock('2026-11-24T15:00:00Z');
  beforeAll(async () => {
    server = await startPostgresServer();
    await server.admin((c) => c.query('CREATE DATABASE outage'));
    t = await startTestApp({ clock, dbPath: server.url('outage') });
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    await server?.stop();
  });

  const healthz = async () => {
    const res = await fetch(`http://127.0.0.1:${t.running.port}/healthz`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('answers every person plainly while it is down, loses nothing, and delivers what fell due once it is back', async () => {
    // Before: a partner with a note, a milestone due in December, and a run waiting for its first answer.
    expect(replyText(await t.send.command(`add "Acme Corp" tier=Gold channel=<#${ACME}|partner-acme>`))).toContain(
      'added',
    );
    await t.send.command('note "Acme Corp" Renewal talks start in January');
    await t.send.command('milestone "Acme Corp" "Joint webinar" 2026-12-01');
    await t.send.command('recruit "Acme Corp"');
    const thread = new ThreadDriver(t, ACME);
    const root = await thread.root(recruit.name);
    const step = await thread.step(root.ts, 1);
    const field = recruit.steps[0]?.fields[0];
    if (!field) throw new Error('recruit has no first field');
    expect((await t.running.reminders.tickNow()).ran).toBe(true);
    const sentBefore = new Set(postedCounts(t).keys());

    await server.stop({ keepData: true });

    expect(await healthz()).toMatchObject({ status: 503, body: { ok: false, database: 'unreachable' } });
    // A command: an ephemeral answer in the ack (HTTP 200), never silence or a 5xx.
    const shown = await t.send.command('show "Acme Corp"');
    expect(shown.status).toBe(200);
    expect(shown.json?.response_type).toBe('ephemeral');
    expect(replyText(shown)).toMatch(UNAVAILABLE);
    const noted = await t.send.command('note "Acme Corp" Written while the database was down');
    expect(noted.status).toBe(200);
    expect(replyText(noted)).toMatch(UNAVAILABLE);
    // A reply in the run's thread: answered in the thread, as a plain line (no question mark).
    const before = thread.thread(root.ts).length;
    const reply = await t.send.event({
      type: 'message',
      channel: ACME,
      channel_type: 'channel',
      user: 'U0ALICE',
      text: answerFor(field),
      ts: `${Math.floor(Date.now() / 1000)}.100001`,
      thread_ts: root.ts,
      parent_user_id: 'UBOT',
    });
    expect(reply.status).toBe(200);
    const said = await until(
      () =>
        thread
          .thread(root.ts)
          .slice(before)
          .find((m) => m.bot_id),
      {
        message: 'an answer in the run thread',
      },
    );
    expect(said.text).toMatch(UNAVAILABLE);
    expect(said.text).not.toContain('?');
    // A mention in the thread arrives twice (as a message and as app_mention): answered once.
    const mention = { channel: ACME, user: 'U0ALICE', text: '<@UBOT> are you there', thread_ts: root.ts };
    const mentionTs = `${Math.floor(Date.now() / 1000)}.100002`;
    await t.send.event({ type: 'message', channel_type: 'channel', ts: mentionTs, parent_user_id: 'UBOT', ...mention });
    await t.send.event({ type: 'app_mention', ts: mentionTs, ...mention });
    const unavailableInThread = () => thread.thread(root.ts).filter((m) => m.bot_id && UNAVAILABLE.test(m.text));
    await until(() => unavailableInThread().length >= 2, { message: 'an answer to the mention' });
    // A button: an ephemeral answer under the message.
    const responsesBefore = t.slack.responses().length;
    const pressed = await thread.press(step, 'Next step');
    expect(pressed.status).toBe(200);
    const answered = await until(() => t.slack.responses()[responsesBefore], { message: 'the button’s answer' });
    expect(answered.body).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(answered.body)).toMatch(/database is unavailable right now/i);
    // A tick while it is down: the milestone fell due (the clock moved past it); nothing can be planned yet.
    clock.set('2026-12-03T15:00:00Z');
    await t.running.reminders.tickNow().catch(() => undefined);

    await server.start();

    await until(async () => (await healthz()).status === 200, { timeoutMs: 15_000, message: 'healthz 200 again' });
    const after = replyText(await t.send.command('show "Acme Corp"'));
    expect(after).toContain('Gold');
    expect(after).toContain('Renewal talks start in January');
    expect(after).not.toContain('Written while the database was down');
    // Whatever was still in flight from the outage has failed by now: one answer to the reply, one to the mention.
    expect(unavailableInThread()).toHaveLength(2);
    // The run goes on where it was.
    const answer = await thread.reply(root.ts, answerFor(field));
    expect(answer.text).toContain('✅ Recorded');
    // The reminder that fell due during the outage goes out now, once.
    const tick = await t.running.reminders.tickNow();
    expect(tick).toMatchObject({ ran: true });
    // The milestone's "due today" reminder (1 December, 09:00): it fell due while the database was down.
    const caughtUp = [...postedCounts(t).keys()].filter((k) => !sentBefore.has(k));
    expect(caughtUp).toEqual([expect.stringMatching(/^milestone:\d+:due:2026-12-01$/)]);
    expect(await t.running.reminders.tickNow()).toMatchObject({ ran: true, delivered: { sent: 0 } });
    expect([...postedCounts(t).values()].every((n) => n === 1)).toBe(true);
    expect(t.slack.messages(ACME).filter((m) => keyOf(m) === caughtUp[0])).toHaveLength(1);
  }, 90_000);
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { addPartner, noticesIn, partner, postedCounts, reminderPosts } from './support';

const clock = fixedClock('2026-11-24T15:00:00Z');
const apps: TestApp[] = [];
let slack: FakeSlack | undefined;
let dir: string | undefined;
afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
  await slack?.close();
  slack = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function sharedDb(): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'partneros-lease-'));
  return join(dir, 'shared.db');
}

describe('one scheduler per database', () => {
  it('lets only the lease holder tick: two apps on one file post each reminder once; a clean stop hands over at once', async () => {
    slack = await startFakeSlack();
    const dbPath = await sharedDb();
    const first = await startTestApp({ clock, slack, dbPath });
    apps.push(first);
    const second = await startTestApp({ clock, slack, dbPath });
    apps.push(second);
    expect(first.running.reminders.holdsLease()).toBe(true);
    expect(second.running.reminders.holdsLease()).toBe(false);

    await addPartner(first, 'Acme Corp', 'C0ACME');
    await partner(first, 'milestone "Acme Corp" "Kick-off" 2026-11-17');
    await noticesIn(first, 'C0ACME', 2);
    const [a, b] = await Promise.all([first.running.reminders.tickNow(), second.running.reminders.tickNow()]);
    expect(a).toMatchObject({ ran: true, delivered: { sent: 1 } });
    expect(b).toEqual({ ran: false, reason: 'no_lease' });

    await first.stop(); // SIGTERM path: the lease row is deleted
    const c = await second.running.reminders.tickNow();
    expect(c).toMatchObject({ ran: true });
    expect(second.running.reminders.holdsLease()).toBe(true);
    expect([...postedCounts(second).values()]).toEqual([1]);
  });

  it('takes a lease whose holder died (expired, never released) at once on start, and catches up', async () => {
    const dbPath = await sharedDb();
    const seed = await startTestApp({ clock, dbPath });
    apps.push(seed);
    await addPartner(seed, 'Acme Corp', 'C0ACME');
    await partner(seed, 'milestone "Acme Corp" "Kick-off" 2026-11-17');
    await noticesIn(seed, 'C0ACME', 2);
    await seed.stop();
    // A holder that was SIGKILLed: its row stays, expired a moment ago. (Waiting out a live one is
    // tests/reminders/process.test.ts.)
    const { openStore } = await import('../support/open-store');
    const store = await openStore(dbPath, { now: () => new Date().toISOString() });
    await store.database.lease.acquire('reminders', 'killed-process', Date.now() - 10_001, 10_000);
    await store.close();

    const t = await startTestApp({ clock, dbPath });
    apps.push(t);
    // No tickNow: the start-up tick takes the expired lease and catches up.
    await until(() => reminderPosts(t).length === 1, { message: 'the catch-up reminder' });
    expect(t.running.reminders.holdsLease()).toBe(true);
  });
});

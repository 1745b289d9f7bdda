/**
 * Two replicas of the app (two startPartnerOS in this process, as two containers behind a load
 * balancer would be) on one PostgreSQL database and one Slack workspace: what one writes the other
 * reads at once, and the reminders both deliver go out once each. SQLite has one writer process
 * per file by design (one lease holder delivers reminders): these run under `npm run test:pg`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { BUILTIN_PLAYBOOKS_DIR, loadPlaybooks } from '../../src/domain/playbooks/load';
import type { Playbook } from '../../src/domain/playbooks/schema';
import { BUILTIN_TEMPLATES_DIR, loadTemplates } from '../../src/domain/templates/load';
import { textObjectsOf } from '../commands/front-door';
import { answerFor, headerOf, ThreadDriver } from '../playbooks/thread-driver';
import { keyOf, noticesIn, postedCounts } from '../reminders/support';
import { onPostgres } from '../support/database';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack';
import { rows } from '../support/sql';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';

const ACME = 'C0PARTNER_ACME';
const templateIds = new Set(loadTemplates([BUILTIN_TEMPLATES_DIR]).templates.map((t) => t.id));
const recruit = loadPlaybooks([BUILTIN_PLAYBOOKS_DIR], templateIds).playbooks.find(
  (p) => p.id === 'recruit',
) as Playbook;

let slack: FakeSlack | undefined;
let apps: TestApp[] = [];
afterEach(async () => {
  // The second replica first: the first one owns the database and drops it.
  for (const app of apps.reverse()) await app.stop();
  apps = [];
  await slack?.close();
  slack = undefined;
});

/** Two replicas on one database and one fake Slack. */
async function twoReplicas(options: Parameters<typeof startTestApp>[0] = {}): Promise<[TestApp, TestApp]> {
  slack = await startFakeSlack();
  const a = await startTestApp({ ...options, slack });
  apps.push(a);
  const b = await startTestApp({ ...options, slack, dbPath: a.dbPath });
  apps.push(b);
  return [a, b];
}

const replyText = (res: { json?: Record<string, unknown> }): string =>
  [String(res.json?.text ?? ''), ...textObjectsOf(res.json?.blocks)].join('\n');

describe.runIf(onPostgres)('two replicas on one PostgreSQL database (npm run test:pg; SQLite has one writer)', () => {
  it('reads at once through one replica what was written through the other: show, list, a run continued', async () => {
    const [a, b] = await twoReplicas();
    const added = await a.send.command(`add "Acme Corp" tier=Gold type=reseller channel=<#${ACME}|partner-acme>`);
    expect(replyText(added)).toContain('added');

    const shown = replyText(await b.send.command('show "acme corp"'));
    expect(shown).toContain('Acme Corp');
    expect(shown).toContain('Gold');
    expect(replyText(await b.send.command('list'))).toContain('Acme Corp');
    // And back: a change through the second is seen by the first.
    await b.send.command('tier "Acme Corp" Silver');
    expect(replyText(await a.send.command('show "Acme Corp"'))).toContain('Silver');

    // A run started through one replica, answered and moved on through the other.
    expect((await a.send.command('recruit "Acme Corp"')).status).toBe(200);
    const throughA = new ThreadDriver(a, ACME);
    const throughB = new ThreadDriver(b, ACME);
    const root = await throughA.root(recruit.name);
    await throughB.step(root.ts, 1);
    // Step 1's answers, one through each replica in turn.
    for (const [i, field] of (recruit.steps[0]?.fields ?? []).entries()) {
      const answer = await (i % 2 ? throughA : throughB).reply(root.ts, answerFor(field));
      expect(answer.text, field.id).toContain('✅ Recorded');
    }
    const step1 = await throughB.step(root.ts, 1);
    await throughB.press(step1, 'Next step');
    const step2 = await throughA.step(root.ts, 2);
    expect(headerOf(step2)).toContain(recruit.steps[1]?.name ?? '');
    const runs = replyText(await a.send.command('runs "Acme Corp"'));
    expect(runs).toContain('Recruit');
    const [run] = await rows<{ step_index: number; status: string }>(
      a.store,
      'SELECT step_index, status FROM playbook_runs',
    );
    expect(run).toMatchObject({ step_index: 1, status: 'active' });
  }, 60_000);

  it('delivers 50 overdue reminders exactly once with both replicas ticking under Slack’s 1 message/s/channel', async () => {
    const clock = fixedClock('2026-11-24T15:00:00Z'); // Tuesday, 10:00 in New York: past the 09:00 hour
    // Small claims, so both replicas take rows from the outbox at the same time.
    const [a, b] = await twoReplicas({ clock, reminders: { batch: 5 } });
    const channels = ['C0P0', 'C0P1', 'C0P2', 'C0P3', 'C0P4'];
    for (const [i, channel] of channels.entries()) {
      const res = await (i % 2 ? b : a).send.command(`add "Partner ${i}" channel=<#${channel}|p${i}>`);
      expect(replyText(res)).toContain('added');
    }
    // Milestone by milestone across the partners, so each claim holds rows for every channel.
    for (let m = 1; m <= 10; m++)
      for (const i of channels.keys()) {
        const res = await (m % 2 ? a : b).send.command(`milestone "Partner ${i}" "Step ${m}" 2026-11-17`);
        expect(res.status).toBe(200);
      }
    for (const channel of channels) await noticesIn(a, channel, 11);
    slack?.limitPerChannel('chat.postMessage', 1_000);

    // One replica plans what fell due (the other would find those partners claimed and have nothing
    // to plan yet); once it is in the outbox, both replicas post it, claim by claim.
    const tickB = b.running.reminders.tickNow();
    await until(
      async () => {
        const [row] = await rows<{ n: number }>(
          a.store,
          "SELECT count(*) AS n FROM reminder_deliveries WHERE kind <> 'notice'",
        );
        return Number(row?.n) === 50;
      },
      { timeoutMs: 10_000, message: 'the 50 reminders in the outbox' },
    );
    const [fromA, fromB] = await Promise.all([a.running.reminders.tickNow(), tickB]);
    if (!fromA.ran || !fromB.ran) throw new Error('both replicas must tick on PostgreSQL');
    // Both delivered, and between them every row exactly once.
    expect(fromA.delivered.claimed).toBeGreaterThan(0);
    expect(fromB.delivered.claimed).toBeGreaterThan(0);
    expect(fromA.delivered.sent + fromB.delivered.sent).toBe(50);

    const counts = postedCounts(a);
    expect(counts.size).toBe(50);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    for (const channel of channels) {
      const keys = (slack?.messages(channel) ?? []).map(keyOf).filter((k) => k !== undefined);
      expect(new Set(keys).size, channel).toBe(10);
      expect(keys, channel).toHaveLength(10);
    }
    // Slack refused the posts that came too fast; each was tried again after its Retry-After, not dropped.
    const refused = (slack?.calls('chat.postMessage') ?? []).filter((c) => c.status === 429);
    expect(refused.length).toBe(fromA.delivered.rateLimited + fromB.delivered.rateLimited);
    expect(await rows(a.store, 'SELECT status, count(*) AS n FROM reminder_deliveries GROUP BY status')).toEqual([
      { status: 'sent', n: 50 },
    ]);
    // A later tick on either finds nothing left to send.
    const again = await Promise.all([a.running.reminders.tickNow(), b.running.reminders.tickNow()]);
    for (const r of again) expect(r).toMatchObject({ ran: true, delivered: { sent: 0 } });
    expect(postedCounts(b).size).toBe(50);
  }, 90_000);
});

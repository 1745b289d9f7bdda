import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { prng } from '../support/prng';
import { startTestApp, type TestApp } from '../support/test-app';
import { addPartner, deliveryRow, keyOf, noticesIn, partner, postedCounts, reminderPosts, textOf } from './support';
import { rows } from '../support/sql';

const NOW = '2026-11-24T15:00:00Z';
let t: TestApp;
afterEach(async () => {
  await t?.stop();
});

describe('Slack faults during delivery', () => {
  it('holds only the rate-limited channel for its Retry-After; other channels go on', async () => {
    t = await startTestApp({ clock: fixedClock(NOW) });
    for (const [name, channel] of [
      ['Acme Corp', 'C0ONE'],
      ['Globex', 'C0TWO'],
    ] as const) {
      await addPartner(t, name, channel);
      await partner(t, `milestone "${name}" "Kick-off" 2026-11-17`);
      await noticesIn(t, channel, 2);
    }
    t.slack.rateLimitNext('chat.postMessage', 1, 1, 'C0ONE');
    const tick = await t.running.reminders.tickNow();
    expect(tick).toMatchObject({ ran: true, delivered: { sent: 2, rateLimited: 1 } });
    const one = t.slack.calls('chat.postMessage').filter((c) => c.params.channel === 'C0ONE' && keyOf(c));
    const two = t.slack.calls('chat.postMessage').filter((c) => c.params.channel === 'C0TWO' && keyOf(c));
    expect(one.map((c) => c.status)).toEqual([429, 200]);
    expect((one[1]?.at ?? 0) - (one[0]?.at ?? 0)).toBeGreaterThanOrEqual(950); // waited Retry-After: 1
    expect(two[0]?.at ?? Infinity).toBeLessThan(one[1]?.at ?? 0); // not stalled behind it
    expect([...postedCounts(t).values()]).toEqual([1, 1]);
  });

  it('delivers every reminder exactly once through 429s and random 503s (seeded)', async () => {
    const clock = fixedClock(NOW);
    t = await startTestApp({ clock, reminders: { paceMs: 20 } });
    const channels = ['C0A', 'C0B', 'C0C'];
    for (let i = 0; i < 9; i++) {
      const channel = channels[i % 3] ?? 'C0A';
      await addPartner(t, `Partner ${i}`, channel);
      await partner(t, `milestone "Partner ${i}" "Step ${i}" 2026-11-${String(10 + i).padStart(2, '0')}`);
    }
    for (const c of channels) await noticesIn(t, c, 6);
    const seed = 20_261_124;
    t.slack.randomHttpErrors('chat.postMessage', { status: 503, rate: 0.35, rng: prng(seed) });
    t.slack.rateLimitNext('chat.postMessage', 1, 3);
    let counts = await t.store.deliveries.counts();
    for (let round = 0; round < 30 && (round === 0 || counts.pending + counts.sending > 0); round++) {
      await t.running.reminders.tickNow();
      clock.advance(10 * 60_000); // past any backoff (30 s doubling): the next tick may retry
      counts = await t.store.deliveries.counts();
    }
    expect(counts, `seed ${seed}`).toMatchObject({ pending: 0, sending: 0, failed: 0, sent: 9 });
    const posted = postedCounts(t);
    expect(posted.size).toBe(9);
    expect(
      [...posted.values()].every((n) => n === 1),
      JSON.stringify([...posted]),
    ).toBe(true);
    expect(t.slack.calls('chat.postMessage').some((c) => c.status === 503)).toBe(true);
    expect(t.slack.calls('chat.postMessage').some((c) => c.status === 429)).toBe(true);
    for (const c of channels) expect(t.slack.messages(c).filter((m) => keyOf(m))).toHaveLength(3);
  });

  it('falls back to the owner’s DM when the channel is gone, and tells each admin', async () => {
    t = await startTestApp({ clock: fixedClock(NOW), config: 'admins: [U0ADMIN]\n', reminders: { paceMs: 20 } });
    await addPartner(t, 'Acme Corp', 'C0GONE');
    await partner(t, 'milestone "Acme Corp" "Kick-off" 2026-11-17');
    await noticesIn(t, 'C0GONE', 2);
    t.slack.failNext('chat.postMessage', 'channel_not_found', { channel: 'C0GONE' });
    await t.running.reminders.tickNow();
    const key =
      [
        ...((await rows(t.store, "SELECT occurrence_key AS k FROM reminder_deliveries WHERE status = 'failed'")) as {
          k: string;
        }[]),
      ][0]?.k ?? '';
    expect(await deliveryRow(t, key)).toMatchObject({ status: 'failed', last_error: 'channel_not_found' });
    expect(await deliveryRow(t, `${key}:dm`)).toMatchObject({ status: 'sent', channel_id: 'DU0ALICE' });
    const dm = reminderPosts(t, 'DU0ALICE')[0];
    expect(dm ? textOf(dm) : '').toContain('Reminder:');
    expect(dm ? textOf(dm) : '').toContain('could not be posted to <#C0GONE> (`channel_not_found`)');
    const notice = reminderPosts(t, 'DU0ADMIN')[0];
    expect(notice ? textOf(notice) : '').toMatch(
      /could not be posted to <#C0GONE> \(`channel_not_found`\).*sent to <@U0ALICE> instead/s,
    );
    expect(
      t.slack
        .calls('conversations.open')
        .map((c) => c.params.users)
        .sort(),
    ).toEqual(['U0ADMIN', 'U0ALICE']);
    // Nothing is retried forever: a later tick sends nothing more.
    const before = t.slack.calls('chat.postMessage').length;
    await t.running.reminders.tickNow();
    expect(t.slack.calls('chat.postMessage')).toHaveLength(before);
  });

  it('gives up after ten retries of a failing Slack, and tells the admins', async () => {
    const clock = fixedClock(NOW);
    t = await startTestApp({ clock, config: 'admins: [U0ADMIN]\n', reminders: { paceMs: 20 } });
    await addPartner(t, 'Acme Corp', 'C0ACME');
    await partner(t, 'milestone "Acme Corp" "Kick-off" 2026-11-17');
    await noticesIn(t, 'C0ACME', 2);
    t.slack.httpErrorNext('chat.postMessage', 500, 11);
    for (let i = 0; i < 12; i++) {
      await t.running.reminders.tickNow();
      clock.advance(2 * 3_600_000);
    }
    const acme = t.slack.calls('chat.postMessage').filter((c) => c.params.channel === 'C0ACME' && keyOf(c));
    expect(acme.map((c) => c.status)).toEqual(Array(11).fill(500));
    const notice = reminderPosts(t, 'DU0ADMIN')[0];
    expect(notice ? textOf(notice) : '').toContain('after repeated tries (`http_500`)');
  });

  it('keeps health out of a channel shared outside the company: the owner gets it in a DM', async () => {
    const clock = fixedClock(NOW);
    t = await startTestApp({ clock, reminders: { paceMs: 20 } });
    t.slack.setChannel('C0SHARED', { is_ext_shared: true });
    await addPartner(t, 'Acme Corp', 'C0SHARED');
    await partner(t, 'health "Acme Corp" 30 champion left'); // withheld from the channel, so no notice there
    clock.set('2026-11-25T14:00:00Z'); // a drop is nudged at the next delivery hour: Wednesday 09:00
    await t.running.reminders.tickNow();
    expect(reminderPosts(t, 'C0SHARED')).toHaveLength(0);
    const dm = reminderPosts(t, 'DU0ALICE')[0];
    expect(dm ? textOf(dm) : '').toMatch(/Acme Corp.*health dropped to 🔴 30/);
    expect(dm ? textOf(dm) : '').toContain('shared outside your company');
  });
});

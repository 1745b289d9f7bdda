/**
 * Retries that don't sit on a reminder: after a 5xx the outbox tries again in about a second, then
 * 2, 4, 8 … seconds, and a timer picks the retry up between scheduler ticks (the test app's cron
 * never ticks on its own: every post after the first tick here is the retry timer's).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { addPartner, deliveryRow, keyOf, noticesIn, partner, postedCounts, reminderPosts } from './support';

const NOW = '2026-11-24T15:00:00Z';
let t: TestApp;
afterEach(async () => {
  await t?.stop();
});

const attempts = (app: TestApp) =>
  app.slack.calls('chat.postMessage').filter((c) => c.params.channel === 'C0ACME' && keyOf(c) !== undefined);

/** A day `days` before today (real time), as YYYY-MM-DD. */
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

describe('a reminder whose post fails with a server error', () => {
  it('is tried again 1–2 s after a 503, by the retry timer, not at the next tick', async () => {
    const clock = fixedClock(NOW);
    t = await startTestApp({ clock });
    await addPartner(t, 'Acme Corp', 'C0ACME');
    await partner(t, 'milestone "Acme Corp" "Kick-off" 2026-11-17');
    await noticesIn(t, 'C0ACME', 2);
    t.slack.httpErrorNext('chat.postMessage', 503);

    const tick = await t.running.reminders.tickNow();
    expect(tick).toMatchObject({ ran: true, delivered: { retried: 1, sent: 0 } });
    const [failed] = attempts(t);
    const key = failed ? keyOf(failed) : undefined;
    const row = await deliveryRow(t, key ?? '');
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: 'http_503' });
    const wait = Date.parse(row?.next_attempt_at ?? '') - clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(1_000);
    expect(wait).toBeLessThan(2_000);

    clock.advance(2_000); // the app's time moves on; nobody calls tickNow
    const sent = await until(() => attempts(t).find((c) => c.status === 200), { message: 'the retried post' });
    expect(sent.at - (failed?.at ?? 0)).toBeLessThan(3_000); // wall clock: within seconds of the 503
    await until(async () => (await deliveryRow(t, key ?? ''))?.status === 'sent', {
      message: 'the retry recorded as sent',
    });
    expect((await deliveryRow(t, key ?? ''))?.attempts).toBe(1);
    expect(postedCounts(t)).toEqual(new Map([[key, 1]]));
  });

  it('gets through two 503s and an internal_error in a row within moments (short waits)', async () => {
    t = await startTestApp({ reminders: { paceMs: 20, retry: { minDelayMs: 20 } } }); // the system clock
    await addPartner(t, 'Acme Corp', 'C0ACME');
    await partner(t, `milestone "Acme Corp" "Kick-off" ${daysAgo(10)}`);
    await noticesIn(t, 'C0ACME', 2);
    t.slack.httpErrorNext('chat.postMessage', 503, 2);
    t.slack.failNext('chat.postMessage', 'internal_error', { channel: 'C0ACME' });
    await t.running.reminders.tickNow();
    await until(() => reminderPosts(t, 'C0ACME').length === 1, { message: 'the reminder, after three failures' });
    const tries = attempts(t);
    expect(tries.map((c) => c.status)).toEqual([503, 503, 200, 200]);
    expect((tries[2]?.response as { error?: string } | undefined)?.error).toBe('internal_error');
    // 20 ms, then about 40 and 80 (each up to twice that): a doubling back-off, not the next minute's tick.
    const gaps = tries.slice(1).map((c, i) => c.at - (tries[i]?.at ?? 0));
    expect(Math.max(...gaps)).toBeLessThan(1_000);
    expect(gaps[2]).toBeGreaterThanOrEqual(70);
    expect([...postedCounts(t).values()]).toEqual([1]);
  });

  it('settles a post that timed out from the channel history at the retry, without posting it twice', async () => {
    t = await startTestApp({ reminders: { timeoutMs: 200, retry: { minDelayMs: 20 } } }); // the system clock
    await addPartner(t, 'Acme Corp', 'C0ACME');
    await partner(t, `milestone "Acme Corp" "Kick-off" ${daysAgo(10)}`);
    await noticesIn(t, 'C0ACME', 2);
    t.slack.delayNext('chat.postMessage', 600, { channel: 'C0ACME' }); // Slack stores it, the answer comes too late
    const tick = await t.running.reminders.tickNow();
    expect(tick).toMatchObject({ delivered: { unknown: 1, sent: 0 } });
    const key = keyOf(attempts(t)[0] ?? { params: {} }) ?? '';
    await until(async () => (await deliveryRow(t, key))?.status === 'sent', {
      message: 'the post confirmed from history',
    });
    expect(t.slack.calls('conversations.history').length).toBeGreaterThan(0);
    expect(attempts(t)).toHaveLength(1);
    expect(t.slack.messages('C0ACME').filter((m) => keyOf(m) === key)).toHaveLength(1);
  });
});

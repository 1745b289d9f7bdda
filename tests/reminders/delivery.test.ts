import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import {
  addPartner,
  buttonsOf,
  deliveryRow,
  keyOf,
  noticesIn,
  partner,
  postedCounts,
  reminderPosts,
  storedReminders,
  textOf,
} from './support';

// Tuesday 24 November 2026, 10:00 in New York (the default zone; the fake says every user is there).
const NOW = '2026-11-24T15:00:00Z';
let t: TestApp;
afterEach(async () => {
  await t?.stop();
});

/** Acme Corp in #acme with "First joint deal" due 17 November: a week overdue when the test starts. */
async function overdueMilestone(app: TestApp): Promise<string> {
  await addPartner(app, 'Acme Corp', 'C0ACME');
  await partner(app, 'milestone "Acme Corp" "First joint deal" 2026-11-17');
  await noticesIn(app, 'C0ACME', 2);
  // Due 17th, every 3 days while overdue: 20th, then 23rd (Monday, 09:00) is the latest one due.
  return `milestone:${(await app.store.partners.findByName('Acme Corp'))?.id}:overdue:2026-11-23`;
}

describe('a reminder through the real app', () => {
  it('arrives in the partner channel as a top-level reminder naming the partner, how late, with its key and Done / Snooze / Open', async () => {
    t = await startTestApp({ clock: fixedClock(NOW) });
    const key = await overdueMilestone(t);
    const tick = await t.running.reminders.tickNow();
    expect(tick).toMatchObject({ ran: true, planned: { inserted: 1 }, delivered: { sent: 1 } });

    const [post] = reminderPosts(t, 'C0ACME');
    expect(post?.params.channel).toBe('C0ACME');
    expect(post?.params.thread_ts).toBeUndefined();
    expect(post?.params.metadata).toEqual({ event_type: 'partneros_reminder', event_payload: { occurrence_key: key } });
    const text = post ? textOf(post) : '';
    expect(text).toMatch(/^Reminder: /);
    expect(text).toContain('Acme Corp');
    expect(text).toContain('First joint deal');
    expect(text).toContain('overdue by 7 days');
    expect(text).not.toContain('Sent late'); // it was added already overdue: nothing was missed
    expect(post ? buttonsOf(post) : []).toEqual(
      expect.arrayContaining([
        'Done',
        'Snooze 1 day',
        'Snooze 1 week',
        'Open partner',
        'reminder.done',
        'reminder.snooze_day',
        'reminder.snooze_week',
        'reminder.open',
      ]),
    );
    const row = await deliveryRow(t, key);
    expect(row).toMatchObject({
      status: 'sent',
      channel_id: 'C0ACME',
      message_ts: (post?.response as { ts: string } | undefined)?.ts,
    });
    // The recipient's zone came from users.info.
    expect(t.slack.calls('users.info').map((c) => c.params.user)).toContain('U0ALICE');
  });

  it('is not posted again by a later tick, nor after a restart on the same database', async () => {
    t = await startTestApp({ clock: fixedClock(NOW) });
    const key = await overdueMilestone(t);
    await t.running.reminders.tickNow();
    await t.running.reminders.tickNow();
    await t.restart(); // ticks at start
    await t.running.reminders.tickNow();
    expect(postedCounts(t)).toEqual(new Map([[key, 1]]));
    expect(storedReminders(t, 'C0ACME')).toHaveLength(1);
  });

  it('goes out at the next tick when its hour passed while PartnerOS was down, and says it is late', async () => {
    const clock = fixedClock('2026-11-19T15:00:00Z');
    t = await startTestApp({ clock });
    await addPartner(t, 'Acme Corp', 'C0ACME');
    await partner(t, 'milestone "Acme Corp" "Kick-off" 2026-11-20');
    await t.running.reminders.tickNow(); // Thursday: the 1-day-before nudge
    clock.set('2026-11-20T18:00:00Z'); // Friday 13:00: the 09:00 due-day nudge was missed
    await t.restart();
    await t.running.reminders.tickNow();
    const due = reminderPosts(t).filter((c) => keyOf(c)?.includes(':due:'));
    expect(due).toHaveLength(1);
    expect(due[0] ? textOf(due[0]) : '').toMatch(/Sent late: it was due at 09:00 on Fri 20 Nov \(America\/New_York\)/);
  });

  it('gets one nudge for a milestone created long overdue, not one per missed repeat', async () => {
    t = await startTestApp({ clock: fixedClock(NOW) });
    await addPartner(t, 'Acme Corp', 'C0ACME');
    await partner(t, 'milestone "Acme Corp" "Ancient" 2026-06-01');
    await t.running.reminders.tickNow();
    expect([...postedCounts(t).keys()]).toEqual([expect.stringMatching(/^milestone:\d+:overdue:2026-11-2\d$/)]);
  });

  it('is driven by node-cron on PARTNEROS_TICK without anyone calling a tick', async () => {
    t = await startTestApp({ clock: fixedClock(NOW), env: { PARTNEROS_TICK: '* * * * * *' } });
    const key = await overdueMilestone(t);
    await until(() => reminderPosts(t).length === 1, { message: 'a cron-driven reminder' });
    expect(keyOf(reminderPosts(t)[0] ?? { params: {} })).toBe(key);
  });
});

describe('a crash between posting and recording', () => {
  it('is settled from the channel history when the post made it: recorded as sent, not posted again', async () => {
    t = await startTestApp({ clock: fixedClock(NOW) });
    const key = await overdueMilestone(t);
    await t.running.reminders.tickNow();
    const posted = storedReminders(t, 'C0ACME')[0];
    // What SIGKILL right after chat.postMessage leaves: the row still 'sending', no ts recorded.
    await t.store.db
      .updateTable('reminder_deliveries')
      .set({ status: 'sending', message_ts: null, sent_at: null, claimed_wall_ms: Date.now() })
      .where('occurrence_key', '=', key)
      .execute();
    await t.restart();
    await t.running.reminders.tickNow();
    expect(postedCounts(t).get(key)).toBe(1);
    expect(await deliveryRow(t, key)).toMatchObject({ status: 'sent', message_ts: posted?.ts });
    const history = t.slack.calls('conversations.history').find((c) => c.params.channel === 'C0ACME');
    expect(history?.params).toMatchObject({ include_all_metadata: 'true' });
  });

  it('is posted (once) when the channel history does not have it', async () => {
    t = await startTestApp({ clock: fixedClock(NOW) });
    const key = await overdueMilestone(t);
    await t.running.reminders.tickNow();
    await t.store.db
      .updateTable('reminder_deliveries')
      .set({ status: 'sending', message_ts: null, sent_at: null, claimed_wall_ms: Date.now() })
      .where('occurrence_key', '=', key)
      .execute();
    t.slack.reset(); // the post never reached Slack
    await t.restart();
    await t.running.reminders.tickNow();
    expect(postedCounts(t)).toEqual(new Map([[key, 1]]));
    expect(storedReminders(t, 'C0ACME').map(keyOf)).toEqual([key]);
    expect((await deliveryRow(t, key))?.status).toBe('sent');
  });

  it('treats a timed-out post as unknown and checks the history before resending', async () => {
    t = await startTestApp({ clock: fixedClock(NOW), reminders: { timeoutMs: 300 } });
    const key = await overdueMilestone(t);
    t.slack.delayNext('chat.postMessage', 1_500, { channel: 'C0ACME' }); // Slack stores it, the answer comes too late
    const first = await t.running.reminders.tickNow();
    expect(first).toMatchObject({ delivered: { unknown: 1, sent: 0 } });
    expect(await deliveryRow(t, key)).toMatchObject({ status: 'sending', last_error: 'unknown: timeout' });
    await t.running.reminders.tickNow();
    expect((await deliveryRow(t, key))?.status).toBe('sent');
    expect(storedReminders(t, 'C0ACME')).toHaveLength(1);
    expect(t.slack.calls('chat.postMessage').filter((c) => keyOf(c) === key)).toHaveLength(1);
  });
});

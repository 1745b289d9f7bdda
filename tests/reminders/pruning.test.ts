/**
 * The daily prune keeps exactly once: settled outbox rows go only when the due rules can no longer
 * compute their key. A partner quiet for months has the same quiet-partner key at every tick, so its
 * row stays; a finished milestone's rows go, and so does its button's once-only key.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { deliveryRetentionDays } from '../../src/domain/reminders/retention';
import { reminderSettings } from '../../src/domain/reminders/model';
import { CompanyConfigSchema } from '../../src/config/schema';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { addPartner, deliveryRow, keyOf, partner, postedCounts, reminderPosts } from './support';
import { rows, one } from '../support/sql';

let t: TestApp;
afterEach(async () => {
  await t?.stop();
});

const keysIn = (app: TestApp, channel: string) =>
  reminderPosts(app, channel)
    .map((c) => keyOf(c) ?? '')
    .sort();
const eventKeys = async (app: TestApp, prefix: string) =>
  ((await rows(app.store, 'SELECT key FROM processed_events ORDER BY key')) as { key: string }[])
    .map((r) => r.key)
    .filter((k) => k.startsWith(prefix));

describe('pruning settled reminders and processed events', () => {
  it('keeps settled reminders 51 days with the default settings', () => {
    expect(deliveryRetentionDays(reminderSettings(CompanyConfigSchema.parse({})))).toBe(51);
  });

  it('never posts a reminder twice: a still-quiet partner’s old nudge is kept, a done milestone’s goes', async () => {
    const clock = fixedClock('2026-09-01T14:00:00Z'); // Tuesday
    t = await startTestApp({ clock });
    const quiet = await addPartner(t, 'Quiet Co', 'C0QUIET');
    const acme = await addPartner(t, 'Acme Corp', 'C0ACME');
    await partner(t, 'milestone "Acme Corp" "Kick-off" 2026-09-15');
    await t.send.event(
      { type: 'message', channel_type: 'im', channel: 'D0ALICE', user: 'U0ALICE', text: 'hi', ts: '1788271200.000100' },
      { eventId: 'Ev0SEPTEMBER' },
    );
    await until(async () => (await eventKeys(t, 'event:')).length === 1);

    // Thursday 1 October: both partners went quiet on 1 September; the milestone is overdue.
    clock.set('2026-10-01T15:00:00Z');
    await t.running.reminders.tickNow();
    const quietKey = `stale:${quiet}:2026-10-01`;
    const milestoneKey = `milestone:${(await t.store.milestones.all(acme))[0]?.id}:overdue:2026-09-30`;
    expect(keysIn(t, 'C0QUIET')).toEqual([quietKey]);
    expect(keysIn(t, 'C0ACME')).toEqual([milestoneKey, `stale:${acme}:2026-10-01`].sort());
    const done = reminderPosts(t, 'C0ACME').find((c) => keyOf(c) === milestoneKey);
    const click = () =>
      t.send.blockAction({
        actionId: 'reminder.done',
        value: milestoneKey,
        channel: 'C0ACME',
        blockId: 'reminder',
        message: {
          type: 'message',
          ts: (done?.response as { ts?: string } | undefined)?.ts,
          text: '',
          user: 'UBOT',
          bot_id: 'BBOT',
        },
      });
    await click(); // Acme is active again; its milestone is done
    await until(() => t.slack.calls('chat.update').length === 1);
    expect(await eventKeys(t, 'reminder:')).toEqual([`reminder:${milestoneKey}`]);

    // Tuesday 15 December, 75 days on, after a restart (nothing remembered in memory): the start tick prunes.
    clock.set('2026-12-15T15:00:00Z');
    await t.restart();
    await t.running.reminders.tickNow();
    expect(await eventKeys(t, 'prune:')).toContain('prune:2026-12-15');
    expect(await deliveryRow(t, milestoneKey)).toBeUndefined(); // the milestone is done: nothing can compute it again
    expect(await deliveryRow(t, `stale:${acme}:2026-10-01`)).toBeUndefined(); // Acme was active since
    expect(await deliveryRow(t, quietKey)).toMatchObject({ status: 'sent' }); // still quiet: computed at every tick
    expect(await eventKeys(t, 'reminder:')).toEqual([]); // went with its row
    expect(await eventKeys(t, 'event:')).toEqual([]); // Slack retries an event within minutes

    // The quiet partner's nudge is computed again at every tick and never posted again.
    await t.running.reminders.tickNow();
    clock.set('2026-12-16T15:00:00Z');
    await t.running.reminders.tickNow(); // another day, another prune: still kept
    expect(await deliveryRow(t, quietKey)).toMatchObject({ status: 'sent' });
    expect(keysIn(t, 'C0QUIET')).toEqual([quietKey]);
    expect([...postedCounts(t).values()].every((n) => n === 1)).toBe(true);
    // Acme's new quiet period (from its Done on 1 October) is a new key, posted once.
    expect(keysIn(t, 'C0ACME')).toContain(`stale:${acme}:2026-10-31`);

    // The old Done button, clicked again: the reminder is no longer known, and nothing changes.
    const before = await one(t.store, 'SELECT count(*) AS n FROM audit_log');
    await click();
    const answer = await until(() => t.slack.responses().at(-1));
    expect(JSON.stringify(answer.body)).toContain('I no longer know this reminder');
    expect(await one(t.store, 'SELECT count(*) AS n FROM audit_log')).toEqual(before);
  });
});

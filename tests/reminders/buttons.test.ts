import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { textObjectsOf } from '../commands/front-door';
import type { RecordedCall } from '../support/fake-slack';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { addPartner, buttonsOf, deliveryRow, keyOf, noticesIn, partner, postedCounts, reminderPosts } from './support';
import { value } from '../support/sql';

const NOW = '2026-11-24T15:00:00Z';
let t: TestApp;
afterEach(async () => {
  await t?.stop();
});

/** Acme Corp in #acme, a milestone a week overdue, its reminder posted. Returns the post. */
async function posted(app: TestApp): Promise<RecordedCall> {
  await addPartner(app, 'Acme Corp', 'C0ACME');
  await partner(app, 'milestone "Acme Corp" "First joint deal" 2026-11-17');
  await noticesIn(app, 'C0ACME', 2);
  await app.running.reminders.tickNow();
  const post = reminderPosts(app, 'C0ACME')[0];
  if (!post) throw new Error('no reminder posted');
  return post;
}

const click = (app: TestApp, post: RecordedCall, actionId: string, user = 'U0ALICE', value = keyOf(post) ?? '') =>
  app.send.blockAction({
    actionId,
    value,
    user,
    channel: 'C0ACME',
    blockId: 'reminder',
    message: {
      type: 'message',
      ts: (post.response as { ts: string }).ts,
      text: String(post.params.text),
      user: 'UBOT',
      bot_id: 'BBOT',
    },
  });

describe('the Done button', () => {
  it('marks the milestone done, edits the original post (no more buttons) and stops its reminders; a double click changes nothing', async () => {
    const clock = fixedClock(NOW);
    t = await startTestApp({ clock });
    const post = await posted(t);
    const key = keyOf(post) ?? '';
    expect((await click(t, post, 'reminder.done')).status).toBe(200);
    expect((await click(t, post, 'reminder.done')).status).toBe(200);
    const update = await until(() => t.slack.calls('chat.update')[0]);
    expect(update.params).toMatchObject({ channel: 'C0ACME', ts: (post.response as { ts: string }).ts });
    expect(textObjectsOf(update.params.blocks).join('\n')).toContain('✅ Done by <@U0ALICE> — milestone marked done');
    expect(buttonsOf(update)).not.toContain('reminder.done');
    expect(buttonsOf(update)).not.toContain('reminder.snooze_day');
    expect(update.params.metadata).toEqual({
      event_type: 'partneros_reminder',
      event_payload: { occurrence_key: key },
    });
    await until(() => t.slack.responses().length === 1); // the second click hears it was handled already
    expect(JSON.stringify(t.slack.responses()[0]?.body)).toContain('already handled');
    expect(t.slack.calls('chat.update')).toHaveLength(1);
    expect((await t.store.milestones.all((await t.store.partners.findByName('Acme Corp'))?.id ?? 0))[0]).toMatchObject({
      status: 'done',
      done_by: 'U0ALICE',
    });
    clock.set('2026-11-26T15:00:00Z'); // the next overdue repeat would be due now
    await t.running.reminders.tickNow();
    expect(reminderPosts(t)).toHaveLength(1);
  });

  it('records the QBR as held today on a QBR reminder, which re-plans the next one', async () => {
    const clock = fixedClock('2026-08-24T15:00:00Z');
    t = await startTestApp({ clock, reminders: { paceMs: 20 } });
    await addPartner(t, 'Acme Corp', 'C0ACME', 'tier=Gold');
    clock.set('2026-11-24T15:00:00Z'); // three months on: the QBR is due today
    await t.running.reminders.tickNow();
    const post = reminderPosts(t, 'C0ACME').find((c) => keyOf(c)?.startsWith('qbr:'));
    expect(post && keyOf(post)).toMatch(/^qbr:\d+:due:2026-11-24$/);
    expect(post ? textObjectsOf(post.params.blocks).join('\n') : '').toContain(
      'The QBR with *Acme Corp* (Gold, every 3 months) is due today',
    );
    await click(t, post as RecordedCall, 'reminder.done');
    const update = await until(() => t.slack.calls('chat.update')[0]);
    expect(textObjectsOf(update.params.blocks).join('\n')).toContain('QBR recorded as held today');
    expect(await t.store.qbrs.last((await t.store.partners.findByName('Acme Corp'))?.id ?? 0)).toMatchObject({
      held_on: '2026-11-24',
      user_id: 'U0ALICE',
    });
    const listing = await partner(t, 'reminders "Acme Corp"');
    expect(listing).not.toContain('🤝 QBR'); // the next one is due 24 February 2027, beyond the 30 days listed
    clock.set('2027-02-10T15:00:00Z');
    expect(await partner(t, 'reminders "Acme Corp"')).toMatch(
      /Wed 24 Feb · 🤝 QBR — \*Acme Corp\* \(Gold, every 3 months\) · in 14 days/,
    );
  });

  it('is refused, ephemerally, to someone who may not change the partner, and stays usable for those who may', async () => {
    t = await startTestApp({ clock: fixedClock(NOW), config: 'admins: [U0ADMIN]\n' });
    const post = await posted(t);
    await click(t, post, 'reminder.done', 'U0BOB');
    await until(() => t.slack.responses().length === 1);
    expect(JSON.stringify(t.slack.responses()[0]?.body)).toContain(
      'Only the owner of “Acme Corp” and PartnerOS admins can change it',
    );
    expect(t.slack.calls('chat.update')).toHaveLength(0);
    await click(t, post, 'reminder.done', 'U0ADMIN');
    await until(() => t.slack.calls('chat.update').length === 1);
  });
});

describe('the Snooze buttons', () => {
  it('edit the post to say until when, hold the reminder until then, and post it again then', async () => {
    const clock = fixedClock(NOW);
    t = await startTestApp({ clock });
    const post = await posted(t);
    const partnerId = (await t.store.partners.findByName('Acme Corp'))?.id ?? 0;
    await click(t, post, 'reminder.snooze_day');
    await click(t, post, 'reminder.snooze_week'); // a stale second click: the first one counts
    const update = await until(() => t.slack.calls('chat.update')[0]);
    expect(textObjectsOf(update.params.blocks).join('\n')).toContain(
      '💤 Snoozed until Wed 25 Nov, 09:00 (America/New_York) by <@U0ALICE>',
    );
    await until(() => t.slack.responses().length === 1);
    expect(t.slack.calls('chat.update')).toHaveLength(1);

    await t.running.reminders.tickNow();
    clock.set('2026-11-25T13:59:00Z');
    await t.running.reminders.tickNow();
    expect(reminderPosts(t)).toHaveLength(1);
    clock.set('2026-11-25T14:00:00Z'); // Wednesday 09:00
    await t.running.reminders.tickNow();
    const again = reminderPosts(t)[1];
    expect(again && keyOf(again)).toBe(
      `milestone:${await value(t.store, 'SELECT id FROM milestones')}:snooze:2026-11-25`,
    );
    expect(again ? textObjectsOf(again.params.blocks).join('\n') : '').toContain('You snoozed this reminder');
    // The schedule itself is untouched: the next overdue repeat (Thursday 26th) still comes.
    clock.set('2026-11-26T14:00:00Z');
    await t.running.reminders.tickNow();
    expect([...postedCounts(t).keys()].at(-1)).toMatch(/:overdue:2026-11-26$/);
    expect(partnerId).toBeGreaterThan(0);
  });
});

describe('the Open partner button', () => {
  it('shows the partner card to whoever clicked, and only to them', async () => {
    t = await startTestApp({ clock: fixedClock(NOW) });
    const post = await posted(t);
    const id = String((await t.store.partners.findByName('Acme Corp'))?.id);
    await click(t, post, 'reminder.open', 'U0BOB', id);
    await until(() => t.slack.responses().length === 1);
    const body = t.slack.responses()[0]?.body as Record<string, unknown>;
    expect(body.response_type).toBe('ephemeral');
    expect(body.replace_original).toBe(false);
    expect(textObjectsOf(body.blocks).join('\n')).toContain('First joint deal');
    expect(t.slack.calls('chat.update')).toHaveLength(0);
    expect((await deliveryRow(t, keyOf(post) ?? ''))?.status).toBe('sent');
  });
});

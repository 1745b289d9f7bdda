import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { toNewDelivery } from '../../src/domain/reminders/delivery';
import { IDS } from '../../src/slack/ids';
import { ephemeralReply, memoryOf, messageOf } from '../commands/front-door';
import type { RecordedCall, StoredMessage } from '../support/fake-slack';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { addPartner, buttonsOf, deliveryRow, keyOf, partner, reminderPosts } from '../reminders/support';

/** QBR calendar files through the real app: the reminder's Add to calendar button and `/partner qbr-invite`. */

const BERLIN = 'Europe/Berlin';
const TOKYO = 'Asia/Tokyo';

/** The one event of an .ics file, read back by an independent iCalendar parser (as a calendar app would). */
function parseIcs(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevents = calendar.getAllSubcomponents('vevent');
  expect(vevents).toHaveLength(1);
  const event = new ICAL.Event(vevents[0]);
  return {
    summary: event.summary,
    description: event.description,
    start: event.startDate.toJSDate(),
    minutes: (event.endDate.toJSDate().getTime() - event.startDate.toJSDate().getTime()) / 60_000,
  };
}

/** The local date and time of an instant in a zone. */
const localIn = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");

/** The n-th calendar file shared, its event, and where it went. */
async function icsShared(t: TestApp, n = 0) {
  const complete = await until(
    () => t.slack.calls('files.completeUploadExternal').filter((c) => (c.response as { ok?: boolean }).ok === true)[n],
  );
  const [file] = complete.params.files as { id: string }[];
  const upload = t.slack.uploads().find((u) => u.fileId === file?.id);
  expect(upload?.filename).toMatch(/^qbr-acme-corp-\d{4}-\d{2}-\d{2}\.ics$/);
  return { channel: complete.params.channel_id, ...parseIcs(upload?.bytes?.toString('utf8') ?? '') };
}

const clickOn = (t: TestApp, post: RecordedCall, actionId: string, value: string, user = 'U0ALICE') =>
  t.send.blockAction({
    actionId,
    value,
    user,
    channel: 'C0ACME',
    blockId: IDS.reminderBlock,
    message: {
      type: 'message',
      ts: (post.response as { ts: string }).ts,
      text: String(post.params.text),
      user: 'UBOT',
      bot_id: 'BBOT',
    },
  });

const LINK = 'https://slack.com/app_redirect?team=T0TEST&channel=C0ACME';

describe('QBR calendar files', () => {
  let t: TestApp;
  let post: RecordedCall;
  /** What the partner channel holds after the tick (the fake forgets it between tests). */
  let channelMessages: StoredMessage[] = [];
  const clock = fixedClock('2026-08-24T15:00:00Z');

  beforeAll(async () => {
    t = await startTestApp({ clock, reminders: { paceMs: 20 } });
    t.slack.setUserTz('U0ALICE', BERLIN);
    t.slack.setUserTz('U0BOB', TOKYO);
    // Gold: a QBR every 3 months, so the first is due 24 November; Alice owns it.
    await addPartner(t, 'Acme Corp', 'C0ACME', 'tier=Gold');
    await addPartner(t, 'Bobco', null, 'owner=<@U0BOB|bob>');
    await partner(t, 'milestone "Acme Corp" "Kickoff" 2026-11-03');
    await t.running.reminders.tickNow(); // learns Alice's and Bob's zones
    clock.set('2026-11-10T15:00:00Z'); // 14 days before the QBR: its first reminder
    await t.running.reminders.tickNow();
    const qbr = reminderPosts(t, 'C0ACME').find((c) => keyOf(c)?.startsWith('qbr:'));
    if (!qbr) throw new Error('no QBR reminder posted');
    post = qbr;
    channelMessages = t.slack.messages('C0ACME');
  });
  afterAll(async () => {
    await t?.stop();
  });
  beforeEach(() => t.slack.reset());

  it('a QBR reminder carries Add to calendar, naming its occurrence; other reminders and change notices do not', async () => {
    const key = keyOf(post) ?? '';
    expect(key).toMatch(/^qbr:\d+:before14:2026-11-10$/);
    const buttons = buttonsOf(post);
    expect(buttons).toEqual(expect.arrayContaining(['Add to calendar', IDS.reminderCalendar, key]));
    expect(buttons).toEqual(expect.arrayContaining([IDS.reminderDone, IDS.reminderSnoozeDay, IDS.reminderOpen]));
    const others = channelMessages.filter((m) => !keyOf(m)?.startsWith('qbr:'));
    expect(others.some((m) => keyOf(m)?.startsWith('milestone:'))).toBe(true);
    expect(others.filter((m) => keyOf(m) === undefined).length).toBeGreaterThanOrEqual(2); // change notices
    for (const m of others) expect(JSON.stringify(m.blocks ?? [])).not.toContain(IDS.reminderCalendar);
    // Done and Snooze are there as before.
    expect(JSON.stringify(channelMessages.find((m) => keyOf(m)?.startsWith('milestone:'))?.blocks)).toContain(
      IDS.reminderSnoozeDay,
    );
  });

  it('Add to calendar sends the clicker an .ics: due day, reminder hour in the owner’s zone, 60 minutes, titled, channel linked', async () => {
    await clickOn(t, post, IDS.reminderCalendar, keyOf(post) ?? '', 'U0BOB');
    const event = await icsShared(t);
    expect(event.channel).toBe('DU0BOB'); // whoever clicked, in their DM
    expect(event.summary).toBe('QBR — Acme Corp');
    expect(localIn(event.start, BERLIN)).toBe('2026-11-24T09:00'); // the owner's zone, not the clicker's
    expect(event.start.toISOString()).toBe('2026-11-24T08:00:00.000Z');
    expect(event.minutes).toBe(60);
    expect(event.description).toContain(`Partner channel: ${LINK}`);
    const reply = await until(() => t.slack.responses()[0]);
    const body = reply.body as Record<string, unknown>;
    expect(body.response_type).toBe('ephemeral');
    expect(body.replace_original).toBe(false);
    expect(messageOf(body).all).toContain('is in your DM with me');
    expect(messageOf(body).all).toContain('Tue 24 Nov 2026, 09:00–10:00 (Europe/Berlin)');
    // It changed nothing: the reminder is untouched and Done still acts, once.
    expect(t.slack.calls('chat.update')).toHaveLength(0);
    expect((await deliveryRow(t, keyOf(post) ?? ''))?.status).toBe('sent');
  });

  it('a crafted value (unknown, not a QBR, or another workspace’s) finds nothing, sends nothing and changes nothing', async () => {
    const other = t.running.database.workspace('T0OTHER');
    const at = clock.now().toISOString();
    const otherId = await other.partners.insert({
      name: 'Other Corp',
      type: null,
      tier: 'Gold',
      stage: 'active',
      owner_user_id: 'U0ZED',
      channel_id: 'C0OTHER',
      vertical: null,
      created_by: 'U0ZED',
      at,
    });
    const otherKey = `qbr:${otherId}:due:2026-11-24`;
    await other.deliveries.insertAll(
      [
        toNewDelivery(
          {
            key: otherKey,
            itemKey: `qbr:${otherId}`,
            kind: 'qbr',
            partnerId: otherId,
            itemId: null,
            target: { kind: 'channel', channelId: 'C0OTHER' },
            dueAt: new Date(at),
            notBefore: new Date(at),
            payload: {
              label: 'due',
              day: '2026-11-24',
              facts: { partnerName: 'Other Corp', dueOn: '2026-11-24', knownSince: at, zone: 'UTC', role: 'channel' },
            },
          },
          at,
        ),
      ],
      (key) => `superseded by ${key}`,
    );
    const before = await memoryOf(t.store);
    const milestoneRow = await t.store.db
      .selectFrom('reminder_deliveries')
      .select('occurrence_key')
      .where('kind', '=', 'milestone')
      .where('workspace_id', '=', 'T0TEST')
      .executeTakeFirst();
    for (const value of [otherKey, 'qbr:999999:due:2026-11-24', milestoneRow?.occurrence_key ?? 'milestone:none', '']) {
      await clickOn(t, post, IDS.reminderCalendar, value);
    }
    await until(() => t.slack.responses().length === 4);
    for (const r of t.slack.responses()) {
      const text = messageOf(r.body).all;
      expect(text).toContain('I no longer know this reminder.');
      expect(text).not.toContain('Other Corp');
    }
    expect(t.slack.calls('files.getUploadURLExternal')).toHaveLength(0);
    expect(await memoryOf(t.store)).toBe(before);
    expect((await other.deliveries.byKey(otherKey))?.status).toBe('pending');
  });

  it('Done still acts once after Add to calendar, and once done the calendar button goes', async () => {
    await clickOn(t, post, IDS.reminderCalendar, keyOf(post) ?? '');
    await icsShared(t);
    await clickOn(t, post, IDS.reminderDone, keyOf(post) ?? '');
    await clickOn(t, post, IDS.reminderDone, keyOf(post) ?? '');
    const update = await until(() => t.slack.calls('chat.update')[0]);
    expect(buttonsOf(update)).not.toContain(IDS.reminderCalendar);
    expect(buttonsOf(update)).not.toContain(IDS.reminderDone);
    await until(() => t.slack.responses().length === 2); // the file's line, then "already handled"
    expect(t.slack.calls('chat.update')).toHaveLength(1);
    expect(JSON.stringify(t.slack.responses().map((r) => r.body))).toContain('already handled');
  });
});

describe('/partner qbr-invite', () => {
  let t: TestApp;
  const clock = fixedClock('2026-08-24T15:00:00Z');

  beforeAll(async () => {
    t = await startTestApp({ clock });
    t.slack.setUserTz('U0ALICE', BERLIN);
    t.slack.setUserTz('U0BOB', TOKYO);
    await addPartner(t, 'Acme Corp', 'C0ACME', 'tier=Gold');
    await addPartner(t, 'Bobco', null, 'owner=<@U0BOB|bob>');
    await t.running.reminders.tickNow(); // learns Alice's and Bob's zones
    clock.set('2026-10-01T12:00:00Z');
  });
  afterAll(async () => {
    await t?.stop();
  });
  beforeEach(() => t.slack.reset());

  it('without a time: the next QBR on its due day at the reminder hour in the owner’s zone, to the requester’s DM', async () => {
    const ack = ephemeralReply(await t.send.command('qbr-invite acme', { user_id: 'U0BOB' }));
    expect(ack.all).toContain(
      'Sending you the calendar file for the QBR with *Acme Corp* — Tue 24 Nov 2026, 09:00–10:00 (Europe/Berlin)',
    );
    const event = await icsShared(t);
    expect(event.channel).toBe('DU0BOB');
    expect(localIn(event.start, BERLIN)).toBe('2026-11-24T09:00');
    expect(event.minutes).toBe(60);
    expect(event.summary).toBe('QBR — Acme Corp');
    expect(event.description).toContain(LINK);
    const done = await until(() => t.slack.responses()[0]);
    expect((done.body as Record<string, unknown>).replace_original).toBe(true);
    expect(messageOf(done.body).all).toContain('is in your DM with me');
  });

  it('with a day and a time: then, in the requester’s zone', async () => {
    ephemeralReply(await t.send.command('qbr-invite "Acme Corp" 2026-12-03 14:30', { user_id: 'U0BOB' }));
    const event = await icsShared(t);
    expect(localIn(event.start, TOKYO)).toBe('2026-12-03T14:30');
    expect(event.start.toISOString()).toBe('2026-12-03T05:30:00.000Z');
    expect(event.minutes).toBe(60);
    expect(event.description).toContain('The QBR falls due 2026-11-24.');
    const done = await until(() => t.slack.responses()[0]);
    expect(messageOf(done.body).all).toContain('At the time you gave, in your time zone.');
  });

  it('reads the day in the date forms a milestone takes, and a 12-hour time', async () => {
    ephemeralReply(await t.send.command('qbr-invite Acme Corp next friday 2:30pm'));
    const event = await icsShared(t);
    expect(localIn(event.start, BERLIN)).toBe('2026-10-09T14:30'); // Alice's zone; the Friday of next week
  });

  it('refuses a bad time, a day without a time, an impossible day and a time already past, saying which; nothing is sent', async () => {
    const cases: [string, string][] = [
      ['qbr-invite "Acme Corp" 2026-12-03 25:00', '“25:00” is not a time of day.'],
      ['qbr-invite "Acme Corp" 2026-12-03 14:75', '“14:75” is not a time of day.'],
      ['qbr-invite "Acme Corp" 2026-12-03', 'needs a time after the day'],
      ['qbr-invite "Acme Corp" 14:30', 'needs the day before the time'],
      ['qbr-invite "Acme Corp" 2026-02-30 10:00', '“2026-02-30” is not a real calendar date.'],
      [
        'qbr-invite "Acme Corp" 2026-10-01 13:30',
        '2026-10-01 13:30 (Europe/Berlin) has already passed: it is 2026-10-01 14:00 there now.',
      ],
      ['qbr-invite', '`qbr-invite` needs a partner name.'],
    ];
    for (const [text, error] of cases) expect(ephemeralReply(await t.send.command(text)).all, text).toContain(error);
    expect(t.slack.calls('files.getUploadURLExternal')).toHaveLength(0);
  });

  it('answers a name it does not know with the closest ones', async () => {
    const reply = ephemeralReply(await t.send.command('qbr-invite Acme Crop 2026-12-03 14:30'));
    expect(reply.all).toContain('No partner called “Acme Crop”.');
    expect(reply.all).toContain('Did you mean “Acme Corp”');
    expect(t.slack.calls('files.getUploadURLExternal')).toHaveLength(0);
  });

  it('puts an overdue QBR at the next reminder hour, and says so', async () => {
    clock.set('2026-11-26T12:00:00Z'); // Thursday; the QBR was due Tuesday
    ephemeralReply(await t.send.command('qbr-invite "Acme Corp"'));
    const event = await icsShared(t);
    expect(localIn(event.start, BERLIN)).toBe('2026-11-27T09:00');
    const done = await until(() => t.slack.responses()[0]);
    expect(messageOf(done.body).all).toContain('The QBR was due Tue 24 Nov 2026 and is overdue');
  });
});

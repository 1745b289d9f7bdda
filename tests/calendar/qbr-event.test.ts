import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { channelLink, qbrEvent, type QbrEventInput } from '../../src/domain/calendar/qbr-event';

const now = new Date('2026-01-05T12:00:00Z');
const acme = { id: 7, name: 'Acme Corp', channelId: 'C0ACME' };

function make(overrides: Partial<QbrEventInput> = {}) {
  const result = qbrEvent({ partner: acme, dueOn: '2026-02-10', hour: 9, zone: 'America/New_York', now, ...overrides });
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

/** Reads the file back with an independent iCalendar parser: the one event, as a calendar app would. */
function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevents = calendar.getAllSubcomponents('vevent');
  expect(vevents).toHaveLength(1);
  const event = new ICAL.Event(vevents[0]);
  const start = event.startDate.toJSDate();
  return { event, start, end: event.endDate.toJSDate(), url: vevents[0]?.getFirstPropertyValue('url') };
}

/** The local date and time of an instant in a zone. */
const localIn = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");

describe('the QBR calendar event', () => {
  it('falls on the due day at the configured hour in the zone, for an hour, titled with the partner', () => {
    const { ics, start } = make();
    const parsed = parse(ics);
    expect(parsed.event.summary).toBe('QBR — Acme Corp');
    expect(localIn(parsed.start, 'America/New_York')).toBe('2026-02-10T09:00');
    // Winter in New York is UTC−5, and the file says so in UTC.
    expect(parsed.start.toISOString()).toBe('2026-02-10T14:00:00.000Z');
    expect(ics).toContain('DTSTART:20260210T140000Z');
    expect(parsed.end.getTime() - parsed.start.getTime()).toBe(60 * 60_000);
    expect(parsed.start).toEqual(start);
  });

  it('keeps the local hour across a daylight-saving change (New York, Sydney) and in a zone without one', () => {
    const cases: [string, string, number, string, string][] = [
      // zone, due day, hour, expected local, expected UTC
      ['America/New_York', '2026-03-07', 9, '2026-03-07T09:00', '2026-03-07T14:00:00.000Z'], // day before spring forward
      ['America/New_York', '2026-03-09', 9, '2026-03-09T09:00', '2026-03-09T13:00:00.000Z'], // day after: EDT
      ['America/New_York', '2026-11-02', 9, '2026-11-02T09:00', '2026-11-02T14:00:00.000Z'], // after fall back
      ['Australia/Sydney', '2026-04-03', 9, '2026-04-03T09:00', '2026-04-02T22:00:00.000Z'], // AEDT, UTC+11
      ['Australia/Sydney', '2026-04-06', 9, '2026-04-06T09:00', '2026-04-05T23:00:00.000Z'], // AEST, UTC+10
      ['Asia/Kolkata', '2026-07-01', 9, '2026-07-01T09:00', '2026-07-01T03:30:00.000Z'], // UTC+5:30, no DST
    ];
    for (const [zone, dueOn, hour, local, utc] of cases) {
      const parsed = parse(make({ zone, dueOn, hour }).ics);
      expect(localIn(parsed.start, zone), `${zone} ${dueOn}`).toBe(local);
      expect(parsed.start.toISOString(), `${zone} ${dueOn}`).toBe(utc);
    }
  });

  it('on the day clocks spring forward, an hour that does not exist starts at the first one that does; a repeated hour takes the first', () => {
    // 02:00 does not exist in New York on 8 March 2026: the meeting is at 03:00 EDT.
    const gap = parse(make({ dueOn: '2026-03-08', hour: 2 }).ics);
    expect(localIn(gap.start, 'America/New_York')).toBe('2026-03-08T03:00');
    // 01:00 happens twice on 1 November 2026: the first, still EDT (UTC−4).
    const repeated = parse(make({ dueOn: '2026-11-01', hour: 1 }).ics);
    expect(repeated.start.toISOString()).toBe('2026-11-01T05:00:00.000Z');
    // 09:00 on the change day itself is ordinary.
    expect(localIn(parse(make({ dueOn: '2026-03-08', hour: 9 }).ics).start, 'America/New_York')).toBe(
      '2026-03-08T09:00',
    );
  });

  it('does not depend on the server’s own time zone', () => {
    const before = process.env.TZ;
    try {
      process.env.TZ = 'Asia/Tokyo';
      const tokyo = make().ics;
      process.env.TZ = 'UTC';
      expect(make().ics).toBe(tokyo);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it('links the partner channel in the description and as the event URL', () => {
    const { ics } = make({ teamId: 'T0TEAM' });
    const parsed = parse(ics);
    const link = 'https://slack.com/app_redirect?team=T0TEAM&channel=C0ACME';
    expect(parsed.event.description).toContain(`Partner channel: ${link}`);
    expect(parsed.url).toBe(link);
    expect(channelLink('C0ACME')).toBe('https://slack.com/app_redirect?channel=C0ACME');
    const noChannel = parse(make({ partner: { ...acme, channelId: null } }).ics);
    expect(noChannel.event.description).toContain('no channel linked');
    expect(noChannel.url).toBeNull();
  });

  it('has one UID per partner and due day, so downloading it again updates the same event', () => {
    const first = make();
    const again = make({ hour: 15, now: new Date('2026-01-20T08:00:00Z'), partner: { ...acme, name: 'Acme Inc' } });
    expect(parse(again.ics).event.uid).toBe(parse(first.ics).event.uid);
    expect(again.ics).toContain('DTSTAMP:20260120T080000Z');
    expect(make({ dueOn: '2026-05-10' }).uid).not.toBe(first.uid);
    expect(make({ partner: { ...acme, id: 8 } }).uid).not.toBe(first.uid);
    expect(make({ teamId: 'T1' }).uid).not.toBe(make({ teamId: 'T2' }).uid);
  });

  it('keeps punctuation in names intact through iCalendar escaping, and names the file after the partner', () => {
    const name = 'AT&T; Société Générale, Ltd';
    const event = make({ partner: { ...acme, name } });
    expect(parse(event.ics).event.summary).toBe(`QBR — ${name}`);
    expect(event.fileName).toBe('qbr-at-t-societe-generale-ltd-2026-02-10.ics');
    expect(event.ics).toMatch(/\r\n$/);
  });

  it('refuses a bad day, hour or zone with a sentence saying which', () => {
    const bad = (o: Partial<QbrEventInput>) =>
      qbrEvent({ partner: acme, dueOn: '2026-02-10', hour: 9, zone: 'UTC', now, ...o });
    expect(bad({ dueOn: '2026-02-30' })).toEqual({ ok: false, error: expect.stringContaining('YYYY-MM-DD') });
    expect(bad({ dueOn: '10/02/2026' })).toEqual({ ok: false, error: expect.stringContaining('YYYY-MM-DD') });
    expect(bad({ hour: 24 })).toEqual({ ok: false, error: expect.stringContaining('0 to 23') });
    expect(bad({ hour: 8.5 })).toEqual({ ok: false, error: expect.stringContaining('0 to 23') });
    expect(bad({ zone: 'Mars/Olympus' })).toEqual({ ok: false, error: expect.stringContaining('IANA') });
  });
});

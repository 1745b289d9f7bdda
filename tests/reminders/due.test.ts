import { describe, expect, it } from 'vitest';
import { sendInstant } from '../../src/domain/reminders/calendar';
import { dueOccurrences } from '../../src/domain/reminders/due';
import type { Occurrence, ReminderKind, Snapshot } from '../../src/domain/reminders/model';
import { healthEvent, local, milestone, partner, settings, snapshot } from './factories';

const ALL_WEEK = { working_days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] };

const keys = (snap: Snapshot, now: Date, s = settings(), kind?: ReminderKind): string[] =>
  dueOccurrences(snap, s, now)
    .filter((o) => !kind || o.kind === kind)
    .map((o) => o.key);

const only = (snap: Snapshot, now: Date, s = settings(), kind?: ReminderKind): Occurrence => {
  const found = dueOccurrences(snap, s, now).filter((o) => !kind || o.kind === kind);
  expect(found, 'exactly one occurrence').toHaveLength(1);
  return found[0] as Occurrence;
};

describe('milestone reminders', () => {
  // Due Thursday 10 December 2026; New York (the default zone), 09:00, Monday to Friday.
  const snap = snapshot({ milestones: [milestone({ dueOn: '2026-12-10' })] });

  it('are due at the configured offsets before the day (7, 3, 1), at 09:00 local, not a minute before', () => {
    expect(keys(snap, local('2026-12-03 08:59'))).toEqual([]);
    expect(keys(snap, local('2026-12-03 09:00'))).toEqual(['milestone:42:before7:2026-12-03']);
    expect(keys(snap, local('2026-12-07 09:00'))).toEqual(['milestone:42:before3:2026-12-07']);
    expect(keys(snap, local('2026-12-09 09:00'))).toEqual(['milestone:42:before1:2026-12-09']);
    expect(keys(snap, local('2026-12-10 09:00'))).toEqual(['milestone:42:due:2026-12-10']);
  });

  it('repeat every 3 days while overdue; one falling on a Sunday goes out on Monday under its own day', () => {
    expect(keys(snap, local('2026-12-12 12:00'))).toEqual(['milestone:42:due:2026-12-10']);
    expect(keys(snap, local('2026-12-13 12:00'))).toEqual(['milestone:42:due:2026-12-10']); // Sunday: waits for Monday
    const monday = only(snap, local('2026-12-14 09:00'));
    expect(monday.key).toBe('milestone:42:overdue:2026-12-13');
    expect(monday.dueAt).toEqual(local('2026-12-14 09:00'));
    expect(keys(snap, local('2026-12-16 09:00'))).toEqual(['milestone:42:overdue:2026-12-16']);
  });

  it('follow milestone_days_before and milestone_overdue_every_days from the config', () => {
    const s = settings({ milestone_days_before: [2], milestone_overdue_every_days: 5 });
    expect(keys(snap, local('2026-12-03 09:00'), s)).toEqual([]);
    expect(keys(snap, local('2026-12-08 09:00'), s)).toEqual(['milestone:42:before2:2026-12-08']);
    expect(keys(snap, local('2026-12-15 09:00'), s)).toEqual(['milestone:42:overdue:2026-12-15']);
  });

  it('give an item created already overdue exactly one nudge, the latest, not a burst of the missed ones', () => {
    const late = snapshot({ milestones: [milestone({ dueOn: '2026-10-01', createdAt: '2026-11-24T15:00:00.000Z' })] });
    const o = only(late, local('2026-11-24 10:00'));
    expect(o.key).toBe('milestone:42:overdue:2026-11-24');
    expect(o.label).toBe('overdue');
  });

  it('after an outage, send only the latest missed occurrence', () => {
    // Offline from before the 7-day nudge until the due day: one nudge, the due one.
    expect(keys(snap, local('2026-12-10 15:00'))).toEqual(['milestone:42:due:2026-12-10']);
  });

  it('skip a before-due nudge whose time came before the milestone existed', () => {
    const fresh = snapshot({ milestones: [milestone({ dueOn: '2026-12-10', createdAt: '2026-12-05T15:00:00.000Z' })] });
    expect(keys(fresh, local('2026-12-05 11:00'))).toEqual([]);
    expect(keys(fresh, local('2026-12-07 09:00'))).toEqual(['milestone:42:before3:2026-12-07']);
  });

  it('stop once the milestone is done or cancelled (it is no longer in the open milestones read)', () => {
    expect(keys(snapshot({ milestones: [] }), local('2026-12-10 09:00'))).toEqual([]);
  });

  it('wait out a snooze, then carry on with the schedule', () => {
    const snoozed = snapshot({
      milestones: [milestone()],
      snoozes: [['milestone:42', local('2026-12-15 09:00').toISOString()]],
    });
    expect(keys(snoozed, local('2026-12-14 09:00'))).toEqual([]); // the Monday nudge falls inside the snooze
    expect(keys(snoozed, local('2026-12-16 09:00'))).toEqual(['milestone:42:overdue:2026-12-16']);
  });
});

describe('QBR reminders', () => {
  // Gold: every 3 months from the partner's first day (24 August) → due Tuesday 24 November 2026.
  const gold = partner({ createdAt: '2026-08-24T15:00:00.000Z' });

  it('are due 14 and 3 days before, on the day, then weekly while overdue', () => {
    const snap = snapshot({ partners: [gold] });
    expect(keys(snap, local('2026-11-10 09:00'), settings(), 'qbr')).toEqual(['qbr:7:before14:2026-11-10']);
    // 21 November is a Saturday: the 3-day nudge goes out on Monday 23rd.
    expect(keys(snap, local('2026-11-23 09:00'), settings(), 'qbr')).toEqual(['qbr:7:before3:2026-11-21']);
    expect(keys(snap, local('2026-11-24 09:00'), settings(), 'qbr')).toEqual(['qbr:7:due:2026-11-24']);
    expect(keys(snap, local('2026-12-01 09:00'), settings(), 'qbr')).toEqual(['qbr:7:overdue:2026-12-01']);
    expect(keys(snap, local('2026-12-08 09:00'), settings(), 'qbr')).toEqual(['qbr:7:overdue:2026-12-08']);
  });

  it('re-plan on a tier change: Silver is every 6 months', () => {
    const snap = snapshot({ partners: [{ ...gold, tier: 'Silver' }] });
    expect(keys(snap, local('2026-11-24 09:00'), settings(), 'qbr')).toEqual([]);
    expect(keys(snap, local('2027-02-10 09:00'), settings(), 'qbr')).toEqual(['qbr:7:before14:2027-02-10']);
  });

  it('re-plan from the last QBR held', () => {
    const snap = snapshot({
      partners: [gold],
      lastQbr: [[7, { heldOn: '2026-11-20', at: '2026-11-20T16:00:00.000Z' }]],
    });
    expect(keys(snap, local('2026-11-24 09:00'), settings(), 'qbr')).toEqual([]);
    expect(keys(snap, local('2027-02-20 12:00'), settings(), 'qbr')).toEqual(['qbr:7:before3:2027-02-17']); // the 20th is a Saturday
  });

  it('use the lowest tier’s cadence for a tier no longer in the config, and none for exited partners', () => {
    const orphan = snapshot({ partners: [{ ...gold, tier: 'Platinum' }] }); // Bronze: 12 months
    expect(keys(orphan, local('2026-11-24 09:00'), settings(), 'qbr')).toEqual([]);
    expect(keys(orphan, local('2027-08-24 09:00'), settings(), 'qbr')).toEqual(['qbr:7:due:2027-08-24']);
    expect(
      keys(snapshot({ partners: [{ ...gold, stage: 'exited' }] }), local('2026-11-24 09:00'), settings(), 'qbr'),
    ).toEqual([]);
  });
});

describe('health reminders', () => {
  const at = (e: Parameters<typeof healthEvent>[0]) =>
    keys(snapshot({ health: [healthEvent(e)] }), local('2026-11-25 09:00'), settings(), 'health');

  it('fire once per drop below the threshold, at the next delivery hour', () => {
    expect(at({ score: 40, previous: 65, at: local('2026-11-24 15:00').toISOString() })).toEqual(['health:7:311']);
    expect(
      keys(
        snapshot({ health: [healthEvent({ at: local('2026-11-24 15:00').toISOString() })] }),
        local('2026-11-25 08:59'),
        settings(),
        'health',
      ),
    ).toEqual([]);
  });

  it('fire for a fall of health_drop points at once, even above the threshold', () => {
    expect(at({ score: 64, previous: 80 })).toEqual(['health:7:311']);
    expect(at({ score: 66, previous: 80 })).toEqual([]);
  });

  it('stay quiet for small moves and for a score that was already low', () => {
    expect(at({ score: 52, previous: 55 })).toEqual([]);
    expect(at({ score: 40, previous: 45 })).toEqual([]);
    expect(at({ score: 40, previous: null })).toEqual(['health:7:311']); // a first score that is already red
  });

  it('nudge only the latest drop of a partner', () => {
    const snap = snapshot({
      health: [
        healthEvent({ id: 1, score: 45, previous: 70, at: '2026-11-23T15:00:00.000Z' }),
        healthEvent({ id: 2, score: 20, previous: 45, at: '2026-11-24T15:00:00.000Z' }),
      ],
    });
    expect(keys(snap, local('2026-11-25 09:00'), settings(), 'health')).toEqual(['health:7:2']);
  });
});

describe('stale-partner reminders', () => {
  it('fire once the partner has been quiet for stale_after_days, keyed by the day it went quiet', () => {
    // Last activity 1 October; quiet 30 days on 31 October, a Saturday → Monday 2 November.
    const snap = snapshot({
      lastActivity: [[7, '2026-10-01T14:00:00.000Z']],
      partners: [partner({ createdAt: '2026-09-01T12:00:00.000Z' })],
    });
    expect(keys(snap, local('2026-10-30 09:00'), settings(), 'stale')).toEqual([]);
    expect(keys(snap, local('2026-11-02 09:00'), settings(), 'stale')).toEqual(['stale:7:2026-10-31']);
    expect(keys(snap, local('2026-11-20 09:00'), settings(), 'stale')).toEqual(['stale:7:2026-10-31']); // once per quiet period
    expect(keys(snap, local('2026-11-02 09:00'), settings({ stale_after_days: 45 }), 'stale')).toEqual([]);
  });
});

describe('who is reminded', () => {
  const due = local('2026-12-10 12:00');
  const ms = [milestone()];

  it('the partner channel, else the owner’s DM, else the admins', () => {
    expect(only(snapshot({ milestones: ms }), due).target).toEqual({ kind: 'channel', channelId: 'C0ACME' });
    expect(only(snapshot({ milestones: ms, partners: [partner({ channelId: null })] }), due).target).toEqual({
      kind: 'user',
      userId: 'U0ANA',
    });
    const orphan = snapshot({ milestones: ms, partners: [partner({ channelId: null, ownerUserId: null })] });
    expect(keys(orphan, due, settings({}, { admins: ['U0ADM1', 'U0ADM2'] }))).toEqual([
      'milestone:42:due:2026-12-10@U0ADM1',
      'milestone:42:due:2026-12-10@U0ADM2',
    ]);
  });

  it('per kind as reminders.targets says', () => {
    const s = settings({ targets: { milestone: 'owner' } });
    expect(only(snapshot({ milestones: ms }), due, s).target).toEqual({ kind: 'user', userId: 'U0ANA' });
  });

  it('at 09:00 in the owner’s time zone, known from users.info', () => {
    const snap = snapshot({ milestones: ms, zones: [['U0ANA', 'Europe/London']] });
    expect(keys(snap, local('2026-12-10 08:59', 'Europe/London'))).toEqual(['milestone:42:before1:2026-12-09']); // still yesterday's
    const o = only(snap, local('2026-12-10 09:00', 'Europe/London'));
    expect(o.dueAt).toEqual(local('2026-12-10 09:00', 'Europe/London'));
    expect(o.facts.zone).toBe('Europe/London');
  });
});

describe('daylight-saving changes', () => {
  /** A milestone due `day`, every day a working day: its 1-day-before and due-day nudges straddle the change. */
  const around = (before: string, day: string, zone: string, hour = 9) => {
    const s = settings({ ...ALL_WEEK, hour, timezone: zone });
    const snap = snapshot({
      milestones: [milestone({ dueOn: day, createdAt: '2026-01-01T00:00:00.000Z' })],
      partners: [partner({ ownerUserId: null })],
    });
    const first = only(snap, local(`${before} ${String(hour).padStart(2, '0')}:00`, zone), s);
    const second = only(snap, local(`${day} ${String(hour).padStart(2, '0')}:00`, zone), s);
    return { first, second, s, snap };
  };

  it.each([
    ['America/New_York', '2026-03-07', '2026-03-08'],
    ['America/New_York', '2026-03-08', '2026-03-09'],
    ['America/New_York', '2026-10-31', '2026-11-01'],
    ['America/New_York', '2026-11-01', '2026-11-02'],
    ['Europe/London', '2026-03-28', '2026-03-29'],
    ['Europe/London', '2026-03-29', '2026-03-30'],
    ['Europe/London', '2026-10-24', '2026-10-25'],
    ['Europe/London', '2026-10-25', '2026-10-26'],
    ['Australia/Lord_Howe', '2026-04-04', '2026-04-05'],
    ['Australia/Lord_Howe', '2026-04-05', '2026-04-06'],
    ['Australia/Lord_Howe', '2026-10-03', '2026-10-04'],
    ['Australia/Lord_Howe', '2026-10-04', '2026-10-05'],
  ])('keep 09:00 local in %s from %s to %s', (zone, before, day) => {
    const { first, second } = around(before, day, zone);
    expect(first.key).toBe(`milestone:42:before1:${before}`);
    expect(second.key).toBe(`milestone:42:due:${day}`);
    for (const o of [first, second]) {
      expect(
        new Intl.DateTimeFormat('en-GB', {
          timeZone: zone,
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        }).format(o.dueAt),
      ).toBe('09:00');
    }
  });

  it('move with the clocks in UTC terms: New York 14:00Z → 13:00Z in March, 13:00Z → 14:00Z in November', () => {
    expect(sendInstant('2026-03-07', 9, 'America/New_York').toISOString()).toBe('2026-03-07T14:00:00.000Z');
    expect(sendInstant('2026-03-08', 9, 'America/New_York').toISOString()).toBe('2026-03-08T13:00:00.000Z');
    expect(sendInstant('2026-10-31', 9, 'America/New_York').toISOString()).toBe('2026-10-31T13:00:00.000Z');
    expect(sendInstant('2026-11-01', 9, 'America/New_York').toISOString()).toBe('2026-11-01T14:00:00.000Z');
    // Lord Howe moves by half an hour.
    expect(sendInstant('2026-04-04', 9, 'Australia/Lord_Howe').toISOString()).toBe('2026-04-03T22:00:00.000Z');
    expect(sendInstant('2026-04-05', 9, 'Australia/Lord_Howe').toISOString()).toBe('2026-04-04T22:30:00.000Z');
    expect(sendInstant('2026-10-03', 9, 'Australia/Lord_Howe').toISOString()).toBe('2026-10-02T22:30:00.000Z');
    expect(sendInstant('2026-10-04', 9, 'Australia/Lord_Howe').toISOString()).toBe('2026-10-03T22:00:00.000Z');
  });

  it('send an hour that does not exist (02:00 on New York’s spring-forward day) at 03:00, never skip it', () => {
    const s = settings({ ...ALL_WEEK, hour: 2 });
    const snap = snapshot({ milestones: [milestone({ dueOn: '2026-03-08', createdAt: '2026-01-01T00:00:00.000Z' })] });
    expect(sendInstant('2026-03-08', 2, 'America/New_York').toISOString()).toBe('2026-03-08T07:00:00.000Z'); // 03:00 EDT
    expect(keys(snap, new Date('2026-03-08T06:59:00Z'), s)).toEqual(['milestone:42:before1:2026-03-07']);
    expect(keys(snap, new Date('2026-03-08T07:00:00Z'), s)).toEqual(['milestone:42:due:2026-03-08']);
    expect(sendInstant('2026-10-04', 2, 'Australia/Lord_Howe').toISOString()).toBe('2026-10-03T15:30:00.000Z'); // 02:30 LHDT
  });

  it('send an hour that happens twice (01:00 on fall-back day) once, at the first 01:00', () => {
    const s = settings({ ...ALL_WEEK, hour: 1 });
    const snap = snapshot({ milestones: [milestone({ dueOn: '2026-11-01', createdAt: '2026-01-01T00:00:00.000Z' })] });
    expect(sendInstant('2026-11-01', 1, 'America/New_York').toISOString()).toBe('2026-11-01T05:00:00.000Z'); // 01:00 EDT
    expect(sendInstant('2026-10-25', 1, 'Europe/London').toISOString()).toBe('2026-10-25T00:00:00.000Z'); // 01:00 BST
    const firstOne = keys(snap, new Date('2026-11-01T05:00:00Z'), s);
    const secondOne = keys(snap, new Date('2026-11-01T06:00:00Z'), s); // 01:00 EST, the repeat
    expect(firstOne).toEqual(['milestone:42:due:2026-11-01']);
    expect(secondOne).toEqual(firstOne); // the same key: the outbox inserts it once
  });
});

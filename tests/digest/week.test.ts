import { describe, expect, it } from 'vitest';
import { isStageUp } from '../../src/domain/digest/collect';
import { isoWeekOf, nextDigestAt } from '../../src/domain/digest/week';

describe('when the weekly digest is due', () => {
  it('is the next Monday at 09:00 in the zone, strictly after now', () => {
    // Tuesday 24 Nov 2026, 10:00 in New York.
    expect(nextDigestAt(new Date('2026-11-24T15:00:00Z'), 'mon', 9, 'America/New_York').toISOString()).toBe(
      '2026-11-30T14:00:00.000Z',
    );
    // Monday 30 Nov at 09:00 exactly: that one has come, the next is a week on.
    expect(nextDigestAt(new Date('2026-11-30T14:00:00Z'), 'mon', 9, 'America/New_York').toISOString()).toBe(
      '2026-12-07T14:00:00.000Z',
    );
    // Monday 08:59: today's is still to come.
    expect(nextDigestAt(new Date('2026-11-30T13:59:00Z'), 'mon', 9, 'America/New_York').toISOString()).toBe(
      '2026-11-30T14:00:00.000Z',
    );
  });

  it('keeps the local hour across a clock change', () => {
    // Berlin leaves summer time on Sunday 25 Oct 2026: Friday 09:00 is 07:00Z before, 08:00Z after.
    expect(nextDigestAt(new Date('2026-10-20T12:00:00Z'), 'fri', 9, 'Europe/Berlin').toISOString()).toBe(
      '2026-10-23T07:00:00.000Z',
    );
    expect(nextDigestAt(new Date('2026-10-24T12:00:00Z'), 'fri', 9, 'Europe/Berlin').toISOString()).toBe(
      '2026-10-30T08:00:00.000Z',
    );
  });

  it('names the ISO week in the recipient’s zone', () => {
    expect(isoWeekOf(new Date('2026-11-30T14:00:00Z'), 'America/New_York')).toEqual({
      week: '2026-W49',
      monday: '2026-11-30',
      sunday: '2026-12-06',
    });
    // Sunday evening in New York is already Monday in Tokyo: another week.
    expect(isoWeekOf(new Date('2026-12-07T01:00:00Z'), 'America/New_York').week).toBe('2026-W49');
    expect(isoWeekOf(new Date('2026-12-07T01:00:00Z'), 'Asia/Tokyo').week).toBe('2026-W50');
    // Week 53 of 2026 runs into January 2027.
    expect(isoWeekOf(new Date('2027-01-01T12:00:00Z'), 'UTC').week).toBe('2026-W53');
  });
});

describe('a stage move counts as a win', () => {
  it('when the partner moves forward along the path, or out of at risk', () => {
    expect(isStageUp('prospect', 'recruiting')).toBe(true);
    expect(isStageUp('onboarding', 'active')).toBe(true);
    expect(isStageUp('at_risk', 'active')).toBe(true);
    expect(isStageUp('active', 'onboarding')).toBe(false);
    expect(isStageUp('active', 'at_risk')).toBe(false);
    expect(isStageUp('growing', 'exited')).toBe(false);
  });
});

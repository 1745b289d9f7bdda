import { describe, expect, it } from 'vitest';
import { dueOccurrences } from '../../src/domain/reminders/due';
import type { ReminderSettings, Snapshot, SnapshotPartner } from '../../src/domain/reminders/model';
import { nextInstants } from '../../src/domain/reminders/next';
import { prng } from '../support/prng';
import { local, milestone, partner, settings, snapshot } from './factories';

/**
 * The schedule is only right if waking each partner at its next instant finds exactly what a scan
 * of every partner at every moment would find. These tests walk a clock through random programs
 * both ways and compare the occurrences produced.
 */

const ZONES = ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Sydney', 'Pacific/Kiritimati'];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const START = Date.parse('2026-10-20T00:00:00Z');
const DAY_MS = 86_400_000;

function randomProgram(seed: number): { snap: Snapshot; s: ReminderSettings } {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const iso = (ms: number) => new Date(ms).toISOString();
  const day = (ms: number) => iso(ms).slice(0, 10);
  const workingDays = DAYS.filter(() => rnd() < 0.75);
  const s = settings(
    {
      hour: Math.floor(rnd() * 24),
      timezone: pick(ZONES),
      working_days: workingDays.length ? workingDays : ['wed'],
      milestone_overdue_every_days: 1 + Math.floor(rnd() * 5),
      qbr_days_before: [14, 3].filter(() => rnd() < 0.7),
      stale_after_days: 5 + Math.floor(rnd() * 30),
      targets: { milestone: pick(['channel', 'owner', 'admins']), qbr: pick(['channel', 'owner', 'admins']) },
    },
    {
      admins: rnd() < 0.5 ? ['U0ADMIN'] : [],
      tiers: [
        { name: 'Gold', qbr_every_months: 1 },
        { name: 'Silver', qbr_every_months: 2 },
      ],
    },
  );
  const partners: SnapshotPartner[] = [];
  const parts: Parameters<typeof snapshot>[0] = {
    milestones: [],
    lastQbr: [],
    health: [],
    lastActivity: [],
    snoozes: [],
  };
  for (let id = 1; id <= 6; id++) {
    const createdMs = START - Math.floor(rnd() * 80) * DAY_MS;
    partners.push(
      partner({
        id,
        tier: pick(['Gold', 'Silver', 'Platinum']),
        stage: pick(['active', 'onboarding', 'exited']),
        ownerUserId: rnd() < 0.8 ? pick(['U0ANA', 'U0BEN']) : null,
        channelId: rnd() < 0.6 ? `C0P${id}` : null,
        createdAt: iso(createdMs),
      }),
    );
    for (let m = 0; m < 3; m++) {
      parts.milestones?.push(
        milestone({
          id: id * 10 + m,
          partnerId: id,
          dueOn: day(START + Math.floor(rnd() * 60 - 20) * DAY_MS),
          createdAt: iso(createdMs + Math.floor(rnd() * 10) * DAY_MS),
        }),
      );
    }
    if (rnd() < 0.5) parts.lastQbr?.push([id, { heldOn: day(START - 20 * DAY_MS), at: iso(START - 20 * DAY_MS) }]);
    if (rnd() < 0.5)
      parts.health?.push({
        id: id * 100,
        partnerId: id,
        score: 30,
        previous: 70,
        at: iso(START + Math.floor(rnd() * 10 * DAY_MS)),
      });
    parts.lastActivity?.push([id, iso(START - Math.floor(rnd() * 40) * DAY_MS)]);
    if (rnd() < 0.4) parts.snoozes?.push([`milestone:${id * 10}`, iso(START + Math.floor(rnd() * 20 * DAY_MS))]);
    if (rnd() < 0.3) parts.snoozes?.push([`qbr:${id}`, iso(START + Math.floor(rnd() * 30 * DAY_MS))]);
  }
  return {
    snap: snapshot({
      ...parts,
      partners,
      zones: [
        ['U0ANA', pick(ZONES)],
        ['U0ADMIN', pick(ZONES)],
      ],
    }),
    s,
  };
}

/** One partner's share of a snapshot, as the tick reads it when the schedule says that partner is due. */
function only(snap: Snapshot, id: number): Snapshot {
  return {
    ...snap,
    partners: snap.partners.filter((p) => p.id === id),
    milestones: snap.milestones.filter((m) => m.partnerId === id),
    health: snap.health.filter((e) => e.partnerId === id),
  };
}

describe('the reminder schedule', () => {
  it.each(Array.from({ length: 12 }, (_, i) => [i + 1]))(
    'wakes each partner in time for every occurrence a full scan finds (program %i)',
    (seed) => {
      const { snap, s } = randomProgram(seed);
      const scanned = new Set<string>();
      const planned = new Set<string>();
      const wakeAt = new Map<number, number>(snap.partners.map((p) => [p.id, Number.NEGATIVE_INFINITY]));
      let wakeups = 0;
      // Every 30 minutes for 50 days: long enough for overdue repeats, QBRs, quiet partners and snoozes.
      for (let t = START; t < START + 50 * DAY_MS; t += 30 * 60_000) {
        const now = new Date(t);
        for (const o of dueOccurrences(snap, s, now)) scanned.add(`${o.key}@${o.dueAt.toISOString()}`);
        for (const [id, at] of wakeAt) {
          if (at > t) continue;
          wakeups += 1;
          const part = only(snap, id);
          for (const o of dueOccurrences(part, s, now)) planned.add(`${o.key}@${o.dueAt.toISOString()}`);
          wakeAt.set(id, nextInstants(part, s, now).get(id)?.getTime() ?? Number.POSITIVE_INFINITY);
        }
        expect([...planned].sort(), `at ${now.toISOString()}`).toEqual([...scanned].sort());
      }
      expect(scanned.size).toBeGreaterThan(0);
      // Far fewer wake-ups than scans: 6 partners × 2,400 steps would be 14,400.
      expect(wakeups).toBeLessThan(2_000);
    },
  );

  it('plans the next before-due day of a milestone at the delivery hour', () => {
    const snap = snapshot({ milestones: [milestone({ dueOn: '2026-12-10' })] });
    const next = nextInstants(snap, settings(), local('2026-11-25 12:00')).get(7);
    expect(next).toEqual(local('2026-12-03 09:00'));
  });

  it('plans nothing for an exited partner with no open milestone', () => {
    const snap = snapshot({ partners: [partner({ stage: 'exited' })] });
    expect(nextInstants(snap, settings(), local('2026-11-25 12:00')).get(7)).toBeNull();
  });

  it('plans past a snooze: the first overdue repeat after it ends', () => {
    const snap = snapshot({
      milestones: [milestone({ dueOn: '2026-11-20' })],
      snoozes: [['milestone:42', local('2026-12-01 09:00').toISOString()]],
    });
    const everyDay = settings({ milestone_overdue_every_days: 1 });
    expect(nextInstants(snap, everyDay, local('2026-11-25 12:00')).get(7)).toEqual(local('2026-12-01 09:00'));
  });
});

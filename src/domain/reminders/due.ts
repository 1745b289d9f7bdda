import { addDays, addMonths, dayIn, daysBetween, onWorkingDay, sendInstant, type Day } from './calendar';
import {
  QBR_OVERDUE_EVERY_DAYS,
  type DeliveryTarget,
  type Occurrence,
  type OccurrenceLabel,
  type ReminderFacts,
  type ReminderKind,
  type ReminderSettings,
  type Snapshot,
  type SnapshotHealthEvent,
  type SnapshotPartner,
} from './model';

/**
 * What is due now: a pure function of (data, settings, now). For each item (a milestone, a
 * partner's next QBR, its health, its quietness) and each recipient, only the LATEST occurrence
 * whose send instant has passed is returned: after an outage, or for an item created already
 * overdue, that is one nudge, never a burst of the missed ones. Occurrences are keyed by their
 * calendar day, so computing them again (every tick) names the same rows.
 */

interface Candidate {
  label: OccurrenceLabel;
  part: string;
  day: Day;
  rank: number;
}

interface Recipient {
  target: DeliveryTarget;
  zone: string;
  role: ReminderFacts['role'];
  suffix: string;
}

const RANK: Record<OccurrenceLabel, number> = { before: 0, due: 1, overdue: 2, drop: 3, stale: 3, snooze: 4 };

/** Who gets a kind of reminder about a partner, in which zone (`reminders.targets`). */
export function recipients(
  p: SnapshotPartner,
  kind: ReminderKind,
  s: ReminderSettings,
  zones: ReadonlyMap<string, string>,
): Recipient[] {
  const zoneOf = (user: string | null) => (user ? zones.get(user) : undefined) ?? s.defaultZone;
  const channel = (): Recipient[] =>
    p.channelId
      ? [
          {
            target: { kind: 'channel', channelId: p.channelId },
            zone: zoneOf(p.ownerUserId),
            role: 'channel',
            suffix: '',
          },
        ]
      : [];
  const owner = (): Recipient[] =>
    p.ownerUserId
      ? [{ target: { kind: 'user', userId: p.ownerUserId }, zone: zoneOf(p.ownerUserId), role: 'owner', suffix: '' }]
      : [];
  const admins = (): Recipient[] =>
    s.admins.map((a) => ({ target: { kind: 'user', userId: a }, zone: zoneOf(a), role: 'admin', suffix: `@${a}` }));
  const chain: Record<string, (() => Recipient[])[]> = {
    channel: [channel, owner, admins],
    owner: [owner, admins, channel],
    admins: [admins, owner, channel],
  };
  for (const pick of chain[s.targets[kind]] ?? []) {
    const found = pick();
    if (found.length) return found;
  }
  return [];
}

/**
 * The latest candidate whose send instant is at or before `now` and not inside a snooze. A
 * before-due candidate whose time came before the item existed (`knownSince`) is skipped; due-day
 * and overdue ones never are.
 */
function latestDue(
  candidates: readonly Candidate[],
  s: ReminderSettings,
  zone: string,
  now: Date,
  snoozedUntil: number | undefined,
  knownSince?: string,
) {
  let best: { c: Candidate; at: Date } | undefined;
  const since = knownSince === undefined ? Number.NEGATIVE_INFINITY : Date.parse(knownSince);
  for (const c of candidates) {
    const at = sendInstant(onWorkingDay(c.day, s.workingDays), s.hour, zone);
    if (at.getTime() > now.getTime()) continue;
    if (snoozedUntil !== undefined && at.getTime() < snoozedUntil) continue;
    // A week-ahead nudge for a milestone added yesterday would only repeat what its notice said.
    if (c.label === 'before' && at.getTime() < since) continue;
    if (
      !best ||
      at > best.at ||
      (at.getTime() === best.at.getTime() && (c.day > best.c.day || (c.day === best.c.day && c.rank > best.c.rank)))
    ) {
      best = { c, at };
    }
  }
  return best;
}

/**
 * Before-due offsets, the day itself, then a repeat every `every` days while overdue. Only the
 * repeats that can still be the latest are listed: the last few up to today (a weekend shift
 * moves a send by at most six days).
 */
export function scheduleCandidates(dueOn: Day, daysBefore: readonly number[], every: number, today: Day): Candidate[] {
  const out: Candidate[] = daysBefore.map((k) => ({
    label: 'before',
    part: `before${k}`,
    day: addDays(dueOn, -k),
    rank: RANK.before,
  }));
  out.push({ label: 'due', part: 'due', day: dueOn, rank: RANK.due });
  const late = daysBetween(dueOn, today);
  if (late >= every) {
    const nMax = Math.floor(late / every);
    const nMin = Math.max(1, nMax - Math.ceil(7 / every) - 1);
    for (let n = nMax; n >= nMin; n--)
      out.push({ label: 'overdue', part: 'overdue', day: addDays(dueOn, n * every), rank: RANK.overdue });
  }
  return out;
}

/** When the next QBR is due: the last one held (or the partner's first day) plus the tier's cadence. */
export function nextQbrDue(
  p: Pick<SnapshotPartner, 'tier' | 'createdAt'>,
  lastHeldOn: Day | undefined,
  s: ReminderSettings,
): { dueOn: Day; months: number } {
  const months = s.cadence.get(p.tier.toLowerCase()) ?? s.fallbackCadence;
  const base = lastHeldOn ?? dayIn(new Date(p.createdAt), s.defaultZone);
  return { dueOn: addMonths(base, months), months };
}

/** A health change that is a drop worth a nudge: below the threshold from above it (or from nothing), or a fall of `health_drop` points at once. */
export function isHealthDrop(e: Pick<SnapshotHealthEvent, 'score' | 'previous'>, s: ReminderSettings): boolean {
  if (e.previous === null) return e.score < s.healthBelow;
  return (e.score < s.healthBelow && e.previous >= s.healthBelow) || e.previous - e.score >= s.healthDrop;
}

/** The first delivery instant at or after `at`: the configured hour on a working day. */
export function firstSendAfter(at: Date, s: ReminderSettings, zone: string): Date {
  let day = dayIn(at, zone);
  for (let i = 0; i < 14; i++) {
    const send = sendInstant(onWorkingDay(day, s.workingDays), s.hour, zone);
    if (send.getTime() >= at.getTime()) return send;
    day = addDays(day, 1);
  }
  return sendInstant(onWorkingDay(day, s.workingDays), s.hour, zone);
}

/** Stages whose QBRs, health and quietness no longer matter (their open milestones still do). */
export const FINISHED_STAGES: ReadonlySet<string> = new Set(['exited']);

interface Found {
  label: OccurrenceLabel;
  part: string;
  day: Day;
  at: Date;
}

/** One occurrence for one recipient (a plain function, not a closure: this runs for every item of every tick). */
function occurrence(
  p: SnapshotPartner,
  r: Recipient,
  kind: ReminderKind,
  itemKey: string,
  itemId: number | null,
  facts: Omit<ReminderFacts, 'zone' | 'role'>,
  found: Found,
): Occurrence {
  const dayPart = found.label === 'drop' ? '' : `:${found.day}`;
  const partPart = found.part ? `:${found.part}` : '';
  return {
    key: `${itemKey}${partPart}${dayPart}${r.suffix}`,
    itemKey,
    kind,
    partnerId: p.id,
    itemId,
    label: found.label,
    day: found.day,
    dueAt: found.at,
    target: r.target,
    facts: { ...facts, zone: r.zone, role: r.role },
  };
}

function fromBest(best: { c: Candidate; at: Date } | undefined): Found | undefined {
  return best && { label: best.c.label, part: best.c.part, day: best.c.day, at: best.at };
}

export function dueOccurrences(snap: Snapshot, s: ReminderSettings, now: Date): Occurrence[] {
  const out: Occurrence[] = [];
  const nowMs = now.getTime();
  const snoozed = (itemKey: string): number | undefined => {
    const until = snap.snoozes.get(itemKey);
    return until === undefined ? undefined : Date.parse(until);
  };
  const todayIn = memoToday(now);
  // Recipients depend on the partner and the kind's target setting only: worked out once per partner.
  const recipientsOf = new Map<number, Map<ReminderKind, Recipient[]>>();
  const whoFor = (p: SnapshotPartner, kind: ReminderKind): Recipient[] => {
    let perKind = recipientsOf.get(p.id);
    if (!perKind) {
      perKind = new Map();
      recipientsOf.set(p.id, perKind);
    }
    let found = perKind.get(kind);
    if (!found) {
      found = recipients(p, kind, s, snap.zones);
      perKind.set(kind, found);
    }
    return found;
  };
  const byId = new Map(snap.partners.map((p) => [p.id, p]));

  for (const m of snap.milestones) {
    const p = byId.get(m.partnerId);
    if (!p) continue;
    const itemKey = `milestone:${m.id}`;
    const until = snoozed(itemKey);
    for (const r of whoFor(p, 'milestone')) {
      const candidates = scheduleCandidates(
        m.dueOn,
        s.milestoneDaysBefore,
        s.milestoneOverdueEveryDays,
        todayIn(r.zone),
      );
      const found = fromBest(latestDue(candidates, s, r.zone, now, until, m.createdAt));
      if (found)
        out.push(
          occurrence(
            p,
            r,
            'milestone',
            itemKey,
            m.id,
            { partnerName: p.name, title: m.title, dueOn: m.dueOn, knownSince: m.createdAt },
            found,
          ),
        );
    }
  }

  const drops = new Map<number, SnapshotHealthEvent>();
  for (const e of snap.health) if (isHealthDrop(e, s)) drops.set(e.partnerId, e); // oldest first: the last one wins

  for (const p of snap.partners) {
    if (FINISHED_STAGES.has(p.stage)) continue;

    const last = snap.lastQbr.get(p.id);
    const { dueOn, months } = nextQbrDue(p, last?.heldOn, s);
    const qbrKey = `qbr:${p.id}`;
    const qbrSince = last && last.at > p.createdAt ? last.at : p.createdAt;
    const qbrUntil = snoozed(qbrKey);
    for (const r of whoFor(p, 'qbr')) {
      const candidates = scheduleCandidates(dueOn, s.qbrDaysBefore, QBR_OVERDUE_EVERY_DAYS, todayIn(r.zone));
      const found = fromBest(latestDue(candidates, s, r.zone, now, qbrUntil, qbrSince));
      if (found) {
        out.push(
          occurrence(
            p,
            r,
            'qbr',
            qbrKey,
            null,
            {
              partnerName: p.name,
              dueOn,
              tier: p.tier,
              cadenceMonths: months,
              lastQbrOn: last?.heldOn ?? null,
              knownSince: qbrSince,
            },
            found,
          ),
        );
      }
    }

    const drop = drops.get(p.id);
    if (drop) {
      const healthKey = `health:${p.id}`;
      const until = snoozed(healthKey);
      for (const r of whoFor(p, 'health')) {
        const at = firstSendAfter(new Date(drop.at), s, r.zone);
        if (at.getTime() > nowMs || (until !== undefined && at.getTime() < until)) continue;
        out.push(
          occurrence(
            p,
            r,
            'health',
            healthKey,
            drop.id,
            { partnerName: p.name, score: drop.score, previous: drop.previous, knownSince: drop.at },
            { label: 'drop', part: String(drop.id), day: dayIn(at, r.zone), at },
          ),
        );
      }
    }

    const { lastActive, lastActivityOn } = quietSince(snap.lastActivity.get(p.id), p.createdAt, s);
    const staleOn = addDays(lastActivityOn, s.staleAfterDays);
    if (staleOn > todayIn('Etc/GMT-14')) continue; // not quiet long enough anywhere on Earth yet
    const staleKey = `stale:${p.id}`;
    const staleUntil = snoozed(staleKey);
    for (const r of whoFor(p, 'stale')) {
      const found = fromBest(
        latestDue([{ label: 'stale', part: '', day: staleOn, rank: RANK.stale }], s, r.zone, now, staleUntil),
      );
      if (found) {
        out.push(
          occurrence(
            p,
            r,
            'stale',
            staleKey,
            null,
            { partnerName: p.name, lastActivityOn, staleDays: s.staleAfterDays, knownSince: lastActive },
            found,
          ),
        );
      }
    }
  }
  return out;
}

/** When a partner was last active (its latest activity, or its creation) and that day: what a quiet period is keyed by. */
export function quietSince(
  lastActivity: string | undefined,
  createdAt: string,
  s: Pick<ReminderSettings, 'defaultZone'>,
): { lastActive: string; lastActivityOn: Day } {
  const lastActive = lastActivity !== undefined && lastActivity > createdAt ? lastActivity : createdAt;
  return { lastActive, lastActivityOn: dayIn(new Date(lastActive), s.defaultZone) };
}

/** Today's date per zone, computed once per zone and tick. */
function memoToday(now: Date): (zone: string) => Day {
  const cache = new Map<string, Day>();
  return (zone) => {
    let d = cache.get(zone);
    if (d === undefined) {
      d = dayIn(now, zone);
      cache.set(zone, d);
    }
    return d;
  };
}

import { addDays, dayIn, daysBetween, onWorkingDay, sendInstant, type Day } from './calendar';
import { FINISHED_STAGES, firstSendAfter, isHealthDrop, nextQbrDue, quietSince, recipients } from './due';
import { QBR_OVERDUE_EVERY_DAYS, type ReminderSettings, type Snapshot, type SnapshotPartner } from './model';

/**
 * When each partner's reminders must next be worked out: the earliest send instant after `now` of
 * any occurrence `dueOccurrences` could pick (a before-due day, the due day, an overdue repeat, a
 * health drop, the day it turns quiet), per recipient zone, skipping what a snooze hides. A tick
 * at or after that instant finds the occurrence due. Nothing else can fall due before it unless
 * the data changes, and every change asks for the partner to be worked out again. `null`: nothing
 * left to remind about.
 */
export function nextInstants(snap: Snapshot, s: ReminderSettings, now: Date): Map<number, Date | null> {
  const nowMs = now.getTime();
  const next = new Map<number, Date | null>();
  const consider = (partnerId: number, at: Date, snoozedUntil: number | undefined) => {
    if (at.getTime() <= nowMs) return;
    if (snoozedUntil !== undefined && at.getTime() < snoozedUntil) return;
    const best = next.get(partnerId);
    if (!best || at < best) next.set(partnerId, at);
  };
  const snoozed = (itemKey: string): number | undefined => {
    const until = snap.snoozes.get(itemKey);
    return until === undefined ? undefined : Date.parse(until);
  };
  /** The send instants of a due date's before-days, the day itself and the overdue repeats near `from`. */
  const instants = (dueOn: Day, daysBefore: readonly number[], every: number, zone: string, until?: number) => {
    const at = (day: Day) => sendInstant(onWorkingDay(day, s.workingDays), s.hour, zone);
    const out = [...daysBefore.map((k) => at(addDays(dueOn, -k))), at(dueOn)];
    // From a week back (a weekend shift moves a send by at most six days) to one repeat past today,
    // or past the end of a snooze.
    let from = dayIn(now, zone);
    if (until !== undefined && until > nowMs) from = maxDay(from, dayIn(new Date(until), zone));
    const late = daysBetween(dueOn, from);
    for (let n = Math.max(1, Math.floor((late - 7) / every)); n <= Math.floor((late + 7) / every) + 1; n++) {
      out.push(at(addDays(dueOn, n * every)));
    }
    return out;
  };
  const byId = new Map<number, SnapshotPartner>(snap.partners.map((p) => [p.id, p]));
  for (const p of snap.partners) next.set(p.id, null);

  for (const m of snap.milestones) {
    const p = byId.get(m.partnerId);
    if (!p) continue;
    const until = snoozed(`milestone:${m.id}`);
    for (const r of recipients(p, 'milestone', s, snap.zones)) {
      for (const at of instants(m.dueOn, s.milestoneDaysBefore, s.milestoneOverdueEveryDays, r.zone, until)) {
        consider(p.id, at, until);
      }
    }
  }

  const drops = new Map<number, Date>();
  for (const e of snap.health) if (isHealthDrop(e, s)) drops.set(e.partnerId, new Date(e.at)); // the last one wins

  for (const p of snap.partners) {
    if (FINISHED_STAGES.has(p.stage)) continue;
    const { dueOn } = nextQbrDue(p, snap.lastQbr.get(p.id)?.heldOn, s);
    const qbrUntil = snoozed(`qbr:${p.id}`);
    for (const r of recipients(p, 'qbr', s, snap.zones)) {
      for (const at of instants(dueOn, s.qbrDaysBefore, QBR_OVERDUE_EVERY_DAYS, r.zone, qbrUntil)) {
        consider(p.id, at, qbrUntil);
      }
    }
    const drop = drops.get(p.id);
    if (drop) {
      const until = snoozed(`health:${p.id}`);
      for (const r of recipients(p, 'health', s, snap.zones)) consider(p.id, firstSendAfter(drop, s, r.zone), until);
    }
    const staleOn = addDays(quietSince(snap.lastActivity.get(p.id), p.createdAt, s).lastActivityOn, s.staleAfterDays);
    const staleUntil = snoozed(`stale:${p.id}`);
    for (const r of recipients(p, 'stale', s, snap.zones)) {
      consider(p.id, sendInstant(onWorkingDay(staleOn, s.workingDays), s.hour, r.zone), staleUntil);
    }
  }
  return next;
}

const maxDay = (a: Day, b: Day): Day => (a > b ? a : b);

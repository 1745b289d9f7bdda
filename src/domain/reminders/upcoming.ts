import { addDays, dayIn, daysBetween, type Day } from './calendar';
import { isHealthDrop, nextQbrDue } from './due';
import type { ReminderKind, ReminderSettings, Snapshot } from './model';

/** What `/partner reminders` lists: overdue items and what falls due in the next days, per partner. */

export const UPCOMING_DAYS = 30;

export interface UpcomingItem {
  partnerId: number;
  partnerName: string;
  kind: ReminderKind;
  /** The milestone's title; the tier for a QBR. */
  title?: string;
  /** The day it is (or was) due; for health the day of the drop; for stale the day it went quiet. */
  day: Day;
  /** Days past `day` (0 on the day itself, negative before it). */
  late: number;
  score?: number;
  previous?: number | null;
  cadenceMonths?: number;
  lastActivityOn?: Day;
  snoozedUntil?: string;
}

export interface UpcomingList {
  today: Day;
  until: Day;
  overdue: UpcomingItem[];
  soon: UpcomingItem[];
  partners: number;
}

export function upcoming(snap: Snapshot, s: ReminderSettings, now: Date, days = UPCOMING_DAYS): UpcomingList {
  const today = dayIn(now, s.defaultZone);
  const until = addDays(today, days);
  const names = new Map(snap.partners.map((p) => [p.id, p]));
  const items: UpcomingItem[] = [];
  const snoozedUntil = (itemKey: string) => {
    const t = snap.snoozes.get(itemKey);
    return t !== undefined && t > now.toISOString() ? { snoozedUntil: t } : {};
  };

  for (const m of snap.milestones) {
    const p = names.get(m.partnerId);
    if (!p || m.dueOn > until) continue;
    items.push({
      partnerId: p.id,
      partnerName: p.name,
      kind: 'milestone',
      title: m.title,
      day: m.dueOn,
      late: daysBetween(m.dueOn, today),
      ...snoozedUntil(`milestone:${m.id}`),
    });
  }
  const drops = new Map<number, Snapshot['health'][number]>();
  for (const e of snap.health) if (isHealthDrop(e, s)) drops.set(e.partnerId, e);
  for (const p of snap.partners) {
    if (p.stage === 'exited') continue;
    const { dueOn, months } = nextQbrDue(p, snap.lastQbr.get(p.id)?.heldOn, s);
    if (dueOn <= until) {
      items.push({
        partnerId: p.id,
        partnerName: p.name,
        kind: 'qbr',
        title: p.tier,
        day: dueOn,
        late: daysBetween(dueOn, today),
        cadenceMonths: months,
        ...snoozedUntil(`qbr:${p.id}`),
      });
    }
    const drop = drops.get(p.id);
    if (drop) {
      const day = dayIn(new Date(drop.at), s.defaultZone);
      items.push({
        partnerId: p.id,
        partnerName: p.name,
        kind: 'health',
        day,
        late: daysBetween(day, today),
        score: drop.score,
        previous: drop.previous,
        ...snoozedUntil(`health:${p.id}`),
      });
    }
    const last = snap.lastActivity.get(p.id);
    const lastActive = last !== undefined && last > p.createdAt ? last : p.createdAt;
    const lastActivityOn = dayIn(new Date(lastActive), s.defaultZone);
    const staleOn = addDays(lastActivityOn, s.staleAfterDays);
    // Only once it has gone quiet: "goes quiet in 30 days" would be on every partner touched today.
    if (staleOn <= today) {
      items.push({
        partnerId: p.id,
        partnerName: p.name,
        kind: 'stale',
        day: staleOn,
        late: daysBetween(staleOn, today),
        lastActivityOn,
        ...snoozedUntil(`stale:${p.id}`),
      });
    }
  }
  const byDay = (a: UpcomingItem, b: UpcomingItem) =>
    a.day.localeCompare(b.day) || a.partnerName.localeCompare(b.partnerName);
  return {
    today,
    until,
    partners: snap.partners.length,
    // Health drops and quiet partners need attention as soon as they are listed; the rest once its day has passed.
    overdue: items.filter((i) => i.late > 0 || i.kind === 'health' || i.kind === 'stale').sort(byDay),
    soon: items.filter((i) => i.late <= 0 && i.kind !== 'health' && i.kind !== 'stale').sort(byDay),
  };
}

import type { Store } from '../../store';
import type { SnapshotPartnerRow } from '../../store/reminder-snapshot';
import { addDays, dayIn } from './calendar';
import { HEALTH_LOOKBACK_DAYS, type ReminderSettings, type Snapshot, type SnapshotPartner } from './model';

/** Reads what the due computation needs for one slice of partners (rows → domain shapes). */

export const toSnapshotPartner = (r: SnapshotPartnerRow): SnapshotPartner => ({
  id: r.id,
  name: r.name,
  tier: r.tier,
  stage: r.stage,
  ownerUserId: r.owner_user_id,
  channelId: r.channel_id,
  createdAt: r.created_at,
});

export interface SnapshotOptions {
  /** All open milestones, not only those whose first nudge may be due (listings). */
  allMilestones?: boolean;
}

/** Partners far apart in id are read as separate ranges, so a listing of scattered partners never reads a whole table. */
const MAX_RANGE_SPAN = 1_000;

function ranges(ids: readonly number[]): [number, number][] {
  const sorted = [...ids].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const id of sorted) {
    const last = out[out.length - 1];
    if (last && id - last[0] <= MAX_RANGE_SPAN) last[1] = id;
    else out.push([id, id]);
  }
  return out;
}

export function loadSnapshot(
  store: Store,
  rows: readonly SnapshotPartnerRow[],
  settings: ReminderSettings,
  now: Date,
  zones: ReadonlyMap<string, string>,
  options: SnapshotOptions = {},
): Snapshot {
  const partners = rows.map(toSnapshotPartner);
  const wanted = new Set(partners.map((p) => p.id));
  // The furthest "today" anywhere (UTC+14) plus the longest lead time: no milestone beyond can be due.
  const horizon = addDays(dayIn(now, 'Etc/GMT-14'), Math.max(0, ...settings.milestoneDaysBefore));
  const since = new Date(now.getTime() - HEALTH_LOOKBACK_DAYS * 86_400_000).toISOString();
  const snap = {
    partners,
    milestones: [] as Snapshot['milestones'][number][],
    lastQbr: new Map<number, { heldOn: string; at: string }>(),
    health: [] as Snapshot['health'][number][],
    lastActivity: new Map<number, string>(),
    snoozes: new Map<string, string>(),
    zones,
  };
  const r = store.reminderSnapshot;
  for (const [from, to] of ranges([...wanted])) {
    const milestones = options.allMilestones ? r.allOpenMilestones(from, to) : r.openMilestones(from, to, horizon);
    for (const m of milestones) {
      if (wanted.has(m.partner_id))
        snap.milestones.push({
          id: m.id,
          partnerId: m.partner_id,
          title: m.title,
          dueOn: m.due_on,
          createdAt: m.created_at,
        });
    }
    for (const q of store.qbrs.lastForPartners(from, to))
      snap.lastQbr.set(q.partner_id, { heldOn: q.held_on, at: q.at });
    for (const e of r.healthSince(since, from, to)) {
      if (wanted.has(e.partner_id))
        snap.health.push({ id: e.id, partnerId: e.partner_id, score: e.score, previous: e.previous, at: e.at });
    }
    for (const a of r.lastActivity(from, to)) snap.lastActivity.set(a.partner_id, a.at);
    for (const z of store.snoozes.forPartners(from, to)) snap.snoozes.set(z.item_key, z.until_at);
  }
  snap.health.sort((a, b) => a.id - b.id);
  return snap;
}

/** Slack user id → zone, from what users.info told us. */
export function knownZones(store: Store): Map<string, string> {
  const zones = new Map<string, string>();
  for (const u of store.slackUsers.all()) if (u.tz) zones.set(u.user_id, u.tz);
  return zones;
}

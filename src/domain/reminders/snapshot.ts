import type { Tables } from '../../store';
import type { SnapshotPartnerRow } from '../../store/reminder-snapshot';
import { HEALTH_LOOKBACK_DAYS, type ReminderSettings, type Snapshot, type SnapshotPartner } from './model';

/** Reads what the due computation needs for a set of partners (rows → domain shapes). */

export const toSnapshotPartner = (r: SnapshotPartnerRow): SnapshotPartner => ({
  id: r.id,
  name: r.name,
  tier: r.tier,
  stage: r.stage,
  ownerUserId: r.owner_user_id,
  channelId: r.channel_id,
  createdAt: r.created_at,
});

/**
 * Every open milestone, the last QBR, recent health, latest activity and snoozes of these
 * partners, and the known time zones of everyone their reminders may go to (owners and admins).
 */
export async function loadSnapshot(
  store: Pick<Tables, 'reminderSnapshot' | 'slackUsers'>,
  rows: readonly SnapshotPartnerRow[],
  settings: ReminderSettings,
  now: Date,
): Promise<Snapshot> {
  const partners = rows.map(toSnapshotPartner);
  const ids = partners.map((p) => p.id);
  const since = new Date(now.getTime() - HEALTH_LOOKBACK_DAYS * 86_400_000).toISOString();
  const people = new Set<string>(settings.admins);
  for (const p of partners) if (p.ownerUserId) people.add(p.ownerUserId);
  const [r, zones] = await Promise.all([store.reminderSnapshot.rows(ids, since), store.slackUsers.zones([...people])]);
  return {
    partners,
    milestones: r.milestones.map((m) => ({
      id: m.id,
      partnerId: m.partner_id,
      title: m.title,
      dueOn: m.due_on,
      createdAt: m.created_at,
    })),
    lastQbr: new Map(r.lastQbr.map((q) => [q.partner_id, { heldOn: q.held_on, at: q.at }])),
    health: r.health.map((e) => ({
      id: e.id,
      partnerId: e.partner_id,
      score: e.score,
      previous: e.previous,
      at: e.at,
    })),
    lastActivity: new Map(r.lastActivity.map((a) => [a.partner_id, a.at])),
    snoozes: new Map(r.snoozes.map((z) => [z.item_key, z.until_at])),
    zones,
  };
}

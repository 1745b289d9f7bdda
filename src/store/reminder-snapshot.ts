import type { Db } from './db';

/**
 * The reads behind one tick, a slice of partners at a time (by id), so a tick over 100,000
 * partners is many short reads instead of one long one. Only rows; the domain decides what is due.
 */

export interface SnapshotPartnerRow {
  id: number;
  name: string;
  tier: string;
  stage: string;
  owner_user_id: string | null;
  channel_id: string | null;
  created_at: string;
}
export interface SnapshotMilestoneRow {
  id: number;
  partner_id: number;
  title: string;
  due_on: string;
  created_at: string;
}
export interface SnapshotHealthRow {
  id: number;
  partner_id: number;
  score: number;
  previous: number | null;
  at: string;
}

export function reminderSnapshotStore(db: Db) {
  const partners = db.prepare<[number, number], SnapshotPartnerRow>(`
    SELECT id, name, tier, stage, owner_user_id, channel_id, created_at FROM partners
    WHERE id > ? AND archived_at IS NULL ORDER BY id LIMIT ?`);
  const partnersByOwner = db.prepare<[string], SnapshotPartnerRow>(`
    SELECT id, name, tier, stage, owner_user_id, channel_id, created_at FROM partners
    WHERE owner_user_id = ? AND archived_at IS NULL ORDER BY id`);
  const partner = db.prepare<[number], SnapshotPartnerRow>(`
    SELECT id, name, tier, stage, owner_user_id, channel_id, created_at FROM partners WHERE id = ? AND archived_at IS NULL`);
  // Uses milestones_partner (partner_id, status, due_on): only milestones whose first nudge may be due.
  const milestones = db.prepare<[number, number, string], SnapshotMilestoneRow>(`
    SELECT id, partner_id, title, due_on, created_at FROM milestones
    WHERE partner_id BETWEEN ? AND ? AND status = 'open' AND due_on <= ?`);
  const health = db.prepare<[string, number, number], SnapshotHealthRow>(`
    SELECT id, partner_id, score, previous, at FROM health_events WHERE at >= ? AND partner_id BETWEEN ? AND ? ORDER BY id`);
  // Everything a person did about a partner counts as activity; snoozing a reminder does not. Every
  // change writes an audit row in the same transaction (milestones added and done included), read
  // here from the covering index audit_log_activity; notes, health and QBRs are also read directly
  // (cheap), so rows written without an audit row still count. Reading milestones themselves cost
  // 1.7 s per tick at 500,000 milestones (npm run bench).
  const activity = db.prepare<Record<string, number>, { partner_id: number; at: string }>(`
    SELECT partner_id, max(at) AS at FROM (
      SELECT partner_id, max(at) AS at FROM notes WHERE partner_id BETWEEN @from AND @to GROUP BY partner_id
      UNION ALL SELECT partner_id, max(at) FROM health_events WHERE partner_id BETWEEN @from AND @to GROUP BY partner_id
      UNION ALL SELECT partner_id, max(at) FROM qbrs WHERE partner_id BETWEEN @from AND @to GROUP BY partner_id
      UNION ALL SELECT partner_id, max(at) FROM audit_log
        WHERE partner_id BETWEEN @from AND @to AND action NOT IN ('reminder.snoozed') GROUP BY partner_id
    ) GROUP BY partner_id`);

  const milestone = db.prepare<[number], SnapshotMilestoneRow & { status: string }>(
    'SELECT id, partner_id, title, due_on, created_at, status FROM milestones WHERE id = ?',
  );
  const openForPartners = db.prepare<[number, number], SnapshotMilestoneRow>(`
    SELECT id, partner_id, title, due_on, created_at FROM milestones WHERE partner_id BETWEEN ? AND ? AND status = 'open'`);
  return {
    milestone: (id: number) => milestone.get(id),
    /** Every open milestone of the partners in [fromId, toId] (for listings). */
    allOpenMilestones: (fromId: number, toId: number) => openForPartners.all(fromId, toId),
    /** Up to `limit` active partners with id > afterId, in id order. */
    partners: (afterId: number, limit: number): SnapshotPartnerRow[] => partners.all(afterId, limit),
    partnersOwnedBy: (userId: string): SnapshotPartnerRow[] => partnersByOwner.all(userId),
    partner: (id: number): SnapshotPartnerRow | undefined => partner.get(id),
    /** Open milestones of partners in [fromId, toId] due on or before `dueOnOrBefore`. */
    openMilestones: (fromId: number, toId: number, dueOnOrBefore: string) =>
      milestones.all(fromId, toId, dueOnOrBefore),
    healthSince: (since: string, fromId: number, toId: number) => health.all(since, fromId, toId),
    lastActivity: (fromId: number, toId: number) => activity.all({ from: fromId, to: toId }),
  };
}

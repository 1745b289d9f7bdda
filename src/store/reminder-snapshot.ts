import { type Kysely, sql } from 'kysely';
import type { DB, SnoozeRow } from './schema';

/**
 * The reads behind the due computation, for a given set of partners (those the schedule says are
 * due, or those a listing shows). Only rows; the domain decides what is due.
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
export interface SnapshotRows {
  milestones: SnapshotMilestoneRow[];
  lastQbr: { partner_id: number; held_on: string; at: string }[];
  health: SnapshotHealthRow[];
  lastActivity: { partner_id: number; at: string }[];
  snoozes: SnoozeRow[];
}

const BATCH = 500;
const PARTNER_COLUMNS = ['id', 'name', 'tier', 'stage', 'owner_user_id', 'channel_id', 'created_at'] as const;

function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

export function reminderSnapshotStore(db: Kysely<DB>, ws: string) {
  const active = () =>
    db.selectFrom('partners').select(PARTNER_COLUMNS).where('workspace_id', '=', ws).where('archived_at', 'is', null);

  /**
   * Everything a person did about a partner counts as activity; snoozing a reminder does not.
   * Every change writes an audit row in the same transaction (milestones added and done
   * included), read from the covering index audit_log_activity; notes, health and QBRs are read
   * directly too, so rows written without an audit row still count.
   */
  const lastActivity = (ids: readonly number[]) =>
    sql<{ partner_id: number; at: string }>`
      SELECT partner_id, max(at) AS at FROM (
        SELECT partner_id, max(at) AS at FROM notes WHERE workspace_id = ${ws} AND partner_id IN (${sql.join(ids)}) GROUP BY partner_id
        UNION ALL SELECT partner_id, max(at) AS at FROM health_events WHERE workspace_id = ${ws} AND partner_id IN (${sql.join(ids)}) GROUP BY partner_id
        UNION ALL SELECT partner_id, max(at) AS at FROM qbrs WHERE workspace_id = ${ws} AND partner_id IN (${sql.join(ids)}) GROUP BY partner_id
        UNION ALL SELECT partner_id, max(at) AS at FROM audit_log
          WHERE workspace_id = ${ws} AND partner_id IN (${sql.join(ids)}) AND action <> 'reminder.snoozed' GROUP BY partner_id
      ) activity GROUP BY partner_id`.execute(db);

  return {
    /** The active (not archived) partners among `ids`. */
    async partners(ids: readonly number[]): Promise<SnapshotPartnerRow[]> {
      const out: SnapshotPartnerRow[] = [];
      for (const batch of batches(ids)) out.push(...(await active().where('id', 'in', batch).execute()));
      return out;
    },
    /** Up to `limit` active partners with id > afterId, in id order (an admin's listing). */
    page: (afterId: number, limit: number): Promise<SnapshotPartnerRow[]> =>
      active().where('id', '>', afterId).orderBy('id').limit(limit).execute(),
    partnersOwnedBy: (userId: string): Promise<SnapshotPartnerRow[]> =>
      active().where('owner_user_id', '=', userId).orderBy('id').execute(),
    /** Open milestones, last QBRs, recent health, latest activity and snoozes of the partners in `ids`. */
    async rows(ids: readonly number[], healthSince: string): Promise<SnapshotRows> {
      const out: SnapshotRows = { milestones: [], lastQbr: [], health: [], lastActivity: [], snoozes: [] };
      for (const batch of batches(ids)) {
        if (batch.length === 0) continue;
        out.milestones.push(
          ...(await db
            .selectFrom('milestones')
            .select(['id', 'partner_id', 'title', 'due_on', 'created_at'])
            .where('workspace_id', '=', ws)
            .where('partner_id', 'in', batch)
            .where('status', '=', 'open')
            .execute()),
        );
        out.lastQbr.push(
          ...(await db
            .selectFrom('qbrs')
            .select((eb) => ['partner_id', eb.fn.max('held_on').as('held_on'), eb.fn.max('at').as('at')])
            .where('workspace_id', '=', ws)
            .where('partner_id', 'in', batch)
            .groupBy('partner_id')
            .execute()),
        );
        out.health.push(
          ...(await db
            .selectFrom('health_events')
            .select(['id', 'partner_id', 'score', 'previous', 'at'])
            .where('workspace_id', '=', ws)
            .where('partner_id', 'in', batch)
            .where('at', '>=', healthSince)
            .orderBy('id')
            .execute()),
        );
        out.lastActivity.push(...(await lastActivity(batch)).rows);
        out.snoozes.push(
          ...(await db
            .selectFrom('reminder_snoozes')
            .selectAll()
            .where('workspace_id', '=', ws)
            .where('partner_id', 'in', batch)
            .execute()),
        );
      }
      out.health.sort((a, b) => a.id - b.id);
      return out;
    },
    /** When each of these partners was last active (see above). */
    lastActivity: async (ids: readonly number[]) => (ids.length ? (await lastActivity(ids)).rows : []),
    milestone: (id: number) =>
      db
        .selectFrom('milestones')
        .select(['id', 'partner_id', 'title', 'due_on', 'created_at', 'status'])
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .executeTakeFirst(),
  };
}

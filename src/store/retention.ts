import type { Kysely } from 'kysely';
import type { DB } from './schema';
import { inTransaction } from './tx';

/** What pruning reads and deletes, across workspaces (a row carries its own); which rows may go is decided in the domain (reminders/retention.ts). */

export interface SettledRow {
  id: number;
  workspace_id: string;
  occurrence_key: string;
  kind: string;
  partner_id: number | null;
  due_at: string;
  payload: string;
}

/** Keys of processed_events that belong to a posted reminder (its buttons act once); kept as long as its row. */
const REMINDER_PREFIX = 'reminder:';

export function retentionStore(db: Kysely<DB>) {
  return {
    /** Up to `limit` settled outbox rows due before `cutoff`, after the (due_at, id) given, oldest first. */
    settledBefore: (cutoff: string, after: { dueAt: string; id: number }, limit: number): Promise<SettledRow[]> =>
      // Walks the partial index of settled rows by (due_at, id): each slice starts where the last ended.
      db
        .selectFrom('reminder_deliveries')
        .select(['id', 'workspace_id', 'occurrence_key', 'kind', 'partner_id', 'due_at', 'payload'])
        .where('status', 'in', ['sent', 'failed', 'cancelled'])
        .where('due_at', '<', cutoff)
        .where((eb) =>
          eb.or([eb('due_at', '>', after.dueAt), eb.and([eb('due_at', '=', after.dueAt), eb('id', '>', after.id)])]),
        )
        .orderBy('due_at')
        .orderBy('id')
        .limit(limit)
        .execute(),
    /** Deletes settled outbox rows and the once-only keys of their buttons, in one transaction. */
    deleteSettled: (rows: readonly Pick<SettledRow, 'id' | 'occurrence_key'>[]): Promise<number> =>
      inTransaction(db, async (trx) => {
        if (rows.length === 0) return 0;
        const r = await trx
          .deleteFrom('reminder_deliveries')
          .where(
            'id',
            'in',
            rows.map((row) => row.id),
          )
          .where('status', 'in', ['sent', 'failed', 'cancelled'])
          .executeTakeFirst();
        await trx
          .deleteFrom('processed_events')
          .where(
            'key',
            'in',
            rows.map((row) => `${REMINDER_PREFIX}${row.occurrence_key}`),
          )
          .execute();
        return Number(r.numDeletedRows);
      }),
    /** Deletes up to `limit` processed_events keys seen before `cutoff`, except reminders' (see deleteSettled). */
    async deleteEventsBefore(cutoff: string, limit: number): Promise<number> {
      const old = db
        .selectFrom('processed_events')
        .select('key')
        .where('at', '<', cutoff)
        .where((eb) =>
          eb.not(eb.and([eb('key', '>=', REMINDER_PREFIX), eb('key', '<', `${REMINDER_PREFIX.slice(0, -1)};`)])),
        )
        .limit(limit);
      const r = await db.deleteFrom('processed_events').where('key', 'in', old).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

export type RetentionStore = ReturnType<typeof retentionStore>;

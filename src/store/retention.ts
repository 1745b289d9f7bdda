import type { Db } from './db';

/** What pruning reads and deletes; which rows may go is decided in the domain (reminders/retention.ts). */

export interface SettledRow {
  id: number;
  occurrence_key: string;
  kind: string;
  partner_id: number;
  due_at: string;
  payload: string;
}

/** Keys of processed_events that belong to a posted reminder (its buttons act once); kept as long as its row. */
const REMINDER_PREFIX = 'reminder:';

export function retentionStore(db: Db) {
  // Walks the partial index of settled rows by (due_at, id): each slice starts where the last ended.
  const settled = db.prepare<[{ cutoff: string; afterDue: string; afterId: number; limit: number }], SettledRow>(`
    SELECT id, occurrence_key, kind, partner_id, due_at, payload FROM reminder_deliveries
    WHERE status IN ('sent', 'failed', 'cancelled') AND due_at < @cutoff AND (due_at, id) > (@afterDue, @afterId)
    ORDER BY due_at, id LIMIT @limit`);
  const deleteRow = db.prepare<[number]>(
    "DELETE FROM reminder_deliveries WHERE id = ? AND status IN ('sent', 'failed', 'cancelled')",
  );
  const deleteKey = db.prepare<[string]>('DELETE FROM processed_events WHERE key = ?');
  const deleteEvents = db.prepare<[{ cutoff: string; lo: string; hi: string; limit: number }]>(`
    DELETE FROM processed_events WHERE rowid IN (
      SELECT rowid FROM processed_events WHERE at < @cutoff AND NOT (key >= @lo AND key < @hi) LIMIT @limit)`);

  return {
    /** Up to `limit` settled outbox rows due before `cutoff`, after the (due_at, id) given, oldest first. */
    settledBefore: (cutoff: string, after: { dueAt: string; id: number }, limit: number): SettledRow[] =>
      settled.all({ cutoff, afterDue: after.dueAt, afterId: after.id, limit }),
    /** Deletes settled outbox rows and the once-only keys of their buttons, in one transaction. */
    deleteSettled: db.transaction((rows: readonly Pick<SettledRow, 'id' | 'occurrence_key'>[]): number => {
      let deleted = 0;
      for (const r of rows) {
        deleted += deleteRow.run(r.id).changes;
        deleteKey.run(`${REMINDER_PREFIX}${r.occurrence_key}`);
      }
      return deleted;
    }),
    /** Deletes up to `limit` processed_events keys seen before `cutoff`, except reminders' (see deleteSettled). */
    deleteEventsBefore: (cutoff: string, limit: number): number =>
      deleteEvents.run({ cutoff, lo: REMINDER_PREFIX, hi: `${REMINDER_PREFIX.slice(0, -1)};`, limit }).changes,
  };
}

export type RetentionStore = ReturnType<typeof retentionStore>;

import { type Kysely, sql } from 'kysely';
import type { EngineKind } from './engine';
import type { DB, DeliveryKind, DeliveryRow, DeliveryStatus, NewDelivery, SnoozeRow } from './schema';

/** The reminder outbox (`reminder_deliveries`) and snoozes. Rules (what is due, what is wanted) live in the domain. */

export type { DeliveryKind, DeliveryRow, DeliveryStatus, SnoozeRow };

/** What an insert sets; status, attempts and the claim/result columns start at their defaults. */
export type NewDeliveryRow = Pick<
  NewDelivery,
  | 'occurrence_key'
  | 'item_key'
  | 'kind'
  | 'partner_id'
  | 'item_id'
  | 'target'
  | 'channel_id'
  | 'due_at'
  | 'next_attempt_at'
  | 'payload'
  | 'created_at'
>;

export function deliveryStore(db: Kysely<DB>, ws: string) {
  const scoped = () => db.selectFrom('reminder_deliveries').where('workspace_id', '=', ws);
  const changed = (r: { numUpdatedRows: bigint }) => Number(r.numUpdatedRows);
  const setWhereSending = (id: number) =>
    db
      .updateTable('reminder_deliveries')
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .where('status', '=', 'sending');

  return {
    /**
     * Inserts each new occurrence once; an occurrence already known inserts nothing. A newer
     * occurrence of an item for the same recipient makes its older, still unsent ones pointless:
     * they are cancelled. Returns how many were new. Call inside a transaction.
     */
    async insertAll(rows: readonly NewDeliveryRow[], supersededBy: (key: string) => string): Promise<number> {
      const added: NewDeliveryRow[] = [];
      for (let i = 0; i < rows.length; i += 400) {
        const batch = rows.slice(i, i + 400);
        const inserted = await db
          .insertInto('reminder_deliveries')
          .values(batch.map((r) => ({ ...r, workspace_id: ws })))
          .onConflict((oc) => oc.column('occurrence_key').doNothing())
          .returning('occurrence_key')
          .execute();
        const keys = new Set(inserted.map((r) => r.occurrence_key));
        added.push(...batch.filter((r) => keys.has(r.occurrence_key)));
      }
      if (added.length === 0) return 0;
      // Older pending occurrences of the same items and recipients, read in one go; usually none.
      const newKeys = new Set(added.map((r) => r.occurrence_key));
      const newest = new Map(added.map((r) => [`${r.item_key} ${r.target}`, r.occurrence_key]));
      const items = [...new Set(added.map((r) => r.item_key))];
      for (let i = 0; i < items.length; i += 500) {
        const older = await scoped()
          .select(['id', 'item_key', 'target', 'occurrence_key'])
          .where('status', '=', 'pending')
          .where('kind', '<>', 'notice')
          .where('item_key', 'in', items.slice(i, i + 500))
          .execute();
        for (const o of older) {
          const by = newest.get(`${o.item_key} ${o.target}`);
          if (!by || newKeys.has(o.occurrence_key)) continue;
          await db
            .updateTable('reminder_deliveries')
            .set({ status: 'cancelled', last_error: supersededBy(by) })
            .where('id', '=', o.id)
            .where('status', '=', 'pending')
            .execute();
        }
      }
      return added.length;
    },
    byKey: (key: string): Promise<DeliveryRow | undefined> =>
      scoped().selectAll().where('occurrence_key', '=', key).executeTakeFirst(),
    /** The occurrences of `keys` already in the outbox (whatever their status). */
    async known(keys: readonly string[]): Promise<Set<string>> {
      const found = new Set<string>();
      for (let i = 0; i < keys.length; i += 500) {
        const known = await scoped()
          .select('occurrence_key')
          .where('occurrence_key', 'in', keys.slice(i, i + 500))
          .execute();
        for (const r of known) found.add(r.occurrence_key);
      }
      return found;
    },
    byId: (id: number): Promise<DeliveryRow | undefined> =>
      scoped().selectAll().where('id', '=', id).executeTakeFirst(),
    /** Where the post goes, written before it is sent so a restart knows which history to read. */
    async setChannel(id: number, channelId: string): Promise<void> {
      await db
        .updateTable('reminder_deliveries')
        .set({ channel_id: channelId })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .execute();
    },
    async markSent(id: number, ts: string, channelId: string, at: string): Promise<boolean> {
      const r = await setWhereSending(id)
        .set({ status: 'sent', message_ts: ts, channel_id: channelId, sent_at: at, last_error: null })
        .executeTakeFirst();
      return changed(r) === 1;
    },
    /** Back to pending, untouched: it was never sent (stopping, a lost lease, a channel waiting out a 429). */
    async release(id: number, nextAttemptAt?: string): Promise<void> {
      await setWhereSending(id)
        .set({ status: 'pending', claimed_by: null, ...(nextAttemptAt ? { next_attempt_at: nextAttemptAt } : {}) })
        .execute();
    },
    async retryLater(id: number, error: string, nextAttemptAt: string): Promise<void> {
      await setWhereSending(id)
        .set((eb) => ({
          status: 'pending',
          claimed_by: null,
          attempts: eb('attempts', '+', 1),
          last_error: error,
          next_attempt_at: nextAttemptAt,
        }))
        .execute();
    },
    /**
     * Stays 'sending', held by nobody: Slack may or may not have it. At `checkAt` whoever ticks
     * reads the channel's history first.
     */
    async markUnknown(id: number, error: string, checkAt: string): Promise<void> {
      await db
        .updateTable('reminder_deliveries')
        .where('workspace_id', '=', ws)
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          last_error: error,
          next_attempt_at: checkAt,
          claimed_by: null,
        }))
        .where('id', '=', id)
        .execute();
    },
    async markFailed(id: number, error: string): Promise<void> {
      await db
        .updateTable('reminder_deliveries')
        .where('workspace_id', '=', ws)
        .set({ status: 'failed', last_error: error })
        .where('id', '=', id)
        .where('status', 'in', ['sending', 'pending'])
        .execute();
    },
    async cancel(id: number, reason: string): Promise<void> {
      await db
        .updateTable('reminder_deliveries')
        .where('workspace_id', '=', ws)
        .set({ status: 'cancelled', last_error: reason })
        .where('id', '=', id)
        .where('status', 'in', ['sending', 'pending'])
        .execute();
    },
    async cancelPendingForItem(itemKey: string, reason: string): Promise<number> {
      const r = await db
        .updateTable('reminder_deliveries')
        .where('workspace_id', '=', ws)
        .set({ status: 'cancelled', last_error: reason })
        .where('item_key', '=', itemKey)
        .where('status', '=', 'pending')
        .where('kind', '<>', 'notice')
        .executeTakeFirst();
      return changed(r);
    },
    async counts(): Promise<Record<DeliveryStatus, number>> {
      const out: Record<DeliveryStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 };
      const counted = await scoped()
        .select(['status', sql<number>`count(*)`.as('n')])
        .groupBy('status')
        .execute();
      for (const r of counted) out[r.status] = Number(r.n);
      return out;
    },
  };
}

export function snoozeStore(db: Kysely<DB>, ws: string) {
  return {
    async set(row: Omit<SnoozeRow, 'workspace_id'>): Promise<void> {
      await db
        .insertInto('reminder_snoozes')
        .values({ ...row, workspace_id: ws })
        .onConflict((oc) =>
          oc.column('item_key').doUpdateSet((eb) => ({
            until_at: eb.ref('excluded.until_at'),
            user_id: eb.ref('excluded.user_id'),
            at: eb.ref('excluded.at'),
          })),
        )
        .execute();
    },
    async clear(itemKey: string): Promise<void> {
      await db.deleteFrom('reminder_snoozes').where('workspace_id', '=', ws).where('item_key', '=', itemKey).execute();
    },
    forItem: (itemKey: string): Promise<SnoozeRow | undefined> =>
      db
        .selectFrom('reminder_snoozes')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('item_key', '=', itemKey)
        .executeTakeFirst(),
  };
}

/**
 * The outbox across workspaces, for the scheduler: claims, rows in doubt, the next wake-up, and
 * stopping one workspace's deliveries. Claimed rows carry their workspace; what is done with each
 * goes through that workspace's deliveryStore.
 */
export function outboxStore(db: Kysely<DB>, kind: EngineKind) {
  return {
    /**
     * pending → sending for up to `limit` rows due at `now`, claimed by `holder`. On PostgreSQL
     * rows another replica is claiming are skipped (FOR UPDATE SKIP LOCKED), so replicas share
     * the work without waiting on each other; SQLite has one deliverer at a time (the lease).
     */
    claim(now: string, wallMs: number, limit: number, holder: string): Promise<DeliveryRow[]> {
      let due = db
        .selectFrom('reminder_deliveries')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit);
      if (kind === 'postgres') due = due.forUpdate().skipLocked();
      return db
        .updateTable('reminder_deliveries')
        .set({ status: 'sending', claimed_at: now, claimed_wall_ms: wallMs, claimed_by: holder })
        .where('id', 'in', due)
        .returningAll()
        .execute();
    },
    /**
     * Rows in doubt whose check is due by `now`: left 'sending' by a holder that is gone (crashed,
     * killed, or stalled past its liveness), or released as unknown after a timed-out post. Taken
     * over by `holder`, whose next step is to read the channel's history before anything is sent
     * again. Rows a live holder is posting are never taken.
     */
    adoptInDoubt(holder: string, liveHolders: readonly string[], now: string, limit: number): Promise<DeliveryRow[]> {
      let inDoubt = db
        .selectFrom('reminder_deliveries')
        .select('id')
        .where('status', '=', 'sending')
        .where('next_attempt_at', '<=', now)
        .where((eb) =>
          liveHolders.length > 0
            ? eb.or([eb('claimed_by', 'is', null), eb('claimed_by', 'not in', [...liveHolders])])
            : eb('id', 'is not', null),
        )
        .orderBy('id')
        .limit(limit);
      if (kind === 'postgres') inDoubt = inDoubt.forUpdate().skipLocked();
      return db
        .updateTable('reminder_deliveries')
        .set({ claimed_by: holder })
        .where('id', 'in', inDoubt)
        .returningAll()
        .execute();
    },
    /** The earliest next_attempt_at of a row waiting to be sent or checked (read through the due index). */
    async nextAttemptAt(): Promise<string | undefined> {
      const row = await sql<{ at: string | null }>`
        SELECT min(at) AS at FROM (
          SELECT min(next_attempt_at) AS at FROM reminder_deliveries WHERE status = 'pending'
          UNION ALL SELECT min(next_attempt_at) AS at FROM reminder_deliveries WHERE status = 'sending' AND claimed_by IS NULL
        ) waiting`.execute(db);
      return row.rows[0]?.at ?? undefined;
    },
    /** A workspace whose token is gone: what it had waiting is cancelled, never sent with another's. */
    async stopWorkspace(ws: string, reason: string): Promise<number> {
      const r = await db
        .updateTable('reminder_deliveries')
        .set({ status: 'cancelled', last_error: reason, claimed_by: null })
        .where('workspace_id', '=', ws)
        .where('status', 'in', ['pending', 'sending'])
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
  };
}

export type DeliveryStore = ReturnType<typeof deliveryStore>;

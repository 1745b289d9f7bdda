import type { Kysely } from 'kysely';
import type { DB } from './schema';
import { inTransaction } from './tx';

/**
 * Leases: one row per name, held by a random id until `expires_at` (wall-clock epoch ms). A holder
 * renews its row; anyone may take it once it has expired. A process id would not do: PID 1 is
 * reused in every container. The same table records which replicas are alive (`replica:<id>`).
 */
export function leaseStore(db: Kysely<DB>) {
  return {
    /** Takes or renews the lease; true when `holder` holds it until now + ttl. */
    acquire: (name: string, holder: string, nowMs: number, ttlMs: number): Promise<boolean> =>
      inTransaction(db, async (trx) => {
        const r = await trx
          .insertInto('scheduler_lease')
          .values({ name, holder, expires_at: nowMs + ttlMs })
          .onConflict((oc) =>
            oc
              .column('name')
              .doUpdateSet((eb) => ({ holder: eb.ref('excluded.holder'), expires_at: eb.ref('excluded.expires_at') }))
              .where((eb) =>
                eb.or([eb('scheduler_lease.holder', '=', holder), eb('scheduler_lease.expires_at', '<', nowMs)]),
              ),
          )
          .executeTakeFirst();
        return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
      }),
    async release(name: string, holder: string): Promise<void> {
      await db.deleteFrom('scheduler_lease').where('name', '=', name).where('holder', '=', holder).execute();
    },
    read: (name: string) =>
      db.selectFrom('scheduler_lease').select(['holder', 'expires_at']).where('name', '=', name).executeTakeFirst(),
    /** Holders of unexpired rows whose name starts with `prefix`. */
    async live(prefix: string, nowMs: number): Promise<string[]> {
      const rows = await db
        .selectFrom('scheduler_lease')
        .select('holder')
        .where('name', 'like', `${prefix}%`)
        .where('expires_at', '>=', nowMs)
        .execute();
      return rows.map((r) => r.holder);
    },
    /** Forgets rows expired for long (replicas that are gone). */
    async prune(prefix: string, beforeMs: number): Promise<void> {
      await db
        .deleteFrom('scheduler_lease')
        .where('name', 'like', `${prefix}%`)
        .where('expires_at', '<', beforeMs)
        .execute();
    },
  };
}

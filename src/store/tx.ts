import type { Kysely, Transaction } from 'kysely';
import type { EngineKind } from './engine';
import type { DB } from './schema';

/**
 * Runs `fn` in the transaction `db` already is, or in a new one. Store methods that read and then
 * write (a version number, a claim) use it, so they are atomic whether or not the domain wrapped them.
 */
export function inTransaction<T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute((trx: Transaction<DB>) => fn(trx));
}

/**
 * Takes the partner's row lock until the transaction ends, so read-then-write work on one partner
 * (the next document version) is serialised. PostgreSQL needs it; on SQLite every transaction
 * already holds the database's write lock (BEGIN IMMEDIATE).
 */
export async function lockPartner(db: Kysely<DB>, kind: EngineKind, ws: string, partnerId: number): Promise<void> {
  if (kind !== 'postgres') return;
  await db
    .selectFrom('partners')
    .select('id')
    .where('workspace_id', '=', ws)
    .where('id', '=', partnerId)
    .forUpdate()
    .execute();
}

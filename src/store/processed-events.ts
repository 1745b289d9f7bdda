import type { Kysely } from 'kysely';
import type { DB } from './schema';

export function processedEventStore(db: Kysely<DB>, ws: string) {
  return {
    /** True the first time a key is seen; false for a retry or a replay. */
    async claim(key: string, at: string): Promise<boolean> {
      const r = await db
        .insertInto('processed_events')
        .values({ key, at, workspace_id: ws })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },
  };
}

import type { Kysely } from 'kysely';
import type { DB, QbrRow } from './schema';

export type { QbrRow };

/** QBRs held, per partner. The next one's due date is a domain rule (tier cadence). */
export function qbrStore(db: Kysely<DB>, ws: string) {
  return {
    /** True when this call recorded it; false when that QBR was already on file. */
    async add(q: Omit<QbrRow, 'id' | 'workspace_id'>): Promise<boolean> {
      const r = await db
        .insertInto('qbrs')
        .values({ ...q, workspace_id: ws })
        .onConflict((oc) => oc.columns(['partner_id', 'held_on']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    last: (partnerId: number): Promise<QbrRow | undefined> =>
      db
        .selectFrom('qbrs')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('partner_id', '=', partnerId)
        .orderBy('held_on', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst(),
  };
}

import type { Kysely } from 'kysely';
import type { DB, PartnerAnswerRow } from './schema';
import { inTransaction } from './tx';

export type { PartnerAnswerRow };

/** Answers typed into a document's form, outside any run: kept, never overwritten. */
export function partnerAnswerStore(db: Kysely<DB>, ws: string) {
  return {
    /** Several values of one form, in one transaction. */
    add: (rows: readonly Omit<PartnerAnswerRow, 'id' | 'workspace_id'>[]): Promise<void> =>
      inTransaction(db, async (trx) => {
        if (rows.length === 0) return;
        await trx
          .insertInto('partner_answers')
          .values(rows.map((r) => ({ ...r, workspace_id: ws })))
          .execute();
      }),
    /** The latest value per field for a partner. */
    latest: (partnerId: number): Promise<PartnerAnswerRow[]> =>
      db
        .selectFrom('partner_answers as a')
        .selectAll('a')
        .where(
          'a.id',
          'in',
          db
            .selectFrom('partner_answers')
            .select((eb) => eb.fn.max('id').as('id'))
            .where('workspace_id', '=', ws)
            .where('partner_id', '=', partnerId)
            .groupBy('field_id'),
        )
        .execute(),
  };
}

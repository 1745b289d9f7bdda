import type { Kysely } from 'kysely';
import type { EngineKind } from './engine';
import type { DB, DocumentRow } from './schema';
import { inTransaction, lockPartner } from './tx';

export type { DocumentRow };

export interface NewDocument {
  partner_id: number;
  run_id: number | null;
  template_id: string;
  template_version: string;
  /** The title without its version; the stored title gets ` v<N>` from the version this insert takes. */
  title: string;
  rendered_text: string;
  missing: string[];
  created_by: string;
  created_at: string;
}

/** Rendered documents and their upload state. Versions count up per partner and template. */
export function documentStore(db: Kysely<DB>, kind: EngineKind, ws: string) {
  return {
    /** Takes the next number and inserts in one transaction: two renders at once get two versions. */
    add: (d: NewDocument): Promise<DocumentRow> =>
      inTransaction(db, async (trx) => {
        await lockPartner(trx, kind, ws, d.partner_id);
        const last = await trx
          .selectFrom('documents')
          .select((eb) => eb.fn.max('version').as('v'))
          .where('workspace_id', '=', ws)
          .where('partner_id', '=', d.partner_id)
          .where('template_id', '=', d.template_id)
          .executeTakeFirst();
        const version = Number(last?.v ?? 0) + 1;
        return trx
          .insertInto('documents')
          .values({
            ...d,
            workspace_id: ws,
            title: `${d.title} v${version}`,
            version,
            missing: JSON.stringify(d.missing),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      }),
    async markUploaded(id: number, fileId: string): Promise<void> {
      await db
        .updateTable('documents')
        .where('workspace_id', '=', ws)
        .set({ status: 'uploaded', slack_file_id: fileId })
        .where('id', '=', id)
        .execute();
    },
    async markShared(id: number, where: { channelId: string; threadTs: string | null; permalink: string | null }) {
      await db
        .updateTable('documents')
        .where('workspace_id', '=', ws)
        .set({
          status: 'shared',
          channel_id: where.channelId,
          thread_ts: where.threadTs,
          permalink: where.permalink,
          last_error: null,
        })
        .where('id', '=', id)
        .execute();
    },
    async markFailed(id: number, error: string): Promise<void> {
      await db
        .updateTable('documents')
        .where('workspace_id', '=', ws)
        .set({ status: 'failed', last_error: error.slice(0, 500) })
        .where('id', '=', id)
        .execute();
    },
  };
}

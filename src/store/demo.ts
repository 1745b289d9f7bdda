import type { Kysely } from 'kysely';
import type { DB } from './schema';
import { inTransaction } from './tx';

/** A partner `partneros demo` seeded. */
export interface DemoPartnerRow {
  id: number;
  name: string;
  owner_user_id: string | null;
}

/**
 * The tables holding rows of a partner, children before what they point at: the order the demo's
 * partners are deleted in. run_answers hangs off playbook_runs, the rest off partners.
 */
const BY_PARTNER = [
  'partner_answers',
  'documents',
  'qbrs',
  'reminder_deliveries',
  'reminder_snoozes',
  'reminder_schedule',
  'partner_name_words',
  'partner_name_trigrams',
  'health_events',
  'notes',
  'milestones',
  'audit_log',
] as const satisfies readonly (keyof DB)[];

export type DemoTable = 'run_answers' | 'playbook_runs' | (typeof BY_PARTNER)[number] | 'slack_users' | 'partners';

/**
 * The sample program's partners in one workspace: marked when seeded (`partners.demo`), found and
 * deleted outright — with every row that hangs off them — by `demo --reset`.
 */
export function demoStore(db: Kysely<DB>, ws: string) {
  return {
    async mark(partnerId: number): Promise<void> {
      await db
        .updateTable('partners')
        .set({ demo: 1 })
        .where('workspace_id', '=', ws)
        .where('id', '=', partnerId)
        .execute();
    },
    partners: (): Promise<DemoPartnerRow[]> =>
      db
        .selectFrom('partners')
        .select(['id', 'name', 'owner_user_id'])
        .where('workspace_id', '=', ws)
        .where('demo', '=', 1)
        .orderBy('id')
        .execute(),
    /**
     * Deletes the demo's partners and everything of theirs, in one transaction; returns the rows
     * deleted per table. The name index's trigram counts are lowered by what the partners held, and
     * a person's cached Slack details go only when the demo was the last thing they owned.
     */
    erase: (): Promise<Partial<Record<DemoTable, number>>> =>
      inTransaction(db, async (trx) => {
        const partners = await trx
          .selectFrom('partners')
          .select(['id', 'owner_user_id'])
          .where('workspace_id', '=', ws)
          .where('demo', '=', 1)
          .execute();
        const ids = partners.map((p) => p.id);
        const deleted: Partial<Record<DemoTable, number>> = {};
        if (ids.length === 0) return deleted;
        const count = (table: DemoTable, r: { numDeletedRows: bigint }) => {
          const n = Number(r.numDeletedRows);
          if (n > 0) deleted[table] = (deleted[table] ?? 0) + n;
        };
        const runIds = trx
          .selectFrom('playbook_runs')
          .select('id')
          .where('workspace_id', '=', ws)
          .where('partner_id', 'in', ids);
        count(
          'run_answers',
          await trx
            .deleteFrom('run_answers')
            .where('workspace_id', '=', ws)
            .where('run_id', 'in', runIds)
            .executeTakeFirst(),
        );
        // Documents and QBRs may name a run: they go before the runs.
        for (const table of BY_PARTNER.slice(0, 2))
          count(
            table,
            await trx
              .deleteFrom(table)
              .where('workspace_id', '=', ws)
              .where('partner_id', 'in', ids)
              .executeTakeFirst(),
          );
        count(
          'playbook_runs',
          await trx
            .deleteFrom('playbook_runs')
            .where('workspace_id', '=', ws)
            .where('partner_id', 'in', ids)
            .executeTakeFirst(),
        );
        const grams = await trx
          .selectFrom('partner_name_trigrams')
          .select((eb) => ['gram', eb.fn.countAll<number>().as('n')])
          .where('workspace_id', '=', ws)
          .where('partner_id', 'in', ids)
          .groupBy('gram')
          .execute();
        for (const { gram, n } of grams)
          await trx
            .updateTable('partner_name_gram_counts')
            .set((eb) => ({ n: eb('n', '-', Number(n)) }))
            .where('workspace_id', '=', ws)
            .where('gram', '=', gram)
            .execute();
        await trx.deleteFrom('partner_name_gram_counts').where('workspace_id', '=', ws).where('n', '<=', 0).execute();
        for (const table of BY_PARTNER.slice(2))
          count(
            table,
            await trx
              .deleteFrom(table)
              .where('workspace_id', '=', ws)
              .where('partner_id', 'in', ids)
              .executeTakeFirst(),
          );
        count(
          'partners',
          await trx.deleteFrom('partners').where('workspace_id', '=', ws).where('id', 'in', ids).executeTakeFirst(),
        );
        const owners = [...new Set(partners.flatMap((p) => (p.owner_user_id ? [p.owner_user_id] : [])))];
        if (owners.length)
          count(
            'slack_users',
            await trx
              .deleteFrom('slack_users')
              .where('workspace_id', '=', ws)
              .where('user_id', 'in', owners)
              .where(({ not, exists, selectFrom }) =>
                not(
                  exists(
                    selectFrom('partners')
                      .select('id')
                      .where('workspace_id', '=', ws)
                      .whereRef('owner_user_id', '=', 'slack_users.user_id'),
                  ),
                ),
              )
              .executeTakeFirst(),
          );
        return deleted;
      }),
  };
}

export type DemoStore = ReturnType<typeof demoStore>;

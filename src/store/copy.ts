import { type Kysely, sql } from 'kysely';
import type { Engine } from './engine';
import type { DB } from './schema';

/**
 * Copying a whole program from one database to another (SQLite → PostgreSQL, or back), for
 * `partneros migrate-db`. Rows keep their ids, so every reference between tables stays true.
 */

/**
 * The tables with data, parents before children. Left out: schema_migrations (the target has its
 * own), scheduler_lease (who runs right now), and reminder_schedule (derived: the target's
 * triggers create a row per partner copied, due at once, so the first tick plans everything).
 * slack_users comes first because copying a partner adds its owner there.
 */
export const COPIED_TABLES = [
  { table: 'workspaces', key: 'id' },
  { table: 'slack_installations', key: 'workspace_id' },
  { table: 'slack_users', key: 'workspace_id, user_id' },
  { table: 'partners', key: 'id' },
  { table: 'partner_name_words', key: 'workspace_id, word_run, partner_id' },
  { table: 'partner_name_trigrams', key: 'workspace_id, gram, partner_id' },
  { table: 'partner_name_gram_counts', key: 'workspace_id, gram' },
  { table: 'health_events', key: 'id' },
  { table: 'notes', key: 'id' },
  { table: 'milestones', key: 'id' },
  { table: 'audit_log', key: 'id' },
  { table: 'processed_events', key: 'key' },
  { table: 'documents', key: 'id' },
  { table: 'qbrs', key: 'id' },
  { table: 'playbook_runs', key: 'id' },
  { table: 'run_answers', key: 'id' },
  { table: 'partner_answers', key: 'id' },
  { table: 'reminder_deliveries', key: 'id' },
  { table: 'reminder_snoozes', key: 'item_key' },
  { table: 'app_meta', key: 'key' },
] as const satisfies readonly { table: keyof DB; key: string }[];

/** Tables whose `id` is text (a Slack team id), not a counter to move past the copied ids. */
const TEXT_IDS: ReadonlySet<string> = new Set(['workspaces']);

/** The key's columns: one, or several comma-separated, compared as a row value (both engines have those). */
const keyColumns = (key: string): string[] => key.split(',').map((c) => c.trim());

export type CopiedTable = (typeof COPIED_TABLES)[number]['table'];

const BATCH = 500;

export async function countRows(db: Kysely<DB>, table: CopiedTable): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** Tables of the copy that already hold rows, with their counts. */
export async function nonEmptyTables(db: Kysely<DB>): Promise<{ table: CopiedTable; rows: number }[]> {
  const out: { table: CopiedTable; rows: number }[] = [];
  for (const { table } of COPIED_TABLES) {
    const rows = await countRows(db, table);
    if (rows > 0) out.push({ table, rows });
  }
  return out;
}

export interface CopyReport {
  table: CopiedTable;
  source: number;
  target: number;
}

/**
 * Copies every table in one transaction on the target (all or nothing), in batches read by key,
 * then moves PostgreSQL's identity counters past the copied ids. The caller checks the target is
 * empty first and compares the counts returned.
 */
export async function copyDatabase(
  source: Engine,
  target: Engine,
  onTable: (table: CopiedTable, rows: number) => void = () => undefined,
): Promise<CopyReport[]> {
  await target.db.transaction().execute(async (trx) => {
    for (const { table, key } of COPIED_TABLES) {
      let copied = 0;
      const keys = keyColumns(key);
      const keyRefs = sql.join(keys.map((c) => sql.ref(c)));
      let last: unknown[] | undefined;
      for (;;) {
        const after = last === undefined ? sql`` : sql`WHERE (${keyRefs}) > (${sql.join(last)})`;
        const rows = (
          await sql<
            Record<string, unknown>
          >`SELECT * FROM ${sql.table(table)} ${after} ORDER BY ${keyRefs} LIMIT ${BATCH}`.execute(source.db)
        ).rows;
        if (rows.length === 0) break;
        const columns = Object.keys(rows[0] ?? {});
        const values = rows.map((row) => sql`(${sql.join(columns.map((c) => row[c]))})`);
        // Copying a partner makes its owner's slack_users row (a trigger): the copied row wins.
        const conflict =
          table === 'slack_users'
            ? sql`ON CONFLICT (workspace_id, user_id) DO UPDATE SET tz = excluded.tz, dm_channel = excluded.dm_channel, fetched_at = excluded.fetched_at`
            : sql``;
        await sql`INSERT INTO ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) VALUES ${sql.join(values)} ${conflict}`.execute(
          trx,
        );
        copied += rows.length;
        const end = rows[rows.length - 1] ?? {};
        last = keys.map((c) => end[c]);
      }
      if (target.kind === 'postgres' && key === 'id' && !TEXT_IDS.has(table)) {
        await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), coalesce((SELECT max(id) FROM ${sql.table(table)}), 0) + 1, false)`.execute(
          trx,
        );
      }
      onTable(table, copied);
    }
  });
  const report: CopyReport[] = [];
  for (const { table } of COPIED_TABLES) {
    report.push({ table, source: await countRows(source.db, table), target: await countRows(target.db, table) });
  }
  return report;
}

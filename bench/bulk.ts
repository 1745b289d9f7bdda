/**
 * Bulk seeding for benchmarks, on either engine, in seconds rather than the hours a row-at-a-time
 * path through the store would take at 100,000 partners on PostgreSQL.
 *
 * - SQLite: one prepared statement per table, rows run in transactions of CHUNK rows (short, so a
 *   running app's lease renewal waits at most one chunk for the write lock). The schema's triggers
 *   fire as they do for the app: each partner gets its `reminder_schedule` row (due at once) and its
 *   owner a `slack_users` row.
 * - PostgreSQL: one transaction on one connection; each batch is a single
 *   `INSERT … SELECT * FROM unnest($1::type[], …)` (one array parameter per column). Row triggers are
 *   off for that transaction (`session_replication_role = replica`, foreign-key checks with them), so
 *   what they would have written is written here directly: every partner's schedule row, due at once
 *   (next_at ''), and its owner's `slack_users` row. The partners' identity sequence is moved past
 *   the seeded ids, and the tables are analysed, as autovacuum would have done on a live database.
 *
 * The partner name search tables (`partner_name_words`, `partner_name_trigrams`,
 * `partner_name_gram_counts`) are filled from the same functions `partners.insert` uses.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  type Database as AppDatabase,
  databaseOn,
  type Engine,
  MIGRATIONS_DIR,
  openEngine,
  type Store,
} from '../src/store';
import { migrate } from '../src/store/migrate';
import { nameKey, nameTerms, searchKey } from '../src/store/name-key';
import { TEST_IDS } from '../tests/support/slack-ids';

/** Column name and its PostgreSQL type (for the unnest cast). */
export type Columns = readonly (readonly [name: string, pgType: string])[];

export interface Seeder {
  /** Appends rows (values in `columns` order); `conflict` is an `ON CONFLICT …` clause both engines accept. */
  insert(table: string, columns: Columns, rows: readonly (readonly unknown[])[], conflict?: string): Promise<void>;
}

const CHUNK = 20_000;

/**
 * The workspace a single-workspace bench runs in: the team the fake Slack's auth.test names for any
 * token it knows, which the app adopts at start-up (bench data is written for it directly).
 */
export const BENCH_WORKSPACE = TEST_IDS.teamId;

/**
 * Opens (and migrates) a database for the bench itself, keeping the engine for bulk access: the
 * whole database, and `workspace`'s store (default the bench's one workspace).
 */
export async function openBenchStore(
  target: string,
  workspace: string = BENCH_WORKSPACE,
): Promise<{ engine: Engine; database: AppDatabase; store: Store }> {
  const engine = openEngine(target);
  await migrate(engine, MIGRATIONS_DIR, () => new Date().toISOString());
  const database = databaseOn(engine);
  return { engine, database, store: database.workspace(workspace) };
}

/**
 * A Seeder writing every row for `workspace`: each table's rows carry it in `workspace_id` (every
 * table the seeds write belongs to a workspace).
 */
export function inWorkspace(s: Seeder, workspace: string): Seeder {
  return {
    insert: (table, columns, rows, conflict) =>
      s.insert(
        table,
        [...columns, ['workspace_id', 'text']],
        rows.map((r) => [...r, workspace]),
        conflict,
      ),
  };
}

/**
 * Runs `fill` with a Seeder on `target` (a SQLite file or a postgres:// URL), over a connection of
 * its own, so it can seed next to a running app. Returns the ms it took.
 */
export async function bulkSeed(target: string, fill: (s: Seeder) => Promise<void>): Promise<number> {
  const started = performance.now();
  if (/^postgres(ql)?:\/\//i.test(target)) await seedPostgres(target, fill);
  else await seedSqlite(target, fill);
  return performance.now() - started;
}

async function seedSqlite(path: string, fill: (s: Seeder) => Promise<void>): Promise<void> {
  const db = new Database(path, { timeout: 10_000 });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Index pages of a few hundred MB stay in memory while rows land at random places in them.
    db.pragma('cache_size = -524288');
    await fill({
      async insert(table, columns, rows, conflict = '') {
        const names = columns.map(([n]) => n);
        const stmt = db.prepare(
          `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')}) ${conflict}`,
        );
        const run = db.transaction((chunk: readonly (readonly unknown[])[]) => {
          for (const row of chunk) stmt.run(...row);
        });
        for (let i = 0; i < rows.length; i += CHUNK) {
          run(rows.slice(i, i + CHUNK));
          // Lets a running app's timers in (and with them its lease renewal) between chunks.
          await new Promise((resolve) => setImmediate(resolve));
        }
      },
    });
  } finally {
    db.close();
  }
}

async function seedPostgres(url: string, fill: (s: Seeder) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const tables = new Set<string>();
  try {
    const { rows } = await client.query<{ rolsuper: boolean }>(
      'SELECT rolsuper FROM pg_roles WHERE rolname = current_user',
    );
    if (!rows[0]?.rolsuper)
      throw new Error('bulk seeding on PostgreSQL turns row triggers off: connect as a superuser (BENCH_POSTGRES_URL)');
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    await fill({
      async insert(table, columns, rowsIn, conflict = '') {
        tables.add(table);
        const names = columns.map(([n]) => n);
        const casts = columns.map(([, t], i) => `$${i + 1}::${t}[]`);
        const text = `INSERT INTO ${table} (${names.join(', ')}) SELECT * FROM unnest(${casts.join(', ')}) ${conflict}`;
        for (let i = 0; i < rowsIn.length; i += CHUNK) {
          const chunk = rowsIn.slice(i, i + CHUNK);
          await client.query(
            text,
            columns.map((_, c) => chunk.map((r) => r[c] ?? null)),
          );
        }
      },
    });
    // What the triggers would have written: a schedule row per partner, due at once, and owners to look up.
    await client.query(
      `INSERT INTO reminder_schedule (partner_id, workspace_id) SELECT id, workspace_id FROM partners
       ON CONFLICT (partner_id) DO NOTHING`,
    );
    await client.query(
      `INSERT INTO slack_users (workspace_id, user_id, fetched_at)
       SELECT DISTINCT workspace_id, owner_user_id, '' FROM partners
       WHERE owner_user_id IS NOT NULL ON CONFLICT (workspace_id, user_id) DO NOTHING`,
    );
    await client.query(
      `SELECT setval(pg_get_serial_sequence('partners', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM partners), false)`,
    );
    await client.query('COMMIT');
    for (const table of [...tables, 'reminder_schedule', 'slack_users']) await client.query(`ANALYZE ${table}`);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * Runs statements on `target` over a connection of the bench's own, without the app's 15 s query
 * timeout (updating every schedule row, or a VACUUM, can take longer on a busy machine).
 * VACUUM runs outside any transaction.
 */
export async function maintain(target: string, statements: readonly string[]): Promise<void> {
  if (/^postgres(ql)?:\/\//i.test(target)) {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    try {
      for (const text of statements) await client.query(text);
    } finally {
      await client.end();
    }
    return;
  }
  const db = new Database(target, { timeout: 60_000 });
  try {
    for (const text of statements) if (!/^\s*VACUUM/i.test(text)) db.exec(text);
  } finally {
    db.close();
  }
}

export const PARTNER_COLUMNS: Columns = [
  ['id', 'bigint'],
  ['name', 'text'],
  ['name_key', 'text'],
  ['search_key', 'text'],
  ['type', 'text'],
  ['tier', 'text'],
  ['stage', 'text'],
  ['health', 'integer'],
  ['owner_user_id', 'text'],
  ['channel_id', 'text'],
  ['vertical', 'text'],
  ['created_by', 'text'],
  ['created_at', 'text'],
  ['updated_at', 'text'],
  ['archived_at', 'text'],
];

export interface BulkPartner {
  id: number;
  name: string;
  type: string | null;
  tier: string;
  stage: string;
  health: number | null;
  owner: string | null;
  channel: string | null;
  vertical: string | null;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

/**
 * Inserts one workspace's partners with their name search rows, as `partners.insert` would (ids
 * given, unique across workspaces). `s` is a workspace's Seeder (`inWorkspace`).
 */
export async function insertPartners(s: Seeder, partners: readonly BulkPartner[]): Promise<void> {
  await s.insert(
    'partners',
    PARTNER_COLUMNS,
    partners.map((p) => [
      p.id,
      p.name,
      nameKey(p.name),
      searchKey(p.name),
      p.type,
      p.tier,
      p.stage,
      p.health,
      p.owner,
      p.channel,
      p.vertical,
      p.owner ?? 'UBENCH',
      p.createdAt,
      p.updatedAt,
      p.archivedAt,
    ]),
  );
  const words: [string, number][] = [];
  const grams: [string, number][] = [];
  const counts = new Map<string, number>();
  for (const p of partners) {
    const terms = nameTerms(p.name);
    for (const run of terms.runs) words.push([run, p.id]);
    for (const gram of terms.grams) {
      grams.push([gram, p.id]);
      counts.set(gram, (counts.get(gram) ?? 0) + 1);
    }
  }
  await s.insert(
    'partner_name_words',
    [
      ['word_run', 'text'],
      ['partner_id', 'bigint'],
    ],
    words,
    'ON CONFLICT DO NOTHING',
  );
  await s.insert(
    'partner_name_trigrams',
    [
      ['gram', 'text'],
      ['partner_id', 'bigint'],
    ],
    grams,
  );
  await s.insert(
    'partner_name_gram_counts',
    [
      ['gram', 'text'],
      ['n', 'integer'],
    ],
    [...counts],
    'ON CONFLICT (workspace_id, gram) DO UPDATE SET n = partner_name_gram_counts.n + excluded.n',
  );
}

/**
 * Recipients' zones as already learnt (users.info), so a tick does not spend its first minutes asking
 * Slack. `s` is a workspace's Seeder (`inWorkspace`).
 */
export async function knownZones(s: Seeder, users: readonly string[], tz: string, at: string): Promise<void> {
  await s.insert(
    'slack_users',
    [
      ['user_id', 'text'],
      ['tz', 'text'],
      ['fetched_at', 'text'],
    ],
    users.map((u) => [u, tz, at]),
    'ON CONFLICT (workspace_id, user_id) DO UPDATE SET tz = excluded.tz, fetched_at = excluded.fetched_at',
  );
}

export const MILESTONE_COLUMNS: Columns = [
  ['partner_id', 'bigint'],
  ['title', 'text'],
  ['due_on', 'text'],
  ['status', 'text'],
  ['done_at', 'text'],
  ['done_by', 'text'],
  ['created_by', 'text'],
  ['created_at', 'text'],
];
export const NOTE_COLUMNS: Columns = [
  ['partner_id', 'bigint'],
  ['text', 'text'],
  ['user_id', 'text'],
  ['permalink', 'text'],
  ['at', 'text'],
];
export const HEALTH_COLUMNS: Columns = [
  ['partner_id', 'bigint'],
  ['score', 'integer'],
  ['previous', 'integer'],
  ['note', 'text'],
  ['user_id', 'text'],
  ['at', 'text'],
];
export const QBR_COLUMNS: Columns = [
  ['partner_id', 'bigint'],
  ['held_on', 'text'],
  ['user_id', 'text'],
  ['at', 'text'],
];
export const AUDIT_COLUMNS: Columns = [
  ['at', 'text'],
  ['user_id', 'text'],
  ['partner_id', 'bigint'],
  ['action', 'text'],
  ['detail', 'text'],
];

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { Engine, EngineKind } from './engine';

const FILE_NAME = /^(\d{3,})[-_][\w.-]+\.sql$/;

export class MigrationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export interface MigrationFile {
  version: number;
  name: string;
  path: string;
}

/** `migrations/<engine>/`: one file per engine under the same number, since their DDL differs. */
export const migrationsFolder = (root: string, kind: EngineKind): string => join(root, kind);

export function listMigrations(dir: string): MigrationFile[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const out: MigrationFile[] = [];
  for (const name of files) {
    const m = FILE_NAME.exec(name);
    if (!m?.[1]) throw new MigrationError(`${dir}/${name}: name it NNN-description.sql (e.g. 002-runs.sql)`);
    const version = Number(m[1]);
    if (out.some((f) => f.version === version))
      throw new MigrationError(`${dir}/${name}: number ${m[1]} is used twice`);
    out.push({ version, name, path: join(dir, name) });
  }
  return out;
}

/** Refuses a recorded history that is not a prefix of the files (a file renamed or removed after being applied). */
function checkHistory(done: readonly { version: number; name: string }[], files: readonly MigrationFile[]): void {
  done.forEach((row, i) => {
    const file = files[i];
    if (!file || file.version !== row.version || file.name !== row.name) {
      throw new MigrationError(
        `The database records migration ${row.name}, but migrations/ ${file ? `has ${file.name} in its place` : 'no longer has it'}. ` +
          'Applied migrations must never be renamed or removed; restore the file or use a fresh database.',
      );
    }
  });
}

const failed = (file: MigrationFile, err: unknown) =>
  new MigrationError(
    `Migration ${file.path} failed, nothing from it was applied: ${err instanceof Error ? err.message : String(err)}`,
    { cause: err },
  );

const CREATE_BOOKKEEPING = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`;

/**
 * Applies the numbered files not yet recorded, in order, each with its bookkeeping row in one
 * transaction: a failing file leaves the database as it was. Several processes may start at once
 * on one database: on SQLite each file is applied under the write lock after checking again that
 * nobody applied it meanwhile; on PostgreSQL the whole run holds an advisory lock.
 */
export async function migrate(engine: Engine, root: string, now: () => string): Promise<{ applied: string[] }> {
  const files = listMigrations(migrationsFolder(root, engine.kind));
  if (engine.sqlite) return migrateSqlite(engine.sqlite, files, now);
  if (engine.pool) return migratePostgres(engine.pool, files, now);
  throw new MigrationError(`No migration runner for ${engine.kind}.`);
}

function migrateSqlite(db: Database.Database, files: MigrationFile[], now: () => string): { applied: string[] } {
  db.exec(CREATE_BOOKKEEPING);
  const recorded = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  checkHistory(recorded.all() as { version: number; name: string }[], files);
  const applied: string[] = [];
  // Off for the run, checked before it is switched back on: a migration may rebuild a table that
  // others reference (SQLite changes a constraint only by copying the table), which the check
  // would otherwise refuse half-way. The pragma has no effect inside a transaction, hence here.
  db.pragma('foreign_keys = OFF');
  try {
    for (const file of files) {
      const sql = readFileSync(file.path, 'utf8');
      try {
        db.transaction(() => {
          const done = recorded.all() as { version: number; name: string }[];
          checkHistory(done, files);
          if (done.some((r) => r.version === file.version)) return;
          db.exec(sql);
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) throw new Error(`${broken.length} rows would break a foreign key`);
          record.run(file.version, file.name, now());
          applied.push(file.name);
        }).immediate();
      } catch (err) {
        throw err instanceof MigrationError ? err : failed(file, err);
      }
    }
  } finally {
    db.pragma('foreign_keys = ON');
  }
  return { applied };
}

/** Any constant: every PartnerOS process takes the same one to migrate. */
const MIGRATION_LOCK = 7_305_001;

async function migratePostgres(
  pool: pg.Pool,
  files: MigrationFile[],
  now: () => string,
): Promise<{ applied: string[] }> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    // A session lock: a second replica booting at the same moment waits here, then finds nothing to do.
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(CREATE_BOOKKEEPING);
    const done = (await client.query('SELECT version, name FROM schema_migrations ORDER BY version')).rows as {
      version: number;
      name: string;
    }[];
    checkHistory(done, files);
    for (const file of files.slice(done.length)) {
      const sql = readFileSync(file.path, 'utf8');
      try {
        await client.query('BEGIN');
        // DDL waits for running transactions (another replica's tick): wait a while, never forever.
        await client.query("SET LOCAL lock_timeout = '20s'");
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          file.version,
          file.name,
          now(),
        ]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw failed(file, err);
      }
      applied.push(file.name);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
  return { applied };
}

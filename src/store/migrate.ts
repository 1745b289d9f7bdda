import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db';

const FILE_NAME = /^(\d{3,})[-_][\w.-]+\.sql$/;

export class MigrationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

interface MigrationFile {
  version: number;
  name: string;
  path: string;
}

function listMigrations(dir: string): MigrationFile[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const out: MigrationFile[] = [];
  for (const name of files) {
    const m = FILE_NAME.exec(name);
    if (!m?.[1]) throw new MigrationError(`migrations/${name}: name it NNN-description.sql (e.g. 002-runs.sql)`);
    const version = Number(m[1]);
    if (out.some((f) => f.version === version))
      throw new MigrationError(`migrations/${name}: number ${m[1]} is used twice`);
    out.push({ version, name, path: join(dir, name) });
  }
  return out;
}

/**
 * Applies the numbered files not yet recorded, in order, each with its bookkeeping row in one
 * transaction: a failing file leaves the database as it was. Refuses to run when the recorded
 * history is not a prefix of the files (a file was renamed or removed after being applied).
 */
export function migrate(db: Db, dir: string, now: () => string): { applied: string[] } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const files = listMigrations(dir);
  const done = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as {
    version: number;
    name: string;
  }[];
  done.forEach((row, i) => {
    const file = files[i];
    if (!file || file.version !== row.version || file.name !== row.name) {
      throw new MigrationError(
        `The database records migration ${row.name}, but migrations/ ${file ? `has ${file.name} in its place` : 'no longer has it'}. ` +
          'Applied migrations must never be renamed or removed; restore the file or use a fresh database.',
      );
    }
  });
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: string[] = [];
  for (const file of files.slice(done.length)) {
    const sql = readFileSync(file.path, 'utf8');
    try {
      db.transaction(() => {
        db.exec(sql);
        record.run(file.version, file.name, now());
      })();
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new MigrationError(`Migration migrations/${file.name} failed, nothing from it was applied: ${reason}`, {
        cause: err,
      });
    }
    applied.push(file.name);
  }
  return { applied };
}

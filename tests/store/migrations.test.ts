import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../src/store';
import { openStore, type TestStore } from '../support/open-store';
import { listMigrations, MigrationError, migrationsFolder } from '../../src/store/migrate';
import { dropDatabase, freshDatabase, onPostgres, testEngine } from '../support/database';
import { rows, value } from '../support/sql';

const now = () => '2026-11-25T09:00:00.000Z';
const tempDir = () => mkdtempSync(join(tmpdir(), 'partneros-migrations-'));
const engine = onPostgres ? 'postgres' : 'sqlite';
const made: string[] = [];
const opened: TestStore[] = [];

afterEach(async () => {
  for (const s of opened.splice(0)) await s.close().catch(() => undefined);
  for (const target of made.splice(0)) await dropDatabase(target);
});

/** A database with no tables at all (the migrations have not run on it). */
async function emptyDatabase(): Promise<string> {
  const target = await freshDatabase({ empty: true });
  made.push(target);
  return target;
}

async function open(target: string, options: { now?: () => string; migrationsDir?: string } = {}): Promise<TestStore> {
  const store = await openStore(target, {
    now: options.now ?? now,
    ...(options.migrationsDir ? { migrationsDir: options.migrationsDir } : {}),
  });
  opened.push(store);
  return store;
}

/** A copy of the real migrations/ folder (both engines), so a test can add a file to its engine's. */
function migrationsCopy(): string {
  const dir = tempDir();
  for (const kind of ['sqlite', 'postgres'] as const) {
    mkdirSync(join(dir, kind));
    for (const f of readdirSync(migrationsFolder(MIGRATIONS_DIR, kind)))
      copyFileSync(join(migrationsFolder(MIGRATIONS_DIR, kind), f), join(dir, kind, f));
  }
  return dir;
}

const tables = async (store: TestStore): Promise<string[]> =>
  (
    await rows<{ name: string }>(
      store,
      onPostgres
        ? "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        : "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
    )
  ).map((r) => r.name);

describe(`migrations on ${testEngine}`, () => {
  it('keep one file per engine under the same numbers and names', () => {
    const names = (kind: 'sqlite' | 'postgres') =>
      listMigrations(migrationsFolder(MIGRATIONS_DIR, kind)).map((f) => f.name);
    expect(names('postgres')).toEqual(names('sqlite'));
  });

  it('create the whole schema on an empty database', async () => {
    const target = onPostgres ? await emptyDatabase() : join(tempDir(), 'nested', 'deeper', 'partneros.db');
    const store = await open(target);
    expect(await tables(store)).toEqual(
      expect.arrayContaining([
        'partners',
        'health_events',
        'notes',
        'milestones',
        'audit_log',
        'processed_events',
        'reminder_schedule',
        'schema_migrations',
      ]),
    );
  });

  it('run once: opening the same database again changes nothing and keeps the data', async () => {
    const target = onPostgres ? await emptyDatabase() : join(tempDir(), 'partneros.db');
    const first = await open(target);
    await first.partners.insert({
      name: 'Acme Corp',
      type: null,
      tier: 'Gold',
      stage: 'prospect',
      owner_user_id: 'U1',
      channel_id: null,
      vertical: null,
      created_by: 'U1',
      at: now(),
    });
    const applied = await rows(first, 'SELECT version, name, applied_at FROM schema_migrations ORDER BY version');
    await first.close();

    const second = await open(target, { now: () => '2030-01-01T00:00:00.000Z' });
    expect(await rows(second, 'SELECT version, name, applied_at FROM schema_migrations ORDER BY version')).toEqual(
      applied,
    );
    expect((await second.partners.findByName('acme corp'))?.name).toBe('Acme Corp');
  });

  it('let several processes start at once on one empty database: each file is applied once', async () => {
    const target = onPostgres ? await emptyDatabase() : join(tempDir(), 'partneros.db');
    // Sequential on SQLite: two connections in one process would hold each other's lock with the
    // event loop (two processes do not); PostgreSQL's advisory lock is raced for real.
    const stores = onPostgres
      ? await Promise.all([open(target), open(target), open(target)])
      : [await open(target), await open(target)];
    const counts = await rows<{ version: number; n: number }>(
      stores[0] as TestStore,
      'SELECT version, count(*) AS n FROM schema_migrations GROUP BY version ORDER BY version',
    );
    expect(counts.every((c) => Number(c.n) === 1)).toBe(true);
    expect(counts).toHaveLength(listMigrations(migrationsFolder(MIGRATIONS_DIR, engine)).length);
  });

  it.skipIf(onPostgres)('turn on WAL and foreign keys (SQLite)', async () => {
    const store = await open(join(tempDir(), 'p.db'));
    expect(await value(store, 'PRAGMA journal_mode')).toBe('wal');
    expect(await value(store, 'PRAGMA foreign_keys')).toBe(1);
    expect(await value(store, 'PRAGMA busy_timeout')).toBe(5000);
  });

  it('leave the database as it was when a file fails, and name the file', async () => {
    const dir = migrationsCopy();
    writeFileSync(
      join(dir, engine, '900-broken.sql'),
      'CREATE TABLE half_done (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n',
    );
    const target = onPostgres ? await emptyDatabase() : join(tempDir(), 'p.db');
    const error = await open(target, { migrationsDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toContain('900-broken.sql');
    // The earlier files were applied; nothing of the broken one was, not even its first statement.
    const store = await open(target);
    expect(await tables(store)).toContain('partners');
    expect(await tables(store)).not.toContain('half_done');
    expect(
      await sql<{ n: number }>`SELECT count(*) AS n FROM schema_migrations WHERE name = ${'900-broken.sql'}`.execute(
        store.db,
      ),
    ).toMatchObject({ rows: [{ n: 0 }] });
  });

  it('refuse to start when an applied migration has disappeared from the folder', async () => {
    const dir = migrationsCopy();
    writeFileSync(join(dir, engine, '900-extra.sql'), 'CREATE TABLE extra (id INTEGER);');
    const target = onPostgres ? await emptyDatabase() : join(tempDir(), 'p.db');
    await (await open(target, { migrationsDir: dir })).close();
    await expect(open(target)).rejects.toThrow(/900-extra\.sql/);
  });

  it('reject a file that does not follow the NNN-name.sql pattern', async () => {
    const dir = migrationsCopy();
    writeFileSync(join(dir, engine, 'oops.sql'), 'SELECT 1;');
    const target = onPostgres ? await emptyDatabase() : join(tempDir(), 'p.db');
    await expect(open(target, { migrationsDir: dir })).rejects.toThrow(/oops\.sql/);
  });
});

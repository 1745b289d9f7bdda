import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, openStore } from '../../src/store';
import { MigrationError } from '../../src/store/migrate';

const now = () => '2026-11-25T09:00:00.000Z';
const tempDir = () => mkdtempSync(join(tmpdir(), 'partneros-migrations-'));

/** A copy of the real migrations/ folder, so a test can add a broken file to it. */
function migrationsCopy(): string {
  const dir = tempDir();
  for (const f of readdirSync(MIGRATIONS_DIR)) copyFileSync(join(MIGRATIONS_DIR, f), join(dir, f));
  return dir;
}

const tables = (path: string): string[] => {
  const db = new Database(path, { readonly: true });
  try {
    return (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
    ).map((r) => r.name);
  } finally {
    db.close();
  }
};

describe('migrations', () => {
  it('create the whole schema on a fresh database, in folders that do not exist yet', () => {
    const path = join(tempDir(), 'nested', 'deeper', 'partneros.db');
    const store = openStore(path, { now });
    store.close();
    expect(tables(path)).toEqual(
      expect.arrayContaining([
        'partners',
        'health_events',
        'notes',
        'milestones',
        'audit_log',
        'processed_events',
        'schema_migrations',
      ]),
    );
  });

  it('run once: opening the same file again changes nothing and keeps the data', () => {
    const path = join(tempDir(), 'partneros.db');
    const first = openStore(path, { now });
    first.partners.insert({
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
    const applied = first.db.prepare('SELECT version, name, applied_at FROM schema_migrations').all();
    first.close();

    const second = openStore(path, { now: () => '2030-01-01T00:00:00.000Z' });
    expect(second.db.prepare('SELECT version, name, applied_at FROM schema_migrations').all()).toEqual(applied);
    expect(second.partners.findByName('acme corp')?.name).toBe('Acme Corp');
    second.close();
  });

  it('turn on WAL and foreign keys', () => {
    const store = openStore(join(tempDir(), 'p.db'), { now });
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    store.close();
  });

  it('leave the database as it was when a file fails, and name the file', () => {
    const dir = migrationsCopy();
    writeFileSync(
      join(dir, '900-broken.sql'),
      'CREATE TABLE half_done (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n',
    );
    const path = join(tempDir(), 'p.db');
    let error: unknown;
    try {
      openStore(path, { now, migrationsDir: dir });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toContain('900-broken.sql');
    // The earlier files were applied; nothing of the broken one was, not even its first statement.
    expect(tables(path)).toContain('partners');
    expect(tables(path)).not.toContain('half_done');
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM schema_migrations WHERE name = ?').get('900-broken.sql')).toEqual({
      n: 0,
    });
    db.close();
  });

  it('refuse to start when an applied migration has disappeared from the folder', () => {
    const dir = migrationsCopy();
    writeFileSync(join(dir, '900-extra.sql'), 'CREATE TABLE extra (id INTEGER);');
    const path = join(tempDir(), 'p.db');
    openStore(path, { now, migrationsDir: dir }).close();
    expect(() => openStore(path, { now })).toThrow(/900-extra\.sql/);
  });

  it('reject a file that does not follow the NNN-name.sql pattern', () => {
    const dir = migrationsCopy();
    writeFileSync(join(dir, 'oops.sql'), 'SELECT 1;');
    expect(() => openStore(join(tempDir(), 'p.db'), { now, migrationsDir: dir })).toThrow(/oops\.sql/);
  });
});

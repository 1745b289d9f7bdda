import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../src/store';
import { UNASSIGNED } from '../../src/store/workspaces';
import { openStore } from '../support/open-store';
import Database from 'better-sqlite3';
import { listMigrations } from '../../src/store/migrate';
import { onPostgres } from '../support/database';
import { nameTerms, searchKey } from '../../src/store/name-key';

const now = () => '2026-11-25T09:00:00.000Z';
const tempDir = () => mkdtempSync(join(tmpdir(), 'partneros-names-'));

describe('the name search index', () => {
  it('folds accents, case and punctuation, and keeps every run of whole words after the first', () => {
    expect(searchKey('  SOCIÉTÉ  Générale S.A. ')).toBe('societe generale s a');
    expect(searchKey('AT&amp;T')).toBe('at amp t'); // the store only ever sees decoded names: AT&T
    expect(searchKey('AT&T Wireless')).toBe('at t wireless');
    expect(nameTerms('Helix Labs Group').runs).toEqual(['labs group', 'group']);
    expect(nameTerms('Acme').grams).toEqual([' ac', 'acm', 'cme', 'me ']);
  });

  it.skipIf(onPostgres)('indexes the partners already on file when an older SQLite database is upgraded', async () => {
    const path = join(tempDir(), 'p.db');
    // The database as the release before the name index left it (migrations 001–005).
    const before = new Database(path);
    before.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    for (const file of listMigrations(join(MIGRATIONS_DIR, 'sqlite')).filter((f) => f.version < 6)) {
      before.exec(readFileSync(file.path, 'utf8'));
      before.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(file.version, file.name, now());
    }
    const insert =
      before.prepare(`INSERT INTO partners (name, name_key, tier, stage, created_by, created_at, updated_at)
      VALUES (?, ?, 'Gold', 'prospect', 'U1', '2026-01-01', '2026-01-01')`);
    insert.run('Société Générale', 'société générale');
    insert.run('Helix Labs Group', 'helix labs group');
    before.close();

    // Rows from before workspaces belong to none yet (the app adopts them at start).
    const after = await openStore(path, { now }, UNASSIGNED);
    try {
      expect((await after.partners.fitting('societe', { prefix: true, limit: 5 })).map((p) => p.name)).toEqual([
        'Société Générale',
      ]);
      expect((await after.partners.fitting('labs', { prefix: false, limit: 5 })).map((p) => p.name)).toEqual([
        'Helix Labs Group',
      ]);
      expect((await after.partners.similarNames(['Helix Lbas Group'], 5)).map((p) => p.name)).toEqual([
        'Helix Labs Group',
      ]);
    } finally {
      await after.close();
    }
  });
});

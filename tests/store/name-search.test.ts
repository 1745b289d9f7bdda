import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, openStore } from '../../src/store';
import { openDatabase } from '../../src/store/db';
import { migrate } from '../../src/store/migrate';
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

  it('indexes the partners already on file when an older database is upgraded', () => {
    const old = tempDir();
    for (const f of readdirSync(MIGRATIONS_DIR).filter((f) => f < '006'))
      copyFileSync(join(MIGRATIONS_DIR, f), join(old, f));
    const path = join(tempDir(), 'p.db');
    const before = openDatabase(path);
    migrate(before, old, now);
    const insert =
      before.prepare(`INSERT INTO partners (name, name_key, tier, stage, created_by, created_at, updated_at)
      VALUES (?, ?, 'Gold', 'prospect', 'U1', '2026-01-01', '2026-01-01')`);
    insert.run('Société Générale', 'société générale');
    insert.run('Helix Labs Group', 'helix labs group');
    before.close();

    const after = openStore(path, { now });
    expect(after.partners.fitting('societe', { prefix: true, limit: 5 }).map((p) => p.name)).toEqual([
      'Société Générale',
    ]);
    expect(after.partners.fitting('labs', { prefix: false, limit: 5 }).map((p) => p.name)).toEqual([
      'Helix Labs Group',
    ]);
    expect(after.partners.similarNames(['Helix Lbas Group'], 5).map((p) => p.name)).toEqual(['Helix Labs Group']);
    after.close();
  });
});

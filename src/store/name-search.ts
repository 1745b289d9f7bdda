import type Database from 'better-sqlite3';
import { nameTerms, searchKey } from './name-key';

/**
 * The name folding as SQLite functions, so a migration can index the names already on file with
 * the very rules new names are indexed with (partners.insert). Registered on every open, before
 * migrating. PostgreSQL needs none: its databases start empty at the release that added them.
 */
export function registerNameFunctions(db: Database.Database): void {
  db.function('partneros_search_key', { deterministic: true }, (name: unknown) => searchKey(String(name ?? '')));
  db.table('partneros_name_terms', {
    columns: ['kind', 'term'],
    parameters: ['name'],
    *rows(name: unknown) {
      const { runs, grams } = nameTerms(String(name ?? ''));
      for (const term of runs) yield { kind: 'run', term };
      for (const term of grams) yield { kind: 'gram', term };
    },
  });
}

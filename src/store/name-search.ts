import type { Db } from './db';
import { nameTerms, searchKey } from './name-key';

/**
 * The name folding as SQL functions, so a migration can index the names already on file with the
 * very rules new names are indexed with (partners.insert). Registered on every open, before migrating.
 */
export function registerNameFunctions(db: Db): void {
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

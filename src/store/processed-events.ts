import type { Db } from './db';

export function processedEventStore(db: Db) {
  const claim = db.prepare('INSERT INTO processed_events (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
  return {
    /** True the first time a key is seen; false for a retry or a replay. */
    claim: (key: string, at: string): boolean => claim.run(key, at).changes === 1,
  };
}

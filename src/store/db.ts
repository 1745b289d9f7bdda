import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** Opens (creating it and its folders) the SQLite file with the pragmas the app relies on. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  // timeout = busy_timeout: a second process (a deploy overlapping the old one) waits instead of failing.
  const db = new Database(path, { timeout: 5000 });
  // WAL lets readers (acks) run while the scheduler writes; NORMAL is durable across app crashes.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Compiled on by default in better-sqlite3, set anyway so a different build cannot drop it silently.
  db.pragma('foreign_keys = ON');
  return db;
}

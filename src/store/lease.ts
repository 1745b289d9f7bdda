import type { Db } from './db';

/**
 * The scheduler lease: one row per name, held by a random id until `expires_at` (wall-clock epoch ms).
 * A holder renews it; anyone may take it once it has expired. A process id would not do: PID 1 is
 * reused in every container.
 */
export function leaseStore(db: Db) {
  const take = db.prepare<[string, string, number, number]>(`
    INSERT INTO scheduler_lease (name, holder, expires_at) VALUES (?, ?, ?)
    ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
    WHERE scheduler_lease.holder = excluded.holder OR scheduler_lease.expires_at < ?`);
  const drop = db.prepare<[string, string]>('DELETE FROM scheduler_lease WHERE name = ? AND holder = ?');
  const read = db.prepare<[string], { holder: string; expires_at: number }>(
    'SELECT holder, expires_at FROM scheduler_lease WHERE name = ?',
  );
  // IMMEDIATE: two processes racing for an expired lease are serialised by SQLite, not by luck.
  const acquire = db.transaction(
    (name: string, holder: string, nowMs: number, ttlMs: number) =>
      take.run(name, holder, nowMs + ttlMs, nowMs).changes === 1,
  );
  return {
    /** Takes or renews the lease; true when `holder` holds it until now + ttl. */
    acquire: (name: string, holder: string, nowMs: number, ttlMs: number): boolean =>
      acquire.immediate(name, holder, nowMs, ttlMs),
    release: (name: string, holder: string) => void drop.run(name, holder),
    read: (name: string) => read.get(name),
  };
}

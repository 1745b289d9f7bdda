import type { Database, EngineKind } from '../../store';

/**
 * Who may deliver reminders, and who is alive. Every process renews a liveness row of its own
 * (`replica:<id>`) every LEASE_RENEW_MS; one that stops (killed, stalled) is presumed gone once
 * its row is REPLICA_TTL_MS old, and the outbox rows it held are taken over (after reading the
 * channel's history). On PostgreSQL every replica ticks: claims skip each other's rows. On SQLite
 * one process per database file ticks, under the lease LEASE_NAME, which a process killed outright
 * loses within LEASE_TTL_MS. Ids are random: a process id would not do, PID 1 is reused in every
 * container.
 */
export const LEASE_NAME = 'reminders';
export const LEASE_TTL_MS = 10_000;
export const LEASE_RENEW_MS = 3_000;
export const REPLICA_PREFIX = 'replica:';
export const REPLICA_TTL_MS = 20_000;

export function schedulerPresence(database: Database, holder: string) {
  const replica = `${REPLICA_PREFIX}${holder}`;
  const everyReplicaTicks = (kind: EngineKind) => kind === 'postgres';
  return {
    holder,
    /** Renews this process's liveness (and on SQLite takes or renews the lease); true when it may tick. */
    async renew(nowMs: number): Promise<boolean> {
      await database.lease.acquire(replica, holder, nowMs, REPLICA_TTL_MS);
      if (everyReplicaTicks(database.kind)) return true;
      return database.lease.acquire(LEASE_NAME, holder, nowMs, LEASE_TTL_MS);
    },
    /** How long what renew() won lasts. */
    ttlMs: everyReplicaTicks(database.kind) ? REPLICA_TTL_MS : LEASE_TTL_MS,
    /** The processes alive now (this one included). */
    live: (nowMs: number): Promise<string[]> => database.lease.live(REPLICA_PREFIX, nowMs),
    async release(): Promise<void> {
      await database.lease.release(LEASE_NAME, holder);
      await database.lease.release(replica, holder);
      // Rows of replicas gone for an hour tell nothing any more.
      await database.lease.prune(REPLICA_PREFIX, Date.now() - 3_600_000);
    },
  };
}

export type SchedulerPresence = ReturnType<typeof schedulerPresence>;

import type { Store } from '../../store';

/**
 * One scheduler per database file (PLATFORM-NOTES trap 1). The holder is a random id, the lease
 * lasts LEASE_TTL_MS of wall-clock time and is renewed every LEASE_RENEW_MS on its own timer, so a
 * process killed outright is replaced within ~10 s, and a clean stop hands over at once.
 */
export const LEASE_NAME = 'reminders';
export const LEASE_TTL_MS = 10_000;
export const LEASE_RENEW_MS = 3_000;

export function schedulerLease(store: Store, holder: string) {
  return {
    holder,
    /** Takes or renews the lease at wall time `nowMs`; true while we hold it. */
    acquire: (nowMs: number): boolean => store.lease.acquire(LEASE_NAME, holder, nowMs, LEASE_TTL_MS),
    release: () => store.lease.release(LEASE_NAME, holder),
  };
}

export type SchedulerLease = ReturnType<typeof schedulerLease>;

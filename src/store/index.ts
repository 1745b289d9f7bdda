import { fileURLToPath } from 'node:url';
import { openDatabase, type Db } from './db';
import { migrate } from './migrate';
import { registerNameFunctions } from './name-search';
import { partnerStore } from './partners';
import { auditStore, healthStore, milestoneStore, noteStore } from './activity';
import { documentStore } from './documents';
import { processedEventStore } from './processed-events';
import { leaseStore } from './lease';
import { qbrStore } from './qbrs';
import { reminderSnapshotStore } from './reminder-snapshot';
import { deliveryStore, snoozeStore } from './reminders';
import { slackUserStore } from './slack-users';
import { runStore } from './runs';
import { retentionStore } from './retention';
import { partnerAnswerStore } from './partner-answers';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

export interface Store {
  readonly db: Db;
  readonly partners: ReturnType<typeof partnerStore>;
  readonly health: ReturnType<typeof healthStore>;
  readonly notes: ReturnType<typeof noteStore>;
  readonly milestones: ReturnType<typeof milestoneStore>;
  readonly audit: ReturnType<typeof auditStore>;
  readonly processedEvents: ReturnType<typeof processedEventStore>;
  readonly documents: ReturnType<typeof documentStore>;
  readonly qbrs: ReturnType<typeof qbrStore>;
  readonly deliveries: ReturnType<typeof deliveryStore>;
  readonly snoozes: ReturnType<typeof snoozeStore>;
  readonly lease: ReturnType<typeof leaseStore>;
  readonly slackUsers: ReturnType<typeof slackUserStore>;
  readonly reminderSnapshot: ReturnType<typeof reminderSnapshotStore>;
  readonly runs: ReturnType<typeof runStore>;
  readonly retention: ReturnType<typeof retentionStore>;
  readonly partnerAnswers: ReturnType<typeof partnerAnswerStore>;
  /** Runs fn in one transaction (a change and its audit row commit together). Must not be async. */
  transaction<T>(fn: () => T): T;
  /**
   * The same with BEGIN IMMEDIATE: the write lock is taken first, so a read-then-write (claiming
   * outbox rows) never fails with SQLITE_BUSY when another process writes (PLATFORM-NOTES trap 3).
   */
  immediate<T>(fn: () => T): T;
  /** True when the database answers a trivial query. */
  ping(): boolean;
  close(): void;
}

/** Opens the file, applies pending migrations, prepares every statement. */
export function openStore(path: string, options: { now: () => string; migrationsDir?: string }): Store {
  const db = openDatabase(path);
  try {
    registerNameFunctions(db);
    migrate(db, options.migrationsDir ?? MIGRATIONS_DIR, options.now);
  } catch (err) {
    db.close();
    throw err;
  }
  return {
    db,
    partners: partnerStore(db),
    health: healthStore(db),
    notes: noteStore(db),
    milestones: milestoneStore(db),
    audit: auditStore(db),
    processedEvents: processedEventStore(db),
    documents: documentStore(db),
    qbrs: qbrStore(db),
    deliveries: deliveryStore(db),
    snoozes: snoozeStore(db),
    lease: leaseStore(db),
    slackUsers: slackUserStore(db),
    reminderSnapshot: reminderSnapshotStore(db),
    runs: runStore(db),
    retention: retentionStore(db),
    partnerAnswers: partnerAnswerStore(db),
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    immediate: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    ping: () => {
      try {
        return db.prepare('SELECT 1 AS ok').get() !== undefined;
      } catch {
        return false;
      }
    },
    close: () => {
      if (db.open) db.close();
    },
  };
}

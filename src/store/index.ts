import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { auditStore, healthStore, milestoneStore, noteStore } from './activity';
import { digestStore, digestTargetStore } from './digests';
import { demoStore } from './demo';
import { documentStore } from './documents';
import { exportStore } from './exports';
import {
  type Engine,
  type EngineKind,
  isPostgresUrl,
  openPostgresEngine,
  openSqliteEngine,
  type PostgresOptions,
  transactionContext,
} from './engine';
import { DatabaseUnreachable, describeCause, isDatabaseUnavailable, postgresAdvice } from './errors';
import { leaseStore } from './lease';
import { migrate } from './migrate';
import { partnerAnswerStore } from './partner-answers';
import { partnerCardStore } from './partner-card';
import { partnerStore } from './partners';
import { processedEventStore } from './processed-events';
import { qbrStore } from './qbrs';
import { retentionStore } from './retention';
import { reminderSnapshotStore } from './reminder-snapshot';
import { reportStore } from './reports';
import { deliveryStore, outboxStore, snoozeStore } from './reminders';
import { runStore } from './runs';
import { metaStore, scheduleStore, workspaceScheduleStore } from './schedule';
import type { DB } from './schema';
import { slackUserStore, staleZones } from './slack-users';
import { UNASSIGNED, workspaceStore } from './workspaces';

export { isPostgresUrl, type EngineKind };
export { DatabaseUnavailable, DatabaseUnreachable, isDatabaseUnavailable, isUniqueViolation } from './errors';
export type { Engine };

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** Every table family of one workspace, bound to the database or to one transaction. */
function tables(db: Kysely<DB>, kind: EngineKind, ws: string) {
  return {
    partners: partnerStore(db, ws),
    health: healthStore(db, ws),
    notes: noteStore(db, ws),
    card: partnerCardStore(db, ws),
    milestones: milestoneStore(db, ws),
    audit: auditStore(db, ws),
    processedEvents: processedEventStore(db, ws),
    documents: documentStore(db, kind, ws),
    qbrs: qbrStore(db, ws),
    deliveries: deliveryStore(db, ws),
    snoozes: snoozeStore(db, ws),
    slackUsers: slackUserStore(db, ws),
    reminderSnapshot: reminderSnapshotStore(db, ws),
    runs: runStore(db, ws),
    schedule: workspaceScheduleStore(db, ws),
    partnerAnswers: partnerAnswerStore(db, ws),
    exports: exportStore(db, ws),
    reports: reportStore(db, ws),
    digests: digestStore(db, ws),
    demo: demoStore(db, ws),
  };
}

/** What belongs to no single workspace: the scheduler's claims, leases, pruning, installations. */
function rootTables(db: Kysely<DB>, kind: EngineKind) {
  return {
    outbox: outboxStore(db, kind),
    schedule: scheduleStore(db, kind),
    staleZones: staleZones(db),
    digestTargets: digestTargetStore(db),
    lease: leaseStore(db),
    retention: retentionStore(db),
    meta: metaStore(db),
    workspaces: workspaceStore(db),
    /** Once-only keys of work done for the whole program (the day's pruning). */
    processedEvents: processedEventStore(db, UNASSIGNED),
  };
}

export type Tables = ReturnType<typeof tables>;
export type RootTables = ReturnType<typeof rootTables>;

interface Connection {
  readonly kind: EngineKind;
  /** The query builder itself, for tools and tests that read tables directly; the app goes through the families. */
  readonly db: Kysely<DB>;
  /** The file, or host:port/database: for messages and logs (never credentials). */
  readonly where: string;
}

/** One workspace's view of the database: every query is scoped by it. */
export interface Store extends Tables, Connection {
  readonly workspaceId: string;
  /**
   * Runs fn in one transaction (a change and its audit row commit together): fn gets the store
   * bound to it and must use that one, not this. On SQLite it takes the write lock first (BEGIN
   * IMMEDIATE) and holds the only connection, so fn must be short and never wait on Slack.
   */
  transaction<T>(fn: (tx: Tables) => Promise<T>): Promise<T>;
}

/** The whole database: what spans workspaces, and each workspace's store. */
export interface Database extends RootTables, Connection {
  workspace(workspaceId: string): Store;
  transaction<T>(fn: (tx: RootTables) => Promise<T>): Promise<T>;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenOptions {
  now: () => string;
  /** The folder holding `sqlite/` and `postgres/`; tests point it at a copy. */
  migrationsDir?: string;
  postgres?: PostgresOptions;
}

/** `target`: a SQLite file path or a postgres:// URL (PARTNEROS_DB). */
export function openEngine(target: string, options: Pick<OpenOptions, 'postgres'> = {}): Engine {
  return isPostgresUrl(target) ? openPostgresEngine(target, options.postgres) : openSqliteEngine(target);
}

export function databaseOn(engine: Engine): Database {
  const { db, kind } = engine;
  // The context is entered once the transaction has its connection: from there on, a query on the
  // root handle is a mistake (see transactionContext).
  const transaction = <T, X>(bind: (trx: Kysely<DB>) => X, fn: (tx: X) => Promise<T>): Promise<T> =>
    db.transaction().execute((trx) => transactionContext.run(engine.transactionToken, () => fn(bind(trx))));
  const connection = { kind, db, where: engine.where };
  return {
    ...rootTables(db, kind),
    ...connection,
    workspace: (workspaceId: string): Store => ({
      ...tables(db, kind, workspaceId),
      ...connection,
      workspaceId,
      transaction: (fn) => transaction((trx) => tables(trx, kind, workspaceId), fn),
    }),
    transaction: (fn) => transaction((trx) => rootTables(trx, kind), fn),
    async ping(): Promise<boolean> {
      try {
        await sql`SELECT 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close: () => engine.close(),
  };
}

/**
 * Waits until the database answers (a server starting next to us, in compose), for at most
 * `waitMs`, then gives up with a message naming the setting, the server and the cause. Errors
 * waiting cannot fix (a wrong password, a missing database) give up at once.
 */
export async function reachable(engine: Engine, setting: string, waitMs = 20_000): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await sql`SELECT 1`.execute(engine.db);
      return;
    } catch (error) {
      const advice = engine.kind === 'postgres' ? postgresAdvice(error) : undefined;
      if (advice || !isDatabaseUnavailable(error) || Date.now() + 1_000 > deadline) {
        const what = engine.kind === 'postgres' ? `PostgreSQL at ${engine.where}` : `the SQLite file ${engine.where}`;
        throw new DatabaseUnreachable(
          `${setting}: cannot reach ${what} (${describeCause(error)}). ${advice ?? 'Check that the server is running and reachable from here, and the URL.'}`,
          { cause: error },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(1_000 * attempt, 3_000)));
    }
  }
}

/** Opens the database, applies pending migrations, and returns it. */
export async function openDatabase(target: string, options: OpenOptions): Promise<Database> {
  const engine = openEngine(target, options);
  try {
    await migrate(engine, options.migrationsDir ?? MIGRATIONS_DIR, options.now);
  } catch (err) {
    await engine.close().catch(() => undefined);
    throw err;
  }
  return databaseOn(engine);
}

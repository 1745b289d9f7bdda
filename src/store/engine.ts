import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type DatabaseConnection, type Driver, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { registerNameFunctions } from './name-search';
import type { DB } from './schema';
import { SqliteImmediateDialect } from './sqlite-dialect';

export type EngineKind = 'sqlite' | 'postgres';

/** An open database: the query builder over it, and what the migration runner needs underneath. */
export interface Engine {
  readonly kind: EngineKind;
  readonly db: Kysely<DB>;
  /** The file, or host:port/database without credentials: for messages and logs. */
  readonly where: string;
  /** SQLite only: the raw handle (the migration runner executes whole files through it). */
  readonly sqlite?: Database.Database;
  /** PostgreSQL only: the pool (the migration runner holds one session for its advisory lock). */
  readonly pool?: pg.Pool;
  /** Marks the async context of a transaction on this engine (see `outsideTransaction`). */
  readonly transactionToken: object;
  close(): Promise<void>;
}

export const isPostgresUrl = (target: string): boolean => /^postgres(ql)?:\/\//i.test(target.trim());

/**
 * The async context of the transaction being run, if any. A query made on the engine's root
 * handle from inside a transaction would wait for the transaction's own connection on SQLite
 * (one connection: a deadlock) and run outside it on PostgreSQL (a lost update): both are
 * programming errors, refused at once with a message that says so.
 */
export const transactionContext = new AsyncLocalStorage<object>();

function outsideTransaction(token: object): void {
  if (transactionContext.getStore() === token) {
    throw new Error('A query was made on the store from inside one of its transactions: use the transaction’s store.');
  }
}

/** Wraps a driver so that acquiring a connection from inside a transaction fails loudly. */
function guarded(driver: Driver, token: object): Driver {
  const acquire = driver.acquireConnection.bind(driver);
  driver.acquireConnection = (): Promise<DatabaseConnection> => {
    outsideTransaction(token);
    return acquire();
  };
  return driver;
}

export function openSqliteEngine(path: string): Engine {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  // timeout = busy_timeout: a second process (a deploy overlapping the old one) waits instead of failing.
  const sqlite = new Database(path, { timeout: 5000 });
  // WAL lets readers (acks) run while the scheduler writes; NORMAL is durable across app crashes.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  // Compiled on by default in better-sqlite3, set anyway so a different build cannot drop it silently.
  sqlite.pragma('foreign_keys = ON');
  registerNameFunctions(sqlite);
  const token = {};
  const dialect = new SqliteImmediateDialect(sqlite);
  const createDriver = dialect.createDriver.bind(dialect);
  dialect.createDriver = () => guarded(createDriver(), token);
  const db = new Kysely<DB>({ dialect });
  return {
    kind: 'sqlite',
    db,
    where: path,
    sqlite,
    transactionToken: token,
    close: () => db.destroy(),
  };
}

/** host:port/database of a PostgreSQL URL, without user or password. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname || ''}`;
  } catch {
    return 'the PostgreSQL server in PARTNEROS_DB';
  }
}

/** `pg` returns BIGINT (ids, counts) as strings; every one we read fits a JavaScript number. */
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  /** Connections per process (default 10). */
  max?: number;
  /** Called when an idle connection breaks (the server restarted): logged, never a crash. */
  onIdleError?: (error: Error) => void;
}

export function openPostgresEngine(url: string, options: PostgresOptions = {}): Engine {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types,
    // A server that is down must fail a request quickly, so commands can say so within Slack's 3 s.
    connectionTimeoutMillis: 2_000,
    // A server that hangs must not hold a request (or a shutdown) forever.
    query_timeout: 15_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client whose connection the server closed emits 'error' on the pool; unhandled, it would end the process.
  pool.on('error', (error) => options.onIdleError?.(error));
  const token = {};
  const dialect = new PostgresDialect({ pool });
  const createDriver = dialect.createDriver.bind(dialect);
  dialect.createDriver = () => guarded(createDriver(), token);
  const db = new Kysely<DB>({ dialect });
  return {
    kind: 'postgres',
    db,
    where: describePostgresUrl(url),
    pool,
    transactionToken: token,
    async close() {
      await db.destroy();
      // Kysely ends the pool only if it ever ran a query; the migration runner may have used it alone.
      if (!pool.ended) await pool.end();
    },
  };
}

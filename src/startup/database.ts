import { ConfigError } from '../config/load';
import type { Clock } from '../domain/clock';
import type { Logger } from '../logging';
import {
  type Database,
  DatabaseUnreachable,
  databaseOn,
  type Engine,
  MIGRATIONS_DIR,
  openEngine,
  reachable,
} from '../store';
import { MigrationError, migrate } from '../store/migrate';

/**
 * Opens PARTNEROS_DB (a SQLite file or a PostgreSQL URL), waiting a little for a server that is
 * starting, and applies pending migrations. A database that cannot be reached stops start-up with
 * the host, the port and the cause, well within 30 s.
 */
export async function openDatabase(target: string, clock: Clock, logger: Logger): Promise<Database> {
  const postgres = {
    onIdleError: (error: Error) =>
      logger.warn({ err: error }, 'a database connection was closed; it is reopened on demand'),
  };
  let engine: Engine | undefined;
  try {
    engine = openEngine(target, { postgres });
    await reachable(engine, 'PARTNEROS_DB');
    await migrate(engine, MIGRATIONS_DIR, () => clock.now().toISOString());
    return databaseOn(engine);
  } catch (error) {
    await engine?.close().catch(() => undefined);
    if (error instanceof MigrationError) throw error;
    if (error instanceof DatabaseUnreachable) throw new ConfigError(error.message);
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      `PARTNEROS_DB: cannot open the database ${engine?.where ?? target} (${reason}). Point PARTNEROS_DB at a writable file or a reachable PostgreSQL database.`,
    );
  }
}

import { existsSync } from 'node:fs';
import { DatabaseUnreachable, type Engine, isPostgresUrl, MIGRATIONS_DIR, openEngine, reachable } from '../store';
import { MigrationError, migrate } from '../store/migrate';
import { CliError } from './io';

export { isPostgresUrl };

const CLI_WAIT_MS = 3_000;

/**
 * Opens and migrates a database for a command, or says plainly why not (which setting, which
 * server, the cause). `create: false` refuses a SQLite file that does not exist yet.
 */
export async function openDatabase(target: string, setting: string, options: { create: boolean }): Promise<Engine> {
  if (!isPostgresUrl(target) && !options.create && !existsSync(target)) {
    throw new CliError(
      `${setting}: there is no database at ${target}. Check the path (PartnerOS creates it on first start).`,
    );
  }
  const engine = openEngine(target);
  try {
    // A person at a terminal wants the answer soon; the app waits longer, for a server starting beside it.
    await reachable(engine, setting, CLI_WAIT_MS);
    await migrate(engine, MIGRATIONS_DIR, () => new Date().toISOString());
    return engine;
  } catch (error) {
    await engine.close().catch(() => undefined);
    if (error instanceof MigrationError || error instanceof DatabaseUnreachable) throw new CliError(error.message);
    throw error;
  }
}

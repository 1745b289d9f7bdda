import { ConfigError, databaseTarget } from '../config/load';
import { type CopyReport, copyDatabase, nonEmptyTables } from '../store/copy';
import type { Engine } from '../store/engine';
import { LEASE_NAME } from '../domain/reminders/lease';
import { isPostgresUrl, openDatabase } from './database';
import { CliError, type CliIo } from './io';

/**
 * `partneros migrate-db --to <target>`: copies everything from the current PARTNEROS_DB into an
 * empty database (PostgreSQL, or another SQLite file), checks the row counts table by table, and
 * says what to change in .env.
 */
export async function migrateDb(options: { to: string }, io: CliIo): Promise<void> {
  let from: string;
  try {
    from = databaseTarget(io.env);
  } catch (error) {
    throw error instanceof ConfigError ? new CliError(error.message) : error;
  }
  const to = options.to.trim();
  if (to === from)
    throw new CliError('--to names the database PartnerOS already uses (PARTNEROS_DB). Give the new one.');
  const source = await openDatabase(from, 'PARTNEROS_DB', { create: false });
  let target: Engine | undefined;
  try {
    await refuseWhileRunning(source);
    target = await openDatabase(to, '--to', { create: true });
    const filled = await nonEmptyTables(target.db);
    if (filled.length > 0) {
      const what = filled.map((t) => `${t.table} (${t.rows})`).join(', ');
      throw new CliError(`${target.where} is not empty: ${what}. migrate-db only copies into an empty database.`);
    }
    io.out(`Copying ${source.where} → ${target.where}\n`);
    const report = await copyDatabase(source, target, (table, rows) => io.out(`  ${table.padEnd(20)} ${rows}\n`));
    verify(report);
    io.out(
      `\nAll ${report.length} tables copied and counted: ${report.reduce((n, r) => n + r.target, 0)} rows.\n` +
        `Next: set PARTNEROS_DB in .env to ${isPostgresUrl(to) ? `the URL you gave with --to (${redact(to)})` : to}, then start PartnerOS again.\n` +
        `Keep ${source.where} as a backup until you have checked the program in Slack.\n`,
    );
  } finally {
    await target?.close();
    await source.close();
  }
}

function verify(report: CopyReport[]): void {
  const off = report.filter((r) => r.source !== r.target);
  if (off.length > 0) {
    const lines = off.map((r) => `${r.table}: ${r.source} in the source, ${r.target} copied`).join('; ');
    throw new CliError(
      `The counts differ after the copy (${lines}). Was PartnerOS still running? Stop it and run again into a new, empty database.`,
    );
  }
}

/** A copy taken while the app writes would miss what it writes meanwhile. */
async function refuseWhileRunning(source: Engine): Promise<void> {
  const lease = await source.db
    .selectFrom('scheduler_lease')
    .select(['name', 'expires_at'])
    .where('expires_at', '>', Date.now())
    .executeTakeFirst();
  if (lease) {
    const what = lease.name === LEASE_NAME ? 'its reminder scheduler' : 'a replica';
    throw new CliError(
      `PartnerOS is running on ${source.where} (${what} is active). Stop it first, then run migrate-db.`,
    );
  }
}

/** The URL as it may be printed: without the password. */
function redact(url: string): string {
  const u = new URL(url);
  return u.password ? url.replace(`:${u.password}@`, ':…@') : url;
}

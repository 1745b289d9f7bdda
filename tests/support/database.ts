/**
 * The database a test runs on: a temp SQLite file under `npm test`, a fresh PostgreSQL database
 * (copied from the migrated template) under `npm run test:pg`. Everything that opens a store in
 * the tests goes through here, so one suite runs on both engines.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';

export type TestEngine = 'sqlite' | 'postgres';
export const testEngine: TestEngine = process.env.PARTNEROS_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
export const onPostgres = testEngine === 'postgres';

function adminUrl(database?: string): string {
  const { adminUrl: base } = inject('postgres');
  if (!database) return base;
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface FreshDatabaseOptions {
  /** SQLite: the folder for the file (default: a new temp folder). */
  dir?: string;
  /** PostgreSQL: a database with no tables at all, instead of a copy of the migrated template. */
  empty?: boolean;
}

/** PARTNEROS_DB for a new, private database. */
export async function freshDatabase(options: FreshDatabaseOptions = {}): Promise<string> {
  if (!onPostgres) return join(options.dir ?? (await mkdtemp(join(tmpdir(), 'partneros-db-'))), 'partneros.db');
  const name = `partneros_test_${randomBytes(6).toString('hex')}`;
  const { template } = inject('postgres');
  await admin(`CREATE DATABASE ${name} TEMPLATE ${options.empty ? 'template0' : template}`);
  return adminUrl(name);
}

/** Drops a PostgreSQL database made by freshDatabase (a SQLite file goes with its temp folder). */
export async function dropDatabase(target: string): Promise<void> {
  if (!/^postgres/.test(target)) return;
  const name = new URL(target).pathname.slice(1);
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
}

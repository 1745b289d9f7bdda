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

/**
 * Databases this worker made and got back, ready to be emptied and reused: making one from the
 * template takes about half a second, emptying one a few tens of milliseconds.
 */
const returned: string[] = [];
const pooled = new Set<string>();

async function emptied(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'",
    );
    await client.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
  } finally {
    await client.end();
  }
  return url;
}

/** PARTNEROS_DB for a new, private database (an empty one on SQLite; migrated but empty on PostgreSQL). */
export async function freshDatabase(options: FreshDatabaseOptions = {}): Promise<string> {
  if (!onPostgres) return join(options.dir ?? (await mkdtemp(join(tmpdir(), 'partneros-db-'))), 'partneros.db');
  const reusable = options.empty ? undefined : returned.pop();
  if (reusable) return emptied(reusable);
  const name = `partneros_test_${randomBytes(6).toString('hex')}`;
  const { template } = inject('postgres');
  await admin(`CREATE DATABASE ${name} TEMPLATE ${options.empty ? 'template0' : template}`);
  const url = adminUrl(name);
  if (!options.empty) pooled.add(url);
  return url;
}

/** Gives back a PostgreSQL database made by freshDatabase (a SQLite file goes with its temp folder). */
export async function dropDatabase(target: string): Promise<void> {
  if (!/^postgres/.test(target)) return;
  if (pooled.has(target)) {
    returned.push(target);
    return;
  }
  const name = new URL(target).pathname.slice(1);
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
}

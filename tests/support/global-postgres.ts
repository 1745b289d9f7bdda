/**
 * Global set-up of `npm run test:pg`: one PostgreSQL for the whole run (PARTNEROS_TEST_DATABASE_URL
 * when set, else a throwaway embedded server), and a template database with every migration
 * applied, from which each test app gets a database of its own in a few tens of milliseconds.
 */
import type { TestProject } from 'vitest/node';
import { openStore } from './open-store';
import { startPostgresServer, type PostgresServer } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: { adminUrl: string; template: string };
  }
}

const TEMPLATE = `partneros_template_${process.pid}`;
let server: PostgresServer | undefined;
let adminUrl = '';

async function admin(sql: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function setup(project: TestProject): Promise<void> {
  const external = process.env.PARTNEROS_TEST_DATABASE_URL;
  if (external) {
    adminUrl = external;
  } else {
    server = await startPostgresServer();
    adminUrl = server.url('postgres');
  }
  await admin(`DROP DATABASE IF EXISTS ${TEMPLATE}`);
  await admin(`CREATE DATABASE ${TEMPLATE}`);
  const url = new URL(adminUrl);
  url.pathname = `/${TEMPLATE}`;
  const store = await openStore(url.toString(), { now: () => new Date().toISOString() });
  await store.close();
  project.provide('postgres', { adminUrl, template: TEMPLATE });
}

export async function teardown(): Promise<void> {
  if (server) {
    await server.stop();
    return;
  }
  // On a server of the user's, the databases the run made go with it.
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'partneros_test_%'",
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

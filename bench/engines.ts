/**
 * The databases a bench runs on: a temp SQLite file, or a fresh database on a throwaway PostgreSQL
 * (the embedded server the test suite uses, started once per bench process and stopped at the end;
 * BENCH_POSTGRES_URL points at another server instead — a superuser's URL, since bulk seeding turns
 * triggers off for its transaction). `--engine sqlite|postgres|both` on the command line chooses.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { EngineKind } from '../src/store';
import { startPostgresServer, type PostgresServer } from '../tests/support/postgres';

export type { EngineKind };

/** The engines named by `--engine <sqlite|postgres|both>` (default: `fallback`). */
export function enginesFromArgs(
  argv: readonly string[],
  fallback: EngineKind[] = ['sqlite', 'postgres'],
): EngineKind[] {
  const i = argv.indexOf('--engine');
  const value = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--engine='))?.slice('--engine='.length);
  if (value === undefined) return fallback;
  if (value === 'both') return ['sqlite', 'postgres'];
  if (value === 'sqlite' || value === 'postgres') return [value];
  throw new Error(`--engine ${value}: expected sqlite, postgres or both`);
}

/** An integer option `--name <n>` (or `--name=n`), else `fallback`. */
export function numberArg(argv: readonly string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  const value = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} ${value}: expected a number`);
  return n;
}

let server: Promise<{ adminUrl: string; stop(): Promise<void>; port: number }> | undefined;

async function postgres(): Promise<{ adminUrl: string; stop(): Promise<void>; port: number }> {
  server ??= (async () => {
    const external = process.env.BENCH_POSTGRES_URL;
    if (external) return { adminUrl: external, port: Number(new URL(external).port || 5432), stop: async () => {} };
    const s: PostgresServer = await startPostgresServer();
    const adminUrl = s.url('postgres');
    return { adminUrl, port: Number(new URL(adminUrl).port), stop: () => s.stop() };
  })();
  return server;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: (await postgres()).adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface BenchDatabase {
  kind: EngineKind;
  /** PARTNEROS_DB: the file, or postgres://… */
  target: string;
  drop(): Promise<void>;
}

/** A new, empty database (the app migrates it when it opens it). `dir` holds a SQLite file. */
export async function benchDatabase(kind: EngineKind, dir: string, name: string): Promise<BenchDatabase> {
  if (kind === 'sqlite') return { kind, target: join(dir, `${name}.db`), drop: async () => {} };
  const db = `partneros_bench_${name.replace(/\W/g, '_')}_${randomBytes(3).toString('hex')}`;
  await admin(`CREATE DATABASE ${db}`);
  const url = new URL((await postgres()).adminUrl);
  url.pathname = `/${db}`;
  return {
    kind,
    target: url.toString(),
    drop: () => admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined),
  };
}

/** Stops the embedded server if this process started one. */
export async function stopPostgres(): Promise<void> {
  const s = server;
  server = undefined;
  if (s) await (await s).stop();
}

const TICKS = 100; // USER_HZ on Linux

/** utime + stime of a process, ms (Linux /proc); with `children`, also its waited-for children's. */
export function processCpuMs(pid: number, children = false): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command (which may hold spaces) in parentheses.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const n = (i: number) => Number(f[i - 3]);
  const own = n(14) + n(15);
  return ((children ? own + n(16) + n(17) : own) * 1000) / TICKS;
}

/**
 * CPU time used so far by the PostgreSQL server the bench started (its postmaster, its live
 * backends, and those that ended), ms; undefined when it is not on this machine (BENCH_POSTGRES_URL).
 */
export async function postgresServerCpuMs(): Promise<number | undefined> {
  if (!server || process.env.BENCH_POSTGRES_URL) return undefined;
  const { port } = await server;
  const procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const read = (pid: string, file: string) => {
    try {
      return readFileSync(`/proc/${pid}/${file}`, 'utf8');
    } catch {
      return '';
    }
  };
  const master = procs.find((pid) => {
    const args = read(pid, 'cmdline').split('\0');
    return args[0]?.endsWith('postgres') && args.includes('-p') && args[args.indexOf('-p') + 1] === String(port);
  });
  if (!master) return undefined;
  let total = 0;
  for (const pid of procs) {
    const stat = read(pid, 'stat');
    const ppid = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
    if (pid === master) total += processCpuMs(Number(pid), true);
    else if (ppid === master) {
      try {
        total += processCpuMs(Number(pid));
      } catch {
        // ended meanwhile: counted in the postmaster's children from now on
      }
    }
  }
  return total;
}

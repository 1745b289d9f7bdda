/**
 * The reminder tick's idle cost seen from outside (`npx tsx bench/idle.ts [--engine …] [--runs n]
 * [--seconds s]`): PartnerOS as `npm start` runs it (bench/app-spawn.ts), ticking every second
 * (`PARTNEROS_TICK='* * * * * *'`), with nothing due, on a program of 20,000 partners and on one of
 * 500. The figure is the CPU time (user + system, /proc/<pid>/stat) the process used over the window,
 * and on the embedded PostgreSQL the server's; a control run without ticks gives the process's floor.
 * The two sizes run alternately (20k, 500, 20k, 500 …) so machine noise falls on both alike.
 *
 * Each database is made ready first: seeded (bench/reminder-seed.ts, 5 milestones per partner),
 * planned once by the app itself (its backlog tick, delivery off), and what that enqueued marked
 * as sent, so nothing is due and nothing waits for delivery.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { startFakeSlack } from '../tests/support/fake-slack';
import { startAppChild } from './app-child';
import { spawnApp } from './app-spawn';
import { maintain, openBenchStore } from './bulk';
import {
  type BenchDatabase,
  benchDatabase,
  type EngineKind,
  enginesFromArgs,
  numberArg,
  postgresServerCpuMs,
  processCpuMs,
  stopPostgres,
} from './engines';
import { BENCH_COMPANY_YAML, seedReminderData } from './reminder-seed';
import { median, spread, writeResults } from './results';
import { table } from './stats';
import { benchTempDir } from './tempdir';

const SIZES = [20_000, 500];
const MILESTONES_PER_PARTNER = 5;
const SETTLE_MS = 5_000;
const BOT_TOKEN = 'xoxb-bench';
const log = (line = ''): void => void process.stdout.write(`${line}\n`);

export interface IdleWindow {
  partners: number;
  ticking: boolean;
  seconds: number;
  appCpuMs: number;
  postgresCpuMs?: number;
  /** Rows in the outbox before and after: unchanged when nothing was due. */
  outboxBefore: number;
  outboxAfter: number;
  /** Log lines of ticks that did work (planned, enqueued, delivered): 0 when nothing was due. */
  busyTicks: number;
  load: number;
}

export interface IdleResult {
  engine: EngineKind;
  windows: IdleWindow[];
}

async function outboxRows(target: string): Promise<number> {
  const { database } = await openBenchStore(target);
  try {
    const r = await sql<{ n: number }>`SELECT count(*) AS n FROM reminder_deliveries`.execute(database.db);
    return Number(r.rows[0]?.n ?? 0);
  } finally {
    await database.close();
  }
}

export async function benchIdle(kind: EngineKind, runs: number, seconds: number): Promise<IdleResult> {
  const temp = await benchTempDir();
  const slack = await startFakeSlack({ tokens: [BOT_TOKEN] });
  const configPath = join(temp.path, 'partneros.yml');
  await writeFile(configPath, BENCH_COMPANY_YAML, 'utf8');
  const base = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: 'bench',
    SLACK_API_URL: slack.apiUrl,
    PARTNEROS_CONFIG: configPath,
  };
  const databases = new Map<number, BenchDatabase>();
  const windows: IdleWindow[] = [];
  try {
    for (const partners of SIZES) {
      const database = await benchDatabase(kind, temp.path, `idle${partners}`);
      databases.set(partners, database);
      const env = { ...base, PARTNEROS_DB: database.target, PORT: '0', PARTNEROS_TICK: '0 0 0 1 1 *' };
      const app = await startAppChild(env, { deliver: false });
      try {
        await seedReminderData(
          database.target,
          { partners, milestones: partners * MILESTONES_PER_PARTNER, owners: 200, seed: 20_261_206 },
          Date.now(),
        );
        const backlog = await app.tick();
        log(
          `  ${kind}: ${partners.toLocaleString('en')} partners planned, ${backlog.planned.inserted} reminders enqueued`,
        );
      } finally {
        await app.stop();
      }
      await maintain(database.target, [
        `UPDATE reminder_deliveries SET status = 'sent', sent_at = '${new Date().toISOString()}', message_ts = '0' WHERE status = 'pending'`,
        'VACUUM ANALYZE',
      ]);
      const opened = await openBenchStore(database.target);
      const next = await opened.database.schedule.earliest();
      log(`  ${kind}: ${partners.toLocaleString('en')} partners: the earliest planned instant is ${next}`);
      await opened.database.close();
    }
    const plan: { partners: number; ticking: boolean }[] = [];
    for (let run = 0; run < runs; run++) for (const partners of SIZES) plan.push({ partners, ticking: true });
    for (const partners of SIZES) plan.push({ partners, ticking: false });
    for (const { partners, ticking } of plan) {
      const database = databases.get(partners);
      if (!database) continue;
      const cwd = await mkdtemp(join(temp.path, 'cwd-'));
      const outboxBefore = await outboxRows(database.target);
      const app = await spawnApp(
        { ...base, PARTNEROS_DB: database.target, PARTNEROS_TICK: ticking ? '* * * * * *' : '0 0 0 1 1 *' },
        cwd,
      );
      try {
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
        const cpu0 = processCpuMs(app.pid);
        const pg0 = await postgresServerCpuMs();
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        const cpu1 = processCpuMs(app.pid);
        const pg1 = await postgresServerCpuMs();
        const busyTicks = app.logs().filter((l) => l.kind === 'tick').length;
        const window: IdleWindow = {
          partners,
          ticking,
          seconds,
          appCpuMs: cpu1 - cpu0,
          ...(pg0 !== undefined && pg1 !== undefined ? { postgresCpuMs: pg1 - pg0 } : {}),
          outboxBefore,
          outboxAfter: 0,
          busyTicks,
          load: Math.round((loadavg()[0] ?? 0) * 100) / 100,
        };
        await app.stop();
        window.outboxAfter = await outboxRows(database.target);
        windows.push(window);
        log(
          `  ${kind}: ${partners.toLocaleString('en')} partners, ${ticking ? 'tick every second' : 'no ticks'}: ` +
            `app CPU ${Math.round(window.appCpuMs)} ms in ${seconds} s${window.postgresCpuMs === undefined ? '' : `, PostgreSQL ${Math.round(window.postgresCpuMs)} ms`}; ` +
            `busy ticks ${busyTicks}, outbox ${outboxBefore} → ${window.outboxAfter}; load ${window.load}`,
        );
      } finally {
        await app.stop();
      }
    }
    return { engine: kind, windows };
  } finally {
    for (const d of databases.values()) await d.drop();
    await slack.close();
    await temp.remove();
  }
}

export function printIdle(results: readonly IdleResult[]): void {
  log();
  log('Idle cost of a 1 s tick, nothing due: CPU ms per 60 s of wall time, median [min–max] of the runs');
  const rows: string[][] = [];
  for (const r of results) {
    for (const ticking of [true, false]) {
      for (const partners of SIZES) {
        const ws = r.windows.filter((w) => w.partners === partners && w.ticking === ticking);
        if (ws.length === 0) continue;
        const per60 = (x: number, w: IdleWindow) => (x * 60) / w.seconds;
        const app = ws.map((w) => per60(w.appCpuMs, w));
        const pg = ws.flatMap((w) => (w.postgresCpuMs === undefined ? [] : [per60(w.postgresCpuMs, w)]));
        rows.push([
          r.engine,
          partners.toLocaleString('en'),
          ticking ? '* * * * * *' : 'none (control)',
          String(ws.length),
          `${median(app).toFixed(0)} [${spread(app)}]`,
          pg.length ? `${median(pg).toFixed(0)} [${spread(pg)}]` : '—',
          String(ws.reduce((n, w) => n + w.busyTicks, 0)),
          spread(ws.map((w) => w.load)),
        ]);
      }
    }
  }
  log(
    table(['engine', 'partners', 'tick', 'runs', 'app CPU ms', 'PostgreSQL CPU ms', 'busy ticks', 'load 1 min'], rows),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const runs = numberArg(process.argv, 'runs', 3);
  const seconds = numberArg(process.argv, 'seconds', 60);
  const out: IdleResult[] = [];
  try {
    for (const kind of enginesFromArgs(process.argv)) out.push(await benchIdle(kind, runs, seconds));
    printIdle(out);
    log(`figures written to ${await writeResults('idle', { sizes: SIZES, results: out })}`);
  } finally {
    await stopPostgres();
  }
}

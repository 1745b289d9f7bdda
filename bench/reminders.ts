/**
 * Reminder tick at scale (`npx tsx bench/reminders.ts [--engine sqlite|postgres|both] [--runs n]`):
 * 100,000 partners and 500,000 milestones (bench/reminder-seed.ts), PartnerOS in its own process
 * (bench/app-process.ts) with delivery off, and per run:
 *
 *   - acks alone: `/partner show "<partner>"` sent every PROBE.gapMs for a few seconds (the baseline);
 *   - the backlog tick: every partner due for planning (as after seeding or an import), while the
 *     same probe runs — how long the tick takes and holds the event loop, how long acks waited
 *     meanwhile, the process's CPU time and peak RSS, and (on the embedded PostgreSQL) the server's CPU;
 *   - then the backlog counts as delivered (outbox rows marked sent) and IDLE_TICKS ticks run with
 *     nothing newly due: the steady state of a per-minute tick.
 *
 * Each run starts a fresh app process and puts every partner back to "due" and the outbox back to
 * empty. Delivery itself is bench/delivery.ts; the idle cost seen from outside is bench/idle.ts.
 */
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Database } from '../src/store';
import { startFakeSlack } from '../tests/support/fake-slack';
import { startAppChild } from './app-child';
import type { TickFigures } from './app-protocol';
import { maintain, openBenchStore } from './bulk';
import { startLoadClient } from './client';
import {
  benchDatabase,
  type EngineKind,
  enginesFromArgs,
  numberArg,
  postgresServerCpuMs,
  stopPostgres,
} from './engines';
import { BENCH_COMPANY_YAML, type ReminderSeeded, seedReminderData } from './reminder-seed';
import { type ReportFile, median, spread, writeResults } from './results';
import { ms, summarize, type Summary, table } from './stats';
import { benchTempDir } from './tempdir';

export const TICK_BENCH = {
  partners: 100_000,
  milestones: 500_000,
  owners: 200,
  seed: 20_261_125,
  idleTicks: 10,
  /** The ack probe: one `/partner show` every gapMs, at most `concurrency` waiting. */
  probe: { gapMs: 25, concurrency: 50, baselineMs: 4_000 },
};

const BOT_TOKEN = 'xoxb-bench';
const SIGNING_SECRET = 'bench-signing-secret';
const log = (line = ''): void => void process.stdout.write(`${line}\n`);
const load1 = (): number => Math.round((loadavg()[0] ?? 0) * 100) / 100;

export interface TickRun {
  backlog: TickFigures & { postgresCpuMs?: number; load: number };
  acksAlone: Summary;
  acksDuringTick: Summary & { failed: number };
  idle: (TickFigures & { postgresCpuMs?: number })[];
  idleLoad: number;
}

export interface TickBenchResult {
  engine: EngineKind;
  seeded: Omit<ReminderSeeded, 'names'>;
  runs: TickRun[];
  outboxByKind: Record<string, number>;
}

/** Every partner due for planning again and the outbox empty: the state right after seeding. */
const backToBacklog = (target: string): Promise<void> =>
  maintain(target, [
    'DELETE FROM reminder_deliveries',
    "UPDATE reminder_schedule SET next_at = '', version = version + 1",
    'VACUUM ANALYZE reminder_deliveries',
    'VACUUM ANALYZE reminder_schedule',
  ]);

/** What the backlog tick enqueued counts as posted: nothing is left to deliver, as in the steady state. */
const backlogDelivered = (target: string): Promise<void> =>
  maintain(target, [
    `UPDATE reminder_deliveries SET status = 'sent', sent_at = '${new Date().toISOString()}', message_ts = '0' WHERE status = 'pending'`,
    'VACUUM ANALYZE reminder_deliveries',
  ]);

export async function benchTick(
  kind: EngineKind,
  runs: number,
  size: { partners: number; milestones: number } = TICK_BENCH,
): Promise<TickBenchResult> {
  const temp = await benchTempDir();
  const slack = await startFakeSlack({ tokens: [BOT_TOKEN] });
  const database = await benchDatabase(kind, temp.path, 'tick');
  const configPath = join(temp.path, 'partneros.yml');
  await writeFile(configPath, BENCH_COMPANY_YAML, 'utf8');
  const env = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PARTNEROS_DB: database.target,
    PARTNEROS_CONFIG: configPath,
    PORT: '0',
    // No cron ticks: the bench asks for each one.
    PARTNEROS_TICK: '0 0 0 1 1 *',
  };
  let store: Database | undefined;
  let seeded: ReminderSeeded | undefined;
  const results: TickRun[] = [];
  try {
    for (let run = 1; run <= runs; run++) {
      // The app migrates the database and ticks once at start; on the first run the data comes after
      // that, so the start-up tick is not the backlog tick.
      const app = await startAppChild(env, { deliver: false });
      try {
        if (!store || !seeded) {
          store = (await openBenchStore(database.target)).database;
          log(
            `  ${kind}: seeding ${size.partners.toLocaleString('en')} partners, ${size.milestones.toLocaleString('en')} milestones …`,
          );
          seeded = await seedReminderData(database.target, { ...TICK_BENCH, ...size }, Date.now());
          log(
            `  ${kind}: seeded in ${(seeded.ms / 1000).toFixed(1)} s (${seeded.openMilestones.toLocaleString('en')} open milestones, ${seeded.auditRows.toLocaleString('en')} audit rows)`,
          );
        }
        await backToBacklog(database.target);
        const client = startLoadClient({
          names: seeded.names.slice(0, 20_000),
          signingSecret: SIGNING_SECRET,
          responseBase: `${slack.url}/respond/`,
        });
        try {
          const url = `http://127.0.0.1:${app.port}/slack/events`;
          const probeJob = { url, concurrency: TICK_BENCH.probe.concurrency, expectName: true };
          // Warm the ack path, then the acks alone.
          await client.run({ ...probeJob, count: 200, seed: run });
          const alone = client.probe({ ...probeJob, gapMs: TICK_BENCH.probe.gapMs, seed: 100 + run });
          await new Promise((resolve) => setTimeout(resolve, TICK_BENCH.probe.baselineMs));
          const acksAlone = await alone.stop();

          const pg0 = await postgresServerCpuMs();
          const during = client.probe({ ...probeJob, gapMs: TICK_BENCH.probe.gapMs, seed: 200 + run });
          const backlog = await app.tick();
          const acksDuring = await during.stop();
          const pg1 = await postgresServerCpuMs();
          const backlogLoad = load1();
          log(
            `  ${kind} run ${run}: backlog tick ${ms(backlog.ms)} ms (planning ${ms(backlog.planned.ms)} ms, ${backlog.planned.inserted.toLocaleString('en')} enqueued), ` +
              `acks during it p99 ${ms(summarize(acksDuring.latencies).p99)} / max ${ms(summarize(acksDuring.latencies).max)} ms; load ${backlogLoad}`,
          );

          await backlogDelivered(database.target);
          const idle: TickRun['idle'] = [];
          for (let i = 0; i < TICK_BENCH.idleTicks; i++) {
            const before = await postgresServerCpuMs();
            const t = await app.tick();
            const after = await postgresServerCpuMs();
            idle.push({
              ...t,
              ...(before !== undefined && after !== undefined ? { postgresCpuMs: after - before } : {}),
            });
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
          const failed =
            Object.entries(acksDuring.statuses)
              .filter(([s]) => s !== '200')
              .reduce((n, [, c]) => n + c, 0) + acksDuring.wrongReplies;
          results.push({
            backlog: {
              ...backlog,
              load: backlogLoad,
              ...(pg0 !== undefined && pg1 !== undefined ? { postgresCpuMs: pg1 - pg0 } : {}),
            },
            acksAlone: summarize(acksAlone.latencies),
            acksDuringTick: { ...summarize(acksDuring.latencies), failed },
            idle,
            idleLoad: load1(),
          });
        } finally {
          await client.close();
        }
      } finally {
        await app.stop();
      }
    }
    const byKind = await sql<{
      kind: string;
      n: number;
    }>`SELECT kind, count(*) AS n FROM reminder_deliveries GROUP BY kind`.execute(
      store?.db ?? (await openBenchStore(database.target)).database.db,
    );
    const { names: _names, ...seedFigures } = seeded ?? ({ names: [] } as unknown as ReminderSeeded);
    return {
      engine: kind,
      seeded: seedFigures,
      runs: results,
      outboxByKind: Object.fromEntries(byKind.rows.map((r) => [r.kind, Number(r.n)])),
    };
  } finally {
    await store?.close();
    await database.drop();
    await slack.close();
    await temp.remove();
  }
}

export function printTick(results: readonly TickBenchResult[]): void {
  const first = results[0]?.seeded;
  log();
  log(
    `Reminder tick, ${first?.partners.toLocaleString('en')} partners / ${first?.milestones.toLocaleString('en')} milestones: median [min–max] of ${results[0]?.runs.length} runs, ms unless stated`,
  );
  const m = (xs: number[]) => `${ms(median(xs))} [${spread(xs)}]`;
  const figures: [string, (r: TickBenchResult) => string][] = [
    ['idle tick, nothing newly due: whole tick', (r) => m(r.runs.map((x) => median(x.idle.map((t) => t.ms))))],
    ['idle tick: its planning part', (r) => m(r.runs.map((x) => median(x.idle.map((t) => t.planned.ms))))],
    ['idle tick: app CPU', (r) => m(r.runs.map((x) => median(x.idle.map((t) => t.cpuMs))))],
    [
      'idle tick: PostgreSQL server CPU',
      (r) => m(r.runs.flatMap((x) => x.idle.flatMap((t) => (t.postgresCpuMs === undefined ? [] : [t.postgresCpuMs])))),
    ],
    ['backlog tick: whole tick', (r) => m(r.runs.map((x) => x.backlog.ms))],
    ['backlog tick: its planning part', (r) => m(r.runs.map((x) => x.backlog.planned.ms))],
    ['backlog tick: longest batch', (r) => m(r.runs.map((x) => x.backlog.planned.maxBatchMs))],
    ['backlog tick: app CPU', (r) => m(r.runs.map((x) => x.backlog.cpuMs))],
    [
      'backlog tick: PostgreSQL server CPU',
      (r) => m(r.runs.flatMap((x) => (x.backlog.postgresCpuMs === undefined ? [] : [x.backlog.postgresCpuMs]))),
    ],
    ['backlog tick: event loop held at most', (r) => m(r.runs.map((x) => x.backlog.loopMaxMs))],
    ['acks alone: p50', (r) => m(r.runs.map((x) => x.acksAlone.p50))],
    ['acks alone: max', (r) => m(r.runs.map((x) => x.acksAlone.max))],
    ['acks during the backlog tick: p50', (r) => m(r.runs.map((x) => x.acksDuringTick.p50))],
    ['acks during the backlog tick: p99', (r) => m(r.runs.map((x) => x.acksDuringTick.p99))],
    ['acks during the backlog tick: max', (r) => m(r.runs.map((x) => x.acksDuringTick.max))],
    [
      'acks during the backlog tick: n (failed)',
      (r) => r.runs.map((x) => `${x.acksDuringTick.n} (${x.acksDuringTick.failed})`).join(', '),
    ],
    ['peak RSS during the backlog tick, MB', (r) => m(r.runs.map((x) => x.backlog.peakRssMb))],
    [
      'backlog tick enqueued (partners planned)',
      (r) =>
        `${r.runs[0]?.backlog.planned.inserted.toLocaleString('en')} (${r.runs[0]?.backlog.planned.partners.toLocaleString('en')})`,
    ],
    ['load average (1 min), backlog ticks', (r) => spread(r.runs.map((x) => x.backlog.load))],
    ['load average (1 min), idle ticks', (r) => spread(r.runs.map((x) => x.idleLoad))],
  ];
  log(
    table(
      ['', ...results.map((r) => r.engine)],
      figures.map(([label, f]) => [label, ...results.map(f)]),
    ),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const runs = numberArg(process.argv, 'runs', 3);
  const out: TickBenchResult[] = [];
  try {
    const size = {
      partners: numberArg(process.argv, 'partners', TICK_BENCH.partners),
      milestones: numberArg(process.argv, 'milestones', TICK_BENCH.milestones),
    };
    for (const kind of enginesFromArgs(process.argv)) {
      out.push(await benchTick(kind, runs, size));
      // After each engine, so a later failure loses nothing measured.
      const file: ReportFile = await writeResults('tick', { bench: TICK_BENCH, size, results: out });
      log(`figures so far written to ${file}`);
    }
    printTick(out);
  } finally {
    await stopPostgres();
  }
}

/**
 * `npm run bench`: PartnerOS performance figures on loopback, printed and written to bench/results/latest.json.
 * Nothing is asserted; see bench/README.md for what is measured and how to read it.
 *
 *   1. Ack latency of `/partner show "<name>"` over signed HTTP, PartnerOS vs a bare Bolt app, interleaved.
 *   2. Domain query times (list, record, resolve) called directly.
 *
 * On each engine (`--engine sqlite|postgres|both`, default both). `npx tsx bench/run.ts ack` runs part 1
 * alone. The reminder parts are bench/reminders.ts, bench/idle.ts and bench/delivery.ts.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { App, LogLevel } from '@slack/bolt';
import { startPartnerOS, type RunningApp } from '../src/main';
import { startFakeSlack, type FakeSlack } from '../tests/support/fake-slack';
import { startLoadClient, type LoadClient } from './client';
import type { RunResult } from './protocol';
import { benchQueries, type QueryResult } from './queries';
import { seedStore, type Seeded } from './seed';
import { benchDatabase, type EngineKind, enginesFromArgs, postgresServerCpuMs, stopPostgres } from './engines';
import { gitCommit } from './results';
import { benchTempDir } from './tempdir';
import { ms, round3, roundSummary, summarize, table, type Summary } from './stats';

const CONFIG = {
  partners: 10_000,
  notes: 60_000,
  milestones: 40_000,
  owners: 40,
  seed: 20_260_101,
  requests: 500,
  warmup: 50,
  concurrency: 20,
  /** Requests per target are split into this many rounds, ordered bare/app, app/bare, … (ABBA). */
  rounds: 4,
  /** A smaller unsaturated pass, one request at a time: what a single user waits for. */
  serial: { requests: 100, rounds: 2 },
  targetRatio: 1.3,
  queries: { fast: 1_000, fuzzy: 100, fuzzyMulti: 20 },
};

const SIGNING_SECRET = 'bench-signing-secret';
const BOT_TOKEN = 'xoxb-bench';

type Target = 'bare' | 'app';
const LABEL: Record<Target, string> = { bare: 'bare Bolt', app: 'PartnerOS' };

interface TargetRuns {
  latencies: number[];
  wallMs: number;
  /** CPU time of this process (user + system) while this target was being measured: its cost per request. */
  cpuMs: number;
  /** CPU time of the PostgreSQL server meanwhile (its own processes): the share of each request the database did. */
  dbCpuMs: number;
  statuses: Record<string, number>;
  bytes: number;
  wrongReplies: number;
  samples: string[];
  rounds: Summary[];
}

const log = (line = ''): void => void process.stdout.write(`${line}\n`);

async function startBareBolt(slack: FakeSlack): Promise<{ port: number; stop(): Promise<void> }> {
  const app = new App({
    token: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: slack.apiUrl },
  });
  app.command('/partner', async ({ ack }) => {
    await ack();
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  return { port: (server.address() as AddressInfo).port, stop: () => app.stop().then(() => undefined) };
}

/** Share of all cores' time spent busy over `windowMs` (this process is idle meanwhile): other work on the machine. */
async function cpuBusy(windowMs: number): Promise<number> {
  const totals = () =>
    cpus().reduce(
      (acc, c) => {
        const t = c.times;
        return { idle: acc.idle + t.idle, all: acc.all + t.idle + t.user + t.nice + t.sys + t.irq };
      },
      { idle: 0, all: 0 },
    );
  const a = totals();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const b = totals();
  const all = b.all - a.all;
  return all > 0 ? 1 - (b.idle - a.idle) / all : 0;
}

function addRun(into: TargetRuns, r: RunResult, cpuMs: number, dbCpuMs: number): void {
  into.latencies.push(...r.latencies);
  into.wallMs += r.wallMs;
  into.cpuMs += cpuMs;
  into.dbCpuMs += dbCpuMs;
  into.wrongReplies += r.wrongReplies;
  into.bytes += r.bytes;
  for (const [status, n] of Object.entries(r.statuses)) into.statuses[status] = (into.statuses[status] ?? 0) + n;
  if (r.sample) into.samples.push(r.sample);
  into.rounds.push(summarize(r.latencies));
}

type RunOn = (target: Target, count: number, concurrency: number, seed: number) => Promise<RunResult>;

interface Measured {
  runs: Record<Target, TargetRuns>;
  ack: Record<Target, Summary>;
  order: Target[];
}

const emptyRuns = (): TargetRuns => ({
  latencies: [],
  wallMs: 0,
  cpuMs: 0,
  dbCpuMs: 0,
  statuses: {},
  bytes: 0,
  wrongReplies: 0,
  samples: [],
  rounds: [],
});

/** `requests` per target in `rounds` rounds, alternating which target goes first (ABBA), same names for both in a round. */
async function measure(
  runOn: RunOn,
  concurrency: number,
  requests: number,
  rounds: number,
  seedBase: number,
): Promise<Measured> {
  const runs: Record<Target, TargetRuns> = { bare: emptyRuns(), app: emptyRuns() };
  const perRound = Math.ceil(requests / rounds);
  const order: Target[] = [];
  for (let round = 0; round < rounds; round++) {
    const count = Math.min(perRound, requests - round * perRound);
    if (count <= 0) break;
    for (const target of (round % 2 === 0 ? ['bare', 'app'] : ['app', 'bare']) as Target[]) {
      // Both servers live in this process (the load generator in another) and only one is loaded at a
      // time, so the CPU time spent meanwhile is that target's cost, whatever else runs on the machine.
      const before = process.cpuUsage();
      const db0 = await postgresServerCpuMs();
      const result = await runOn(target, count, concurrency, seedBase + round);
      const used = process.cpuUsage(before);
      const db1 = await postgresServerCpuMs();
      addRun(
        runs[target],
        result,
        (used.user + used.system) / 1000,
        db0 !== undefined && db1 !== undefined ? db1 - db0 : 0,
      );
      order.push(target);
    }
  }
  return { runs, ack: { bare: summarize(runs.bare.latencies), app: summarize(runs.app.latencies) }, order };
}

const failures = (t: TargetRuns): number =>
  Object.entries(t.statuses)
    .filter(([s]) => s !== '200')
    .reduce((sum, [, n]) => sum + n, 0) + t.wrongReplies;

function ackTable(m: Measured): string {
  return table(
    ['target', 'n', 'failed', 'mean', 'p50', 'p95', 'p99', 'max', 'req/s', 'cpu/req', 'db cpu/req', 'bytes/reply'],
    (['bare', 'app'] as const).map((t) => {
      const s = m.ack[t];
      const r = m.runs[t];
      return [
        LABEL[t],
        String(s.n),
        String(failures(r)),
        ms(s.mean),
        ms(s.p50),
        ms(s.p95),
        ms(s.p99),
        ms(s.max),
        (s.n / (r.wallMs / 1000)).toFixed(0),
        (r.cpuMs / (s.n || 1)).toFixed(3),
        r.dbCpuMs ? (r.dbCpuMs / (s.n || 1)).toFixed(3) : '—',
        (r.bytes / (s.n || 1)).toFixed(0),
      ];
    }),
  )
    .split('\n')
    .map((l) => `   ${l}`)
    .join('\n');
}

function ackJson(m: Measured): Record<Target, unknown> {
  const one = (t: Target) => ({
    summary: roundSummary(m.ack[t]),
    rounds: m.runs[t].rounds.map(roundSummary),
    statuses: m.runs[t].statuses,
    wrongReplies: m.runs[t].wrongReplies,
    requestsPerSecond: round3(m.ack[t].n / (m.runs[t].wallMs / 1000)),
    cpuMsPerRequest: round3(m.runs[t].cpuMs / (m.ack[t].n || 1)),
    dbCpuMsPerRequest: round3(m.runs[t].dbCpuMs / (m.ack[t].n || 1)),
    bytesPerReply: round3(m.runs[t].bytes / (m.ack[t].n || 1)),
  });
  return { bare: one('bare'), app: one('app') };
}

let interrupted = false;

/** Parts 1 and 2 on one engine; `scope` collects what to tear down. */
async function benchOn(kind: EngineKind, ackOnly: boolean, scope: (() => Promise<unknown>)[]): Promise<void> {
  const started = performance.now();
  const loadBefore = loadavg()[0] ?? 0;
  const busyBefore = await cpuBusy(500);
  log(
    `PartnerOS bench on ${kind} — node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? '?'}); ` +
      `CPU ${(busyBefore * 100).toFixed(0)} % busy before start, load average ${loadBefore.toFixed(2)}`,
  );
  if (busyBefore > 0.2) log('  (other work is running: expect noisier figures; compare ratios, not absolute times)');
  const temp = await benchTempDir();
  scope.push(() => temp.remove());
  const dir = temp.path;
  const database = await benchDatabase(kind, dir, 'ack');
  scope.push(() => database.drop());

  const slack = await startFakeSlack({ tokens: [BOT_TOKEN] });
  scope.push(() => slack.close());

  const env = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PARTNEROS_DB: database.target,
    // A missing file: the company defaults, whatever partneros.yml sits in the working directory.
    PARTNEROS_CONFIG: join(dir, 'partneros.yml'),
    PORT: '0',
    // No reminder ticks during the ack measurements (the seeded data has plenty due): bench/reminders.ts measures them.
    PARTNEROS_TICK: '0 0 0 1 1 *',
  };
  const running: RunningApp = await startPartnerOS(env, { logLevel: 'silent' });
  scope.push(() => running.stop());
  // The scheduler ticks once at start; let that tick finish on the empty database, or it enqueues and
  // posts thousands of reminders for the seeded partners in the middle of the ack measurements.
  await running.reminders.tickNow();

  log(
    `seeding ${CONFIG.partners.toLocaleString('en')} partners, ${CONFIG.notes.toLocaleString('en')} notes, ${CONFIG.milestones.toLocaleString('en')} milestones …`,
  );
  const seeded: Seeded = await seedStore(env.PARTNEROS_DB, CONFIG, new Date());
  log(
    `  partners ${ms(seeded.ms.partners)} ms, notes+milestones ${ms(seeded.ms.activity)} ms; ` +
      `${seeded.counts.archived} archived, ${seeded.counts.openMilestones.toLocaleString('en')} open milestones; ` +
      `heaviest “${seeded.heaviest.name}”: ${seeded.heaviest.notes} notes, ${seeded.heaviest.openMilestones} open milestones`,
  );

  const bare = await startBareBolt(slack);
  scope.push(() => bare.stop());

  const client: LoadClient = startLoadClient({
    names: seeded.names,
    signingSecret: SIGNING_SECRET,
    responseBase: `${slack.url}/respond/`,
  });
  scope.push(() => client.close());

  const urls: Record<Target, string> = {
    bare: `http://127.0.0.1:${bare.port}/slack/events`,
    app: `http://127.0.0.1:${running.port}/slack/events`,
  };
  const runOn: RunOn = (target, count, concurrency, seed) =>
    client.run({ url: urls[target], count, concurrency, seed, expectName: target === 'app' });

  log(`warm-up: ${CONFIG.warmup} requests each (not counted)`);
  await runOn('bare', CONFIG.warmup, CONFIG.concurrency, 1);
  await runOn('app', CONFIG.warmup, CONFIG.concurrency, 1);

  const main20 = await measure(runOn, CONFIG.concurrency, CONFIG.requests, CONFIG.rounds, 1000);
  log(
    `measured: ${CONFIG.requests} requests per target at concurrency ${CONFIG.concurrency}, order ${main20.order.join(', ')}`,
  );
  const serial = await measure(runOn, 1, CONFIG.serial.requests, CONFIG.serial.rounds, 2000);
  log(`measured: ${CONFIG.serial.requests} requests per target at concurrency 1, order ${serial.order.join(', ')}`);
  const loadAfterAck = loadavg()[0] ?? 0;

  if (!ackOnly) log('timing domain calls …');
  const queries: QueryResult[] = ackOnly
    ? []
    : await benchQueries(running.store, seeded, { ...CONFIG.queries, seed: CONFIG.seed + 1 });

  // ---- report -------------------------------------------------------------------------------------
  const { ack } = main20;
  const ratio = ack.app.p99 / ack.bare.p99;
  log();
  log(`1. Ack latency of /partner show "<random partner>" on ${kind} — time to HTTP response, ms`);
  log(
    `   ${CONFIG.partners.toLocaleString('en')} partners, ${(CONFIG.notes + CONFIG.milestones).toLocaleString('en')} notes+milestones; ` +
      `${CONFIG.requests} requests per target, concurrency ${CONFIG.concurrency}, ${CONFIG.rounds} interleaved rounds, after ${CONFIG.warmup} warm-up; ` +
      `load average ${loadBefore.toFixed(2)} before, ${loadAfterAck.toFixed(2)} after`,
  );
  log();
  log(ackTable(main20));
  log();
  for (const t of ['bare', 'app'] as const) {
    log(
      `   per-round p50 / p99, ${LABEL[t].padEnd(9)}: ${main20.runs[t].rounds.map((r) => `${ms(r.p50)} / ${ms(r.p99)}`).join('   ')}`,
    );
  }
  for (const t of ['bare', 'app'] as const) {
    for (const sample of [...main20.runs[t].samples, ...serial.runs[t].samples].slice(0, 3))
      log(`   ${LABEL[t]} failure: ${sample}`);
  }
  log();
  log(
    `   PartnerOS p99 / bare Bolt p99 = ${ratio.toFixed(2)}×   (target ≤ ${CONFIG.targetRatio}×: ${ratio <= CONFIG.targetRatio ? 'within' : 'OVER'})`,
  );
  log(`   PartnerOS p50 / bare Bolt p50 = ${(ack.app.p50 / ack.bare.p50).toFixed(2)}×`);
  const cpu = (t: Target) => main20.runs[t].cpuMs / (ack[t].n || 1);
  const dbCpu = main20.runs.app.dbCpuMs / (ack.app.n || 1);
  log(`   PartnerOS cpu/req / bare Bolt cpu/req = ${(cpu('app') / cpu('bare')).toFixed(2)}×   (CPU ms per request)`);
  if (dbCpu > 0)
    log(
      `   (PartnerOS + PostgreSQL server) cpu/req / bare Bolt cpu/req = ${((cpu('app') + dbCpu) / cpu('bare')).toFixed(2)}×`,
    );
  log();
  log(
    `   Supplementary, unsaturated: ${CONFIG.serial.requests} requests per target one at a time (concurrency 1), ${CONFIG.serial.rounds} interleaved rounds`,
  );
  log();
  log(ackTable(serial));
  log();
  log(`   PartnerOS p99 / bare Bolt p99 at concurrency 1 = ${(serial.ack.app.p99 / serial.ack.bare.p99).toFixed(2)}×`);
  if (!ackOnly) {
    log();
    log(`2. Domain calls on ${kind}, direct (no HTTP), ms`);
    log();
    log(
      table(
        ['call', 'n', 'mean', 'p50', 'p99', 'max', 'returned (last call)'],
        queries.map((q) => [
          q.call,
          String(q.summary.n),
          ms(q.summary.mean),
          ms(q.summary.p50),
          ms(q.summary.p99),
          ms(q.summary.max),
          q.note,
        ]),
      )
        .split('\n')
        .map((l) => `   ${l}`)
        .join('\n'),
    );
  }

  const totalMs = performance.now() - started;
  const report = {
    when: new Date().toISOString(),
    commit: gitCommit(),
    engine: kind,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cores: availableParallelism(),
    cpu: cpus()[0]?.model.trim(),
    cpuBusyBeforeStart: round3(busyBefore),
    loadAverage: { before: round3(loadBefore), afterAck: round3(loadAfterAck), after: round3(loadavg()[0] ?? 0) },
    config: CONFIG,
    dataset: {
      counts: seeded.counts,
      heaviest: seeded.heaviest,
      busiestOwner: seeded.busiestOwner,
      seedMs: { partners: round3(seeded.ms.partners), activity: round3(seeded.ms.activity) },
    },
    ack: { concurrency: CONFIG.concurrency, order: main20.order, ...ackJson(main20) },
    ackRatioP99: round3(ratio),
    ackRatioP50: round3(ack.app.p50 / ack.bare.p50),
    ackRatioCpu: round3(cpu('app') / cpu('bare')),
    ackRatioCpuWithDb: round3((cpu('app') + dbCpu) / cpu('bare')),
    ackTargetRatio: CONFIG.targetRatio,
    ackSerial: {
      concurrency: 1,
      order: serial.order,
      ...ackJson(serial),
      ratioP99: round3(serial.ack.app.p99 / serial.ack.bare.p99),
    },
    queries: queries.map((q) => ({ call: q.call, note: q.note, summary: roundSummary(q.summary) })),
    totalSeconds: round3(totalMs / 1000),
  };
  const resultsDir = new URL('./results/', import.meta.url);
  await mkdir(resultsDir, { recursive: true });
  const file = `${ackOnly ? 'ack' : 'latest'}-${kind}.json`;
  await writeFile(new URL(file, resultsDir), `${JSON.stringify(report, null, 2)}\n`, 'utf8');
  log();
  log(`${kind}: ${(totalMs / 1000).toFixed(1)} s; figures written to bench/results/${file}`);
  log();
}

async function main(): Promise<void> {
  const cleanups: (() => Promise<unknown>)[] = [];
  // Last set up, first torn down; down to `mark` (an engine's own things), or everything.
  const unwind = async (mark = 0): Promise<void> => {
    while (cleanups.length > mark) {
      const step = cleanups.pop();
      await step?.().catch((error: unknown) => process.stderr.write(`cleanup: ${String(error)}\n`));
    }
  };
  let cleaning: Promise<void> | undefined;
  const cleanup = (): Promise<void> => (cleaning ??= unwind());
  // `on`, not `once`: Ctrl-C reaches this process twice (directly and relayed by tsx), and a second
  // SIGINT with no listener would kill it before the temp files are gone.
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping and removing temp files …\n`);
    void cleanup().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const args = process.argv.slice(2);
  try {
    cleanups.push(() => stopPostgres());
    for (const kind of enginesFromArgs(args)) {
      const mark = cleanups.length;
      await benchOn(kind, args.includes('ack'), cleanups);
      await unwind(mark);
    }
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

main().catch((error: unknown) => {
  if (interrupted) return;
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

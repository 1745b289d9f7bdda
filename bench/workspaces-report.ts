/** The tables and the JSON of bench/workspaces.ts. */
import type { AckRuns, IdleTick, Outcome, WORKSPACES_BENCH } from './workspaces';
import { LABEL, type Size, VARIANTS, type Variant } from './workspaces-seed';
import { median, spread } from './results';
import { ms, roundSummary, summarize, table } from './stats';

const log = (line = ''): void => void process.stdout.write(`${line}\n`);
const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);

export function report(
  o: Outcome,
  size: Size,
  requests: number,
  bench: typeof WORKSPACES_BENCH,
): Record<string, unknown> {
  const m = (xs: number[]) => `${ms(median(xs))} [${spread(xs)}]`;
  const pgOf = (ts: IdleTick[]) => ts.flatMap((t) => (t.postgresCpuMs === undefined ? [] : [t.postgresCpuMs]));
  log();
  log(
    `Idle reminder tick on PostgreSQL, nothing newly due, after the backlog tick planned everything: median [min–max] of ${o.idle.many.length} ticks per app, ms`,
  );
  log(
    table(
      ['', ...VARIANTS.map((v) => LABEL[v])],
      [
        [
          'workspaces × partners',
          ...VARIANTS.map(
            (v) =>
              `${o.prepared[v].seeded.figures.workspaces.toLocaleString('en')} × ${(o.prepared[v].seeded.figures.partners / o.prepared[v].seeded.figures.workspaces).toLocaleString('en')}`,
          ),
        ],
        ['whole tick, wall', ...VARIANTS.map((v) => m(o.idle[v].map((t) => t.ms)))],
        ['its planning part, wall', ...VARIANTS.map((v) => m(o.idle[v].map((t) => t.planned.ms)))],
        ['app CPU', ...VARIANTS.map((v) => m(o.idle[v].map((t) => t.cpuMs)))],
        // The server's CPU is read from /proc in 10 ms ticks: a mean over the ticks, not a median.
        ['PostgreSQL server CPU, mean per tick', ...VARIANTS.map((v) => ms(mean(pgOf(o.idle[v]))))],
        [
          'enqueued + claimed (should be 0)',
          ...VARIANTS.map((v) => String(o.idle[v].reduce((n, t) => n + t.planned.inserted + t.delivered.claimed, 0))),
        ],
        ['load average (1 min)', ...VARIANTS.map((v) => spread(o.idle[v].map((t) => t.load)))],
        [
          'backlog tick before: wall / app CPU',
          ...VARIANTS.map((v) => `${ms(o.prepared[v].backlog.ms)} / ${ms(o.prepared[v].backlog.cpuMs)}`),
        ],
        [
          'backlog tick: enqueued (partners)',
          ...VARIANTS.map(
            (v) =>
              `${o.prepared[v].backlog.planned.inserted.toLocaleString('en')} (${o.prepared[v].backlog.planned.partners.toLocaleString('en')})`,
          ),
        ],
      ],
    ),
  );
  const ackTable = (runs: Record<Variant, AckRuns>) =>
    table(
      ['app', 'n', 'failed', 'mean', 'p50', 'p95', 'p99', 'max', 'req/s', 'app cpu/req', 'db cpu/req'],
      VARIANTS.map((v) => {
        const s = summarize(runs[v].latencies);
        const r = runs[v];
        return [
          LABEL[v],
          String(s.n),
          String(r.failed),
          ms(s.mean),
          ms(s.p50),
          ms(s.p95),
          ms(s.p99),
          ms(s.max),
          (s.n / (r.wallMs / 1000)).toFixed(0),
          (r.appCpuMs / (s.n || 1)).toFixed(2),
          (r.postgresCpuMs / (s.n || 1)).toFixed(2),
        ];
      }),
    );
  log();
  log(
    `Ack of /partner show "<random partner>" on PostgreSQL, ${requests} requests per app at concurrency ${bench.concurrency}, ` +
      `${bench.rounds} interleaved rounds (ABBA), after ${bench.warmup} warm-up; load ${o.load.beforeAck} before, ${o.load.afterAck} after; ms`,
  );
  log(ackTable(o.saturated));
  for (const v of VARIANTS)
    log(
      `  per-round p50 / p99, ${LABEL[v]}: ${o.saturated[v].rounds.map((r) => `${ms(r.p50)} / ${ms(r.p99)}`).join('   ')}`,
    );
  for (const v of VARIANTS) if (o.saturated[v].sample) log(`  ${LABEL[v]} failure: ${o.saturated[v].sample}`);
  const ratio = summarize(o.saturated.many.latencies).p99 / summarize(o.saturated.one.latencies).p99;
  log(`  p99 many workspaces / one workspace = ${ratio.toFixed(2)}×`);
  log();
  log(
    `Unsaturated: ${bench.serial.requests} requests per app one at a time, ${bench.serial.rounds} interleaved rounds`,
  );
  log(ackTable(o.serial));
  for (const v of VARIANTS) if (o.serial[v].sample) log(`  ${LABEL[v]} failure: ${o.serial[v].sample}`);

  const ackJson = (runs: Record<Variant, AckRuns>) =>
    Object.fromEntries(
      VARIANTS.map((v) => {
        const r = runs[v];
        const n = r.latencies.length || 1;
        return [
          v,
          {
            summary: roundSummary(summarize(r.latencies)),
            rounds: r.rounds.map(roundSummary),
            failed: r.failed,
            requestsPerSecond: Math.round((r.latencies.length / (r.wallMs / 1000)) * 10) / 10,
            appCpuMsPerRequest: Math.round((r.appCpuMs / n) * 1000) / 1000,
            postgresCpuMsPerRequest: Math.round((r.postgresCpuMs / n) * 1000) / 1000,
          },
        ];
      }),
    );
  return {
    bench,
    size,
    requests,
    seeded: Object.fromEntries(VARIANTS.map((v) => [v, o.prepared[v].seeded.figures])),
    preparedSeconds: Object.fromEntries(VARIANTS.map((v) => [v, Math.round(o.prepared[v].preparedMs / 100) / 10])),
    backlogTick: Object.fromEntries(VARIANTS.map((v) => [v, o.prepared[v].backlog])),
    idleTicks: o.idle,
    ack: ackJson(o.saturated),
    ackP99RatioManyOverOne: Math.round(ratio * 1000) / 1000,
    ackSerial: ackJson(o.serial),
    loadAverage: o.load,
  };
}

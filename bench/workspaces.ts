/**
 * Many workspaces on one PostgreSQL database (`npx tsx bench/workspaces.ts [--workspaces n]
 * [--partners n] [--idle-ticks n] [--requests n]`): 1,000 workspaces of 100 partners each against one
 * workspace of 100,000, the same rows per partner (bench/reminder-seed.ts), each in a database of its
 * own on the same embedded server.
 *
 * Each database is seeded in bulk next to a running app (every workspace installed through rows:
 * `workspaces`, `slack_installations`), planned once by that app (its backlog tick, delivery off),
 * and what the tick enqueued is marked as posted. Then both apps run side by side, as `npm start`
 * would run them (delivery on), and the bench alternates between them:
 *
 *   - idle ticks: a scheduler tick with nothing newly due, wall and CPU ms inside the app's process,
 *     and the PostgreSQL server's CPU meanwhile;
 *   - the ack of `/partner show "<partner>"`, signed as Slack signs it, for a random partner of a
 *     random workspace (the app serving many workspaces finds the workspace's installation and
 *     services per request; the one-workspace app has its bot token).
 */
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { startFakeSlack } from '../tests/support/fake-slack';
import { fakeTeam } from '../tests/support/slack-ids';
import { type AppChild, startAppChild } from './app-child';
import type { TickFigures } from './app-protocol';
import { maintain } from './bulk';
import { type LoadClient, startLoadClient } from './client';
import {
  type BenchDatabase,
  benchDatabase,
  numberArg,
  postgresServerCpuMs,
  processCpuMs,
  stopPostgres,
} from './engines';
import type { RunResult } from './protocol';
import { BENCH_COMPANY_YAML } from './reminder-seed';
import { report } from './workspaces-report';
import {
  LABEL,
  type Seeded,
  type Size,
  seedVariant,
  teamIdOf,
  VARIANTS,
  type Variant,
  WORKSPACE_DATA,
} from './workspaces-seed';
import { median, writeResults } from './results';
import { ms, summarize, type Summary } from './stats';
import { benchTempDir } from './tempdir';

export const WORKSPACES_BENCH = {
  workspaces: 1_000,
  partnersPerWorkspace: 100,
  ...WORKSPACE_DATA,
  idleTicks: 10,
  /** Requests per app before measuring (not counted): services built for most workspaces, JIT warm. */
  warmup: 1_000,
  requests: 500,
  concurrency: 20,
  rounds: 4,
  serial: { requests: 100, rounds: 2 },
};

const SIGNING_SECRET = 'bench-signing-secret';
const BOT_TOKEN = 'xoxb-bench';
const log = (line = ''): void => void process.stdout.write(`${line}\n`);
const load1 = (): number => Math.round((loadavg()[0] ?? 0) * 100) / 100;

interface Prepared {
  variant: Variant;
  database: BenchDatabase;
  env: Record<string, string>;
  seeded: Seeded;
  backlog: TickFigures & { postgresCpuMs?: number };
  preparedMs: number;
}

async function prepare(
  variant: Variant,
  base: Record<string, string>,
  dir: string,
  size: Size,
  scope: (() => Promise<unknown>)[],
): Promise<Prepared> {
  const started = performance.now();
  const database = await benchDatabase('postgres', dir, `ws_${variant}`);
  scope.push(() => database.drop());
  const env: Record<string, string> = {
    ...base,
    PARTNEROS_DB: database.target,
    ...(variant === 'one'
      ? { SLACK_BOT_TOKEN: BOT_TOKEN }
      : {
          SLACK_CLIENT_ID: '1000.2000',
          SLACK_CLIENT_SECRET: 'bench-client-secret',
          SLACK_STATE_SECRET: 'bench-state-secret-0123456789',
        }),
  };
  // The app migrates the empty database and ticks once; the data comes after, so its backlog tick is the bench's.
  const app = await startAppChild(env, { deliver: false });
  let seeded: Seeded;
  let backlog: Prepared['backlog'];
  try {
    log(`  ${LABEL[variant]}: seeding …`);
    seeded = await seedVariant(variant, database.target, Date.now(), size);
    const f = seeded.figures;
    log(
      `  ${LABEL[variant]}: ${f.workspaces.toLocaleString('en')} workspace${f.workspaces === 1 ? '' : 's'}, ${f.partners.toLocaleString('en')} partners, ` +
        `${f.milestones.toLocaleString('en')} milestones, ${f.notes.toLocaleString('en')} notes, ${f.auditRows.toLocaleString('en')} audit rows in ${(f.ms / 1000).toFixed(1)} s`,
    );
    const pg0 = await postgresServerCpuMs();
    const tick = await app.tick();
    const pg1 = await postgresServerCpuMs();
    backlog = { ...tick, ...(pg0 !== undefined && pg1 !== undefined ? { postgresCpuMs: pg1 - pg0 } : {}) };
    log(
      `  ${LABEL[variant]}: backlog tick ${ms(tick.ms)} ms, ${tick.planned.partners.toLocaleString('en')} partners planned, ${tick.planned.inserted.toLocaleString('en')} reminders enqueued`,
    );
  } finally {
    await app.stop();
  }
  // What the backlog tick enqueued counts as posted: nothing is left to deliver, as in the steady state.
  await maintain(database.target, [
    `UPDATE reminder_deliveries SET status = 'sent', sent_at = '${new Date().toISOString()}', message_ts = '0' WHERE status = 'pending'`,
    'VACUUM ANALYZE',
  ]);
  return { variant, database, env, seeded, backlog, preparedMs: performance.now() - started };
}

export interface AckRuns {
  latencies: number[];
  rounds: Summary[];
  wallMs: number;
  appCpuMs: number;
  postgresCpuMs: number;
  failed: number;
  sample?: string;
}

const emptyAck = (): AckRuns => ({ latencies: [], rounds: [], wallMs: 0, appCpuMs: 0, postgresCpuMs: 0, failed: 0 });

function addRun(into: AckRuns, r: RunResult, appCpuMs: number, postgresCpuMs: number): void {
  into.latencies.push(...r.latencies);
  into.rounds.push(summarize(r.latencies));
  into.wallMs += r.wallMs;
  into.appCpuMs += appCpuMs;
  into.postgresCpuMs += postgresCpuMs;
  into.failed +=
    Object.entries(r.statuses)
      .filter(([s]) => s !== '200')
      .reduce((n, [, c]) => n + c, 0) + r.wrongReplies;
  if (r.sample) into.sample ??= r.sample;
}

interface Live {
  app: AppChild;
  client: LoadClient;
}

/** `requests` per app in `rounds` rounds, alternating which goes first (ABBA). */
async function measureAcks(
  live: Record<Variant, Live>,
  concurrency: number,
  requests: number,
  rounds: number,
  seedBase: number,
): Promise<Record<Variant, AckRuns>> {
  const out: Record<Variant, AckRuns> = { many: emptyAck(), one: emptyAck() };
  const perRound = Math.ceil(requests / rounds);
  for (let round = 0; round < rounds; round++) {
    const count = Math.min(perRound, requests - round * perRound);
    if (count <= 0) break;
    for (const v of round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse()) {
      const { app, client } = live[v];
      const cpu0 = processCpuMs(app.pid);
      const pg0 = await postgresServerCpuMs();
      const r = await client.run({
        url: `http://127.0.0.1:${app.port}/slack/events`,
        count,
        concurrency,
        seed: seedBase + round,
        expectName: true,
      });
      const cpu1 = processCpuMs(app.pid);
      const pg1 = await postgresServerCpuMs();
      addRun(out[v], r, cpu1 - cpu0, pg0 !== undefined && pg1 !== undefined ? pg1 - pg0 : 0);
    }
  }
  return out;
}

export type IdleTick = TickFigures & { postgresCpuMs?: number; load: number };

export async function benchWorkspaces(size: Size, idleTicks: number, requests: number) {
  const scope: (() => Promise<unknown>)[] = [];
  try {
    const temp = await benchTempDir();
    scope.push(() => temp.remove());
    const slack = await startFakeSlack({ tokens: [BOT_TOKEN] });
    scope.push(() => slack.close());
    // The installs' bot tokens, should anything call Slack for a workspace.
    for (let w = 0; w < size.workspaces; w++) slack.allowToken(`xoxb-${teamIdOf(w)}`, fakeTeam(teamIdOf(w)));
    const configPath = join(temp.path, 'partneros.yml');
    await writeFile(configPath, BENCH_COMPANY_YAML, 'utf8');
    const base = {
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PARTNEROS_CONFIG: configPath,
      PORT: '0',
      // No cron ticks: the bench asks for each one.
      PARTNEROS_TICK: '0 0 0 1 1 *',
    };
    const prepared = {} as Record<Variant, Prepared>;
    for (const v of VARIANTS) prepared[v] = await prepare(v, base, temp.path, size, scope);

    // Both apps side by side, delivery on, as `npm start` runs them; each ticks once at start.
    const live = {} as Record<Variant, Live>;
    for (const v of VARIANTS) {
      const app = await startAppChild(prepared[v].env, { deliver: true });
      scope.push(() => app.stop());
      const client = startLoadClient({
        names: prepared[v].seeded.names,
        ...(v === 'many' ? { teams: prepared[v].seeded.teams } : {}),
        signingSecret: SIGNING_SECRET,
        responseBase: `${slack.url}/respond/`,
      });
      scope.push(() => client.close());
      live[v] = { app, client };
    }

    const idle: Record<Variant, IdleTick[]> = { many: [], one: [] };
    for (let i = 0; i < idleTicks; i++) {
      for (const v of i % 2 === 0 ? VARIANTS : [...VARIANTS].reverse()) {
        const pg0 = await postgresServerCpuMs();
        const t = await live[v].app.tick();
        const pg1 = await postgresServerCpuMs();
        idle[v].push({
          ...t,
          ...(pg0 !== undefined && pg1 !== undefined ? { postgresCpuMs: pg1 - pg0 } : {}),
          load: load1(),
        });
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    for (const v of VARIANTS) {
      const ts = idle[v];
      log(
        `  ${LABEL[v]}: idle tick median ${ms(median(ts.map((t) => t.ms)))} ms wall, ${ms(median(ts.map((t) => t.cpuMs)))} ms app CPU; ` +
          `${ts.reduce((n, t) => n + t.planned.inserted + t.delivered.claimed, 0)} enqueued or claimed`,
      );
    }

    log(`  warm-up: ${WORKSPACES_BENCH.warmup} requests per app (not counted)`);
    for (const v of VARIANTS)
      await live[v].client.run({
        url: `http://127.0.0.1:${live[v].app.port}/slack/events`,
        count: WORKSPACES_BENCH.warmup,
        concurrency: WORKSPACES_BENCH.concurrency,
        seed: 1,
        expectName: true,
      });
    const loadBeforeAck = load1();
    const saturated = await measureAcks(live, WORKSPACES_BENCH.concurrency, requests, WORKSPACES_BENCH.rounds, 1_000);
    const serial = await measureAcks(live, 1, WORKSPACES_BENCH.serial.requests, WORKSPACES_BENCH.serial.rounds, 2_000);
    const loadAfterAck = load1();
    return { prepared, idle, saturated, serial, load: { beforeAck: loadBeforeAck, afterAck: loadAfterAck } };
  } finally {
    while (scope.length > 0) {
      const step = scope.pop();
      await step?.().catch((error: unknown) => process.stderr.write(`cleanup: ${String(error)}\n`));
    }
  }
}

export type Outcome = Awaited<ReturnType<typeof benchWorkspaces>>;

if (import.meta.url === `file://${process.argv[1]}`) {
  const size: Size = {
    workspaces: numberArg(process.argv, 'workspaces', WORKSPACES_BENCH.workspaces),
    partnersPerWorkspace: numberArg(process.argv, 'partners', WORKSPACES_BENCH.partnersPerWorkspace),
  };
  const idleTicks = numberArg(process.argv, 'idle-ticks', WORKSPACES_BENCH.idleTicks);
  const requests = numberArg(process.argv, 'requests', WORKSPACES_BENCH.requests);
  const started = performance.now();
  log(
    `Many workspaces on PostgreSQL: ${size.workspaces.toLocaleString('en')} × ${size.partnersPerWorkspace} partners against one workspace of ${(size.workspaces * size.partnersPerWorkspace).toLocaleString('en')}; load average ${load1()}`,
  );
  try {
    const outcome = await benchWorkspaces(size, idleTicks, requests);
    const figures = report(outcome, size, requests, WORKSPACES_BENCH);
    const file = await writeResults('workspaces', {
      ...figures,
      totalSeconds: Math.round((performance.now() - started) / 1000),
    });
    log();
    log(`${((performance.now() - started) / 1000).toFixed(0)} s; figures written to ${file}`);
  } finally {
    await stopPostgres();
  }
}

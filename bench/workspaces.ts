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
import { fakeTeam, TEST_IDS } from '../tests/support/slack-ids';
import { type AppChild, startAppChild } from './app-child';
import type { TickFigures } from './app-protocol';
import { BENCH_WORKSPACE, bulkSeed, type Columns, inWorkspace, maintain, type Seeder } from './bulk';
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
import { BENCH_COMPANY_YAML, reminderRows, writeReminderRows } from './reminder-seed';
import { median, spread, writeResults } from './results';
import { ms, roundSummary, summarize, type Summary, table } from './stats';
import { benchTempDir } from './tempdir';

export const WORKSPACES_BENCH = {
  workspaces: 1_000,
  partnersPerWorkspace: 100,
  milestonesPerPartner: 3,
  /** Partner managers: a few per workspace; the one big workspace has as many as the tick bench. */
  ownersPerWorkspace: 5,
  ownersOneWorkspace: 200,
  seed: 20_261_206,
  idleTicks: 10,
  /** Requests per app before measuring (not counted): services built for most workspaces, JIT warm. */
  warmup: 1_000,
  requests: 500,
  concurrency: 20,
  rounds: 4,
  serial: { requests: 100, rounds: 2 },
};

type Variant = 'many' | 'one';
const VARIANTS: readonly Variant[] = ['many', 'one'];
const LABEL: Record<Variant, string> = { many: 'many workspaces', one: 'one workspace' };

const SIGNING_SECRET = 'bench-signing-secret';
const BOT_TOKEN = 'xoxb-bench';
/** Who sends the commands: not an admin anywhere (each workspace names its own admin). */
const REQUESTER = TEST_IDS.alice;
const ADMIN = 'U0ADMIN';
const log = (line = ''): void => void process.stdout.write(`${line}\n`);
const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
const load1 = (): number => Math.round((loadavg()[0] ?? 0) * 100) / 100;

/** Slack-shaped team ids: T0WS0001 … */
const teamIdOf = (w: number): string => `T0WS${String(w + 1).padStart(4, '0')}`;

const WORKSPACE_COLUMNS: Columns = [
  ['id', 'text'],
  ['name', 'text'],
  ['installed_at', 'text'],
  ['installer_id', 'text'],
  ['settings', 'text'],
  ['settings_at', 'text'],
];
const INSTALLATION_COLUMNS: Columns = [
  ['workspace_id', 'text'],
  ['team_id', 'text'],
  ['enterprise_id', 'text'],
  ['is_enterprise', 'integer'],
  ['installation', 'text'],
  ['installer_id', 'text'],
  ['installed_at', 'text'],
];

/**
 * A Seeder that gathers rows per table and statement and writes them `size` at a time: a thousand
 * workspaces' rows in a few dozen statements rather than one small statement per workspace and table.
 */
function batching(s: Seeder, size = 20_000): Seeder & { flush(): Promise<void> } {
  const buffers = new Map<string, { table: string; columns: Columns; conflict?: string; rows: unknown[][] }>();
  const write = async (key: string) => {
    const b = buffers.get(key);
    if (!b || b.rows.length === 0) return;
    const rows = b.rows;
    b.rows = [];
    await s.insert(b.table, b.columns, rows, b.conflict);
  };
  return {
    async insert(table, columns, rows, conflict) {
      const key = `${table}|${columns.map(([n]) => n).join(',')}|${conflict ?? ''}`;
      let b = buffers.get(key);
      if (!b) {
        b = { table, columns, ...(conflict === undefined ? {} : { conflict }), rows: [] };
        buffers.set(key, b);
      }
      for (const r of rows) b.rows.push([...r]);
      if (b.rows.length >= size) await write(key);
    },
    async flush() {
      for (const key of buffers.keys()) await write(key);
    },
  };
}

interface SeedFigures {
  workspaces: number;
  partners: number;
  milestones: number;
  openMilestones: number;
  notes: number;
  healthEvents: number;
  qbrs: number;
  auditRows: number;
  ms: number;
}

interface Seeded {
  figures: SeedFigures;
  /** Partner names and their team (same index), for the load client. */
  names: string[];
  teams: string[];
}

async function seed(variant: Variant, target: string, now: number, size: Size): Promise<Seeded> {
  const iso = new Date(now).toISOString();
  const names: string[] = [];
  const teams: string[] = [];
  const figures: SeedFigures = {
    workspaces: variant === 'many' ? size.workspaces : 1,
    partners: 0,
    milestones: 0,
    openMilestones: 0,
    notes: 0,
    healthEvents: 0,
    qbrs: 0,
    auditRows: 0,
    ms: 0,
  };
  const count = (rows: ReturnType<typeof reminderRows>, team: string) => {
    figures.partners += rows.partners.length;
    figures.milestones += rows.milestones.length;
    figures.openMilestones += rows.openMilestones;
    figures.notes += rows.notes.length;
    figures.healthEvents += rows.health.length;
    figures.qbrs += rows.qbrs.length;
    figures.auditRows += rows.audit.length;
    for (const p of rows.partners) {
      names.push(p.name);
      teams.push(team);
    }
  };
  const perPartner = WORKSPACES_BENCH.milestonesPerPartner;
  figures.ms = await bulkSeed(target, async (all) => {
    if (variant === 'one') {
      const partners = size.workspaces * size.partnersPerWorkspace;
      const rows = reminderRows(
        {
          partners,
          milestones: partners * perPartner,
          owners: WORKSPACES_BENCH.ownersOneWorkspace,
          seed: WORKSPACES_BENCH.seed,
        },
        now,
      );
      count(rows, BENCH_WORKSPACE);
      await writeReminderRows(inWorkspace(all, BENCH_WORKSPACE), rows, now);
      return;
    }
    const b = batching(all);
    const workspaces: unknown[][] = [];
    const installations: unknown[][] = [];
    for (let w = 0; w < size.workspaces; w++) {
      const id = teamIdOf(w);
      const name = `Workspace ${w + 1}`;
      // As "Add to Slack" leaves it: the workspace's row (its own admin, so no request asks Slack
      // whether the sender is one) and Bolt's installation object with the bot token.
      workspaces.push([id, name, iso, REQUESTER, JSON.stringify({ admins: [ADMIN] }), iso]);
      const installation = {
        team: { id, name },
        enterprise: undefined,
        user: { id: REQUESTER, token: undefined, scopes: undefined },
        bot: { token: `xoxb-${id}`, scopes: ['commands', 'chat:write'], id: `BBOT${id}`, userId: `UBOT${id}` },
        tokenType: 'bot',
        isEnterpriseInstall: false,
        appId: TEST_IDS.appId,
        authVersion: 'v2',
      };
      installations.push([id, id, null, 0, JSON.stringify(installation), REQUESTER, iso]);
      const rows = reminderRows(
        {
          partners: size.partnersPerWorkspace,
          milestones: size.partnersPerWorkspace * perPartner,
          owners: WORKSPACES_BENCH.ownersPerWorkspace,
          seed: WORKSPACES_BENCH.seed + w,
        },
        now,
        w * size.partnersPerWorkspace + 1,
      );
      count(rows, id);
      await writeReminderRows(inWorkspace(b, id), rows, now);
    }
    await b.flush();
    await all.insert('workspaces', WORKSPACE_COLUMNS, workspaces);
    await all.insert('slack_installations', INSTALLATION_COLUMNS, installations);
  });
  return { figures, names, teams };
}

interface Size {
  workspaces: number;
  partnersPerWorkspace: number;
}

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
    seeded = await seed(variant, database.target, Date.now(), size);
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

interface AckRuns {
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

type IdleTick = TickFigures & { postgresCpuMs?: number; load: number };

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

type Outcome = Awaited<ReturnType<typeof benchWorkspaces>>;

function report(o: Outcome, size: Size, requests: number): Record<string, unknown> {
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
    `Ack of /partner show "<random partner>" on PostgreSQL, ${requests} requests per app at concurrency ${WORKSPACES_BENCH.concurrency}, ` +
      `${WORKSPACES_BENCH.rounds} interleaved rounds (ABBA), after ${WORKSPACES_BENCH.warmup} warm-up; load ${o.load.beforeAck} before, ${o.load.afterAck} after; ms`,
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
    `Unsaturated: ${WORKSPACES_BENCH.serial.requests} requests per app one at a time, ${WORKSPACES_BENCH.serial.rounds} interleaved rounds`,
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
    bench: WORKSPACES_BENCH,
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
    const figures = report(outcome, size, requests);
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

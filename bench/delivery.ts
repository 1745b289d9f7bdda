/**
 * Reminder delivery against Slack's pace (`npx tsx bench/delivery.ts [--runs n]`): 1,000 reminders
 * to 100 channels, the fake Slack allowing one message per second per channel (429 + Retry-After
 * otherwise), so the floor is 10 s (strictly 9 s from a channel's first post to its tenth).
 *
 * PartnerOS runs as `npm start` runs it (bench/app-spawn.ts), ticking every second: one process on
 * SQLite, one on PostgreSQL, and two processes on one PostgreSQL database (both tick; claims skip
 * each other's rows). Once they are up, 100 partners with a channel and 10 overdue milestones each
 * are written in one transaction; the clock starts at its commit. Counted from the fake's record:
 * the time to the last post, posts lost (an outbox row never posted) and duplicated (one occurrence
 * posted twice, from the messages' metadata), 429s, and each process's share.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { startFakeSlack } from '../tests/support/fake-slack';
import { type SpawnedApp, spawnApp } from './app-spawn';
import {
  BENCH_WORKSPACE,
  type BulkPartner,
  bulkSeed,
  inWorkspace,
  insertPartners,
  knownZones,
  MILESTONE_COLUMNS,
  openBenchStore,
} from './bulk';
import { benchDatabase, type EngineKind, numberArg, stopPostgres } from './engines';
import { BENCH_COMPANY_YAML, BENCH_ZONE } from './reminder-seed';
import { median, spread, writeResults } from './results';
import { table } from './stats';
import { benchTempDir } from './tempdir';

export const DELIVERY_BENCH = { channels: 100, perChannel: 10, paceMs: 1_000, timeoutMs: 120_000 };
const BOT_TOKEN = 'xoxb-bench';
const OWNER = 'U0BENCH';
const DAY = 86_400_000;
const log = (line = ''): void => void process.stdout.write(`${line}\n`);

export interface DeliveryRun {
  engine: EngineKind;
  replicas: number;
  reminders: number;
  /** From the commit of the data to the last post, ms. */
  wallMs: number;
  /** From the first post to the last. */
  spanMs: number;
  floorMs: number;
  lost: number;
  duplicates: number;
  rateLimited429: number;
  /** Posts each process reported sending (its log), in start order. */
  sentBy: number[];
  load: number;
}

const channelId = (c: number) => `C${String(c).padStart(8, '0')}`;

export async function benchDelivery(engine: EngineKind, replicas: number): Promise<DeliveryRun> {
  const { channels, perChannel, paceMs } = DELIVERY_BENCH;
  const temp = await benchTempDir();
  const slack = await startFakeSlack({ tokens: [BOT_TOKEN] });
  slack.setUserTz(OWNER, BENCH_ZONE);
  const database = await benchDatabase(engine, temp.path, `delivery${replicas}`);
  const configPath = join(temp.path, 'partneros.yml');
  await writeFile(configPath, BENCH_COMPANY_YAML, 'utf8');
  const env = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: 'bench',
    SLACK_API_URL: slack.apiUrl,
    PARTNEROS_DB: database.target,
    PARTNEROS_CONFIG: configPath,
    PARTNEROS_TICK: '* * * * * *',
  };
  const apps: SpawnedApp[] = [];
  try {
    // One after the other: the first migrates the database.
    for (let r = 0; r < replicas; r++) apps.push(await spawnApp(env, await mkdtemp(join(temp.path, 'cwd-'))));
    slack.reset();
    slack.limitPerChannel('chat.postMessage', paceMs);
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const partners: BulkPartner[] = Array.from({ length: channels }, (_, c) => ({
      id: c + 1,
      name: `Channel partner ${c}`,
      type: null,
      tier: 'Gold',
      stage: 'active',
      health: null,
      owner: OWNER,
      channel: channelId(c),
      vertical: null,
      createdAt: iso(now - DAY),
      updatedAt: iso(now - DAY),
      archivedAt: null,
    }));
    const milestones = partners.flatMap((p) =>
      Array.from({ length: perChannel }, (_, m) => [
        p.id,
        `Step ${m}`,
        iso(now - 10 * DAY).slice(0, 10),
        'open',
        null,
        null,
        OWNER,
        iso(now - 60 * DAY),
      ]),
    );
    await bulkSeed(database.target, async (all) => {
      const s = inWorkspace(all, BENCH_WORKSPACE);
      await insertPartners(s, partners);
      await knownZones(s, [OWNER], BENCH_ZONE, iso(now));
      await s.insert('milestones', MILESTONE_COLUMNS, milestones);
    });
    const committed = Date.now();

    const posted = () => {
      const keys = new Map<string, number[]>();
      for (const call of slack.calls('chat.postMessage')) {
        if (call.status !== 200) continue;
        const meta = call.params.metadata as { event_payload?: { occurrence_key?: string } } | undefined;
        const key = meta?.event_payload?.occurrence_key;
        if (key) keys.set(key, [...(keys.get(key) ?? []), call.at]);
      }
      return keys;
    };
    const total = channels * perChannel;
    const deadline = committed + DELIVERY_BENCH.timeoutMs;
    while (posted().size < total && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    // Late duplicates would show up within a few seconds (a retry, a takeover).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const load = Math.round((loadavg()[0] ?? 0) * 100) / 100;
    for (const app of apps) await app.stop();

    const keys = posted();
    const times = [...keys.values()].flat();
    const { database: db } = await openBenchStore(database.target);
    const expected = (
      await sql<{ k: string }>`SELECT occurrence_key AS k FROM reminder_deliveries WHERE kind <> 'notice'`.execute(
        db.db,
      )
    ).rows.map((r) => r.k);
    await db.close();
    const sentBy = apps.map((app) =>
      app
        .logs()
        .filter((l) => l.kind === 'tick' || l.kind === 'retry_pass')
        .reduce((n, l) => n + Number(l.sent ?? 0), 0),
    );
    return {
      engine,
      replicas,
      reminders: expected.length,
      wallMs: Math.max(...times) - committed,
      spanMs: Math.max(...times) - Math.min(...times),
      floorMs: perChannel * paceMs,
      lost: expected.filter((k) => !keys.has(k)).length,
      duplicates: [...keys.values()].reduce((n, ts) => n + ts.length - 1, 0),
      rateLimited429: slack.calls('chat.postMessage').filter((c) => c.status === 429).length,
      sentBy,
      load,
    };
  } finally {
    for (const app of apps) await app.stop();
    await database.drop();
    await slack.close();
    await temp.remove();
  }
}

export function printDelivery(runs: readonly DeliveryRun[]): void {
  log();
  log(
    `Delivery of ${DELIVERY_BENCH.channels * DELIVERY_BENCH.perChannel} reminders to ${DELIVERY_BENCH.channels} channels at 1 message/s/channel (floor ${DELIVERY_BENCH.perChannel} s): median [min–max] of the runs`,
  );
  const groups = new Map<string, DeliveryRun[]>();
  for (const r of runs) {
    const key = `${r.engine} × ${r.replicas}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const s = (xs: number[]) => `${(median(xs) / 1000).toFixed(2)} [${spread(xs.map((x) => x / 1000))}]`;
  log(
    table(
      [
        'engine × processes',
        'runs',
        'commit → last post, s',
        'first → last post, s',
        'lost',
        'dup',
        '429s',
        'sent by each',
        'load 1 min',
      ],
      [...groups].map(([key, rs]) => [
        key,
        String(rs.length),
        s(rs.map((r) => r.wallMs)),
        s(rs.map((r) => r.spanMs)),
        String(rs.reduce((n, r) => n + r.lost, 0)),
        String(rs.reduce((n, r) => n + r.duplicates, 0)),
        rs.map((r) => r.rateLimited429).join(', '),
        rs.map((r) => r.sentBy.join('+')).join(', '),
        spread(rs.map((r) => r.load)),
      ]),
    ),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const runs = numberArg(process.argv, 'runs', 3);
  const configs: [EngineKind, number][] = [
    ['sqlite', 1],
    ['postgres', 1],
    ['postgres', 2],
  ];
  const out: DeliveryRun[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      for (const [engine, replicas] of configs) {
        const r = await benchDelivery(engine, replicas);
        out.push(r);
        log(
          `  ${engine} × ${replicas}: ${(r.wallMs / 1000).toFixed(2)} s to the last post (${(r.spanMs / 1000).toFixed(2)} s first → last), ` +
            `${r.reminders} reminders, lost ${r.lost}, duplicates ${r.duplicates}, 429s ${r.rateLimited429}, sent by ${r.sentBy.join('+')}; load ${r.load}`,
        );
      }
    }
    printDelivery(out);
    log(`figures written to ${await writeResults('delivery', { bench: DELIVERY_BENCH, runs: out })}`);
  } finally {
    await stopPostgres();
  }
}

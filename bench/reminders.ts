/**
 * Reminder benchmarks (`npm run bench -- reminders`, or as part of `npm run bench`):
 *
 *   1. Due computation + enqueue for 100,000 partners and 500,000 milestones in a temp SQLite file:
 *      the first tick (everything new) and a second one (everything already enqueued), the longest
 *      slice (how long the event loop is held at once), and peak RSS / heap.
 *   2. Delivery of 1,000 reminders to 100 channels through the fake Slack limiting each channel to
 *      one message per second (429 + Retry-After otherwise): wall time against the 10 s that limit
 *      sets, lost and duplicated posts counted by occurrence key.
 */
import { join } from 'node:path';
import { CompanyConfigSchema } from '../src/config/schema';
import { systemClock } from '../src/domain/clock';
import { partnerService } from '../src/domain/partners/service';
import { reminderService, type EnqueueReport } from '../src/domain/reminders/service';
import { startPartnerOS } from '../src/main';
import { openStore, type Store } from '../src/store';
import { nameKey } from '../src/store/name-key';
import { startFakeSlack } from '../tests/support/fake-slack';
import { pick, prng } from './stats';
import { benchTempDir } from './tempdir';

export const REMINDER_BENCH = {
  partners: 100_000,
  milestones: 500_000,
  owners: 200,
  seed: 20_261_125,
  delivery: { reminders: 1_000, channels: 100, perChannelMs: 1_000 },
};

const DAY = 86_400_000;
const log = (line = ''): void => void process.stdout.write(`${line}\n`);
const mb = (bytes: number) => Math.round(bytes / 1_048_576);

export interface TickFigures {
  ms: number;
  maxChunkMs: number;
  chunks: number;
  occurrences: number;
  inserted: number;
}
export interface ReminderBenchResult {
  seed: {
    partners: number;
    milestones: number;
    openMilestones: number;
    healthEvents: number;
    notes: number;
    qbrs: number;
    ms: number;
  };
  firstTick: TickFigures;
  secondTick: TickFigures;
  byKind: Record<string, number>;
  memory: { rssBeforeMb: number; peakRssMb: number; peakHeapUsedMb: number };
  delivery: {
    reminders: number;
    channels: number;
    wallMs: number;
    floorMs: number;
    sent: number;
    lost: number;
    duplicates: number;
    rateLimited429: number;
    tickMs: number;
    enqueueMs: number;
  };
}

/** 100k partners (tiers, owners, 30 % with a channel, created over two years), 500k milestones, some health, notes and QBRs. */
export function seed(store: Store, now: number): ReminderBenchResult['seed'] {
  const started = performance.now();
  const rng = prng(REMINDER_BENCH.seed);
  const owners = Array.from({ length: REMINDER_BENCH.owners }, (_, i) => `U0OWNER${String(i).padStart(4, '0')}`);
  const insPartner =
    store.db.prepare(`INSERT INTO partners (name, name_key, tier, stage, owner_user_id, channel_id, created_by, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, 'UBENCH', ?, ?)`);
  const insMilestone =
    store.db.prepare(`INSERT INTO milestones (partner_id, title, due_on, status, done_at, created_by, created_at)
    VALUES (?, ?, ?, ?, ?, 'UBENCH', ?)`);
  const insHealth = store.db.prepare(
    "INSERT INTO health_events (partner_id, score, previous, user_id, at) VALUES (?, ?, ?, 'UBENCH', ?)",
  );
  const insNote = store.db.prepare(
    "INSERT INTO notes (partner_id, text, user_id, at) VALUES (?, 'Call went well', 'UBENCH', ?)",
  );
  const insQbr = store.db.prepare(
    "INSERT INTO qbrs (partner_id, held_on, user_id, at) VALUES (?, ?, 'UBENCH', ?) ON CONFLICT DO NOTHING",
  );
  // The app writes an audit row with every change; stale-partner detection reads them.
  const insAudit = store.db.prepare(
    "INSERT INTO audit_log (at, user_id, partner_id, action, detail) VALUES (?, 'UBENCH', ?, ?, '{}')",
  );
  const iso = (ms: number) => new Date(ms).toISOString();
  const counts = { partners: 0, milestones: 0, openMilestones: 0, healthEvents: 0, notes: 0, qbrs: 0 };
  store.transaction(() => {
    for (let i = 1; i <= REMINDER_BENCH.partners; i++) {
      const created = now - Math.floor(rng() * 730) * DAY - Math.floor(rng() * DAY);
      const name = `Partner ${String(i).padStart(6, '0')}`;
      insPartner.run(
        name,
        nameKey(name),
        pick(rng, ['Gold', 'Silver', 'Silver', 'Bronze', 'Bronze', 'Bronze']),
        pick(rng, ['prospect', 'onboarding', 'active', 'active', 'active', 'growing', 'at_risk', 'exited']),
        pick(rng, owners),
        rng() < 0.3 ? `C${String(i).padStart(8, '0')}` : null,
        iso(created),
        iso(created),
      );
      counts.partners += 1;
      insAudit.run(iso(created), i, 'partner.added');
      if (rng() < 0.5) {
        const at = iso(now - Math.floor(rng() * 90) * DAY);
        insNote.run(i, at);
        insAudit.run(at, i, 'partner.note');
        counts.notes += 1;
      }
      if (rng() < 0.3) {
        const at = iso(now - Math.floor(rng() * 20) * DAY);
        insHealth.run(i, Math.floor(rng() * 100), Math.floor(rng() * 100), at);
        insAudit.run(at, i, 'partner.health');
        counts.healthEvents += 1;
      }
      if (rng() < 0.3) {
        const at = iso(now - Math.floor(rng() * 200) * DAY);
        insQbr.run(i, at.slice(0, 10), at);
        insAudit.run(at, i, 'qbr.held');
        counts.qbrs += 1;
      }
    }
    for (let m = 0; m < REMINDER_BENCH.milestones; m++) {
      const partnerId = 1 + Math.floor(rng() * REMINDER_BENCH.partners);
      const due = now + Math.floor(rng() * 485 - 120) * DAY; // 120 days ago to a year ahead
      const past = due < now;
      const open = !past || rng() < 0.3; // most past milestones are done
      const createdAt = iso(Math.min(due, now) - 30 * DAY);
      insMilestone.run(
        partnerId,
        `Milestone ${m}`,
        iso(due).slice(0, 10),
        open ? 'open' : 'done',
        open ? null : iso(due),
        createdAt,
      );
      insAudit.run(createdAt, partnerId, 'milestone.added');
      if (!open) insAudit.run(iso(due), partnerId, 'milestone.done');
      counts.milestones += 1;
      if (open) counts.openMilestones += 1;
    }
  });
  return { ...counts, ms: performance.now() - started };
}

function figures(r: EnqueueReport): TickFigures {
  return { ms: r.ms, maxChunkMs: r.maxChunkMs, chunks: r.chunks, occurrences: r.occurrences, inserted: r.inserted };
}

async function benchEnqueue(
  dir: string,
): Promise<Pick<ReminderBenchResult, 'seed' | 'firstTick' | 'secondTick' | 'byKind' | 'memory'>> {
  const now = Date.now();
  const clock = systemClock;
  const store = openStore(join(dir, 'enqueue.db'), { now: () => new Date().toISOString() });
  try {
    log(
      `seeding ${REMINDER_BENCH.partners.toLocaleString('en')} partners and ${REMINDER_BENCH.milestones.toLocaleString('en')} milestones …`,
    );
    const seeded = seed(store, now);
    log(
      `  ${Math.round(seeded.ms)} ms; ${seeded.openMilestones.toLocaleString('en')} open milestones, ${seeded.healthEvents.toLocaleString('en')} health events, ${seeded.notes.toLocaleString('en')} notes, ${seeded.qbrs.toLocaleString('en')} QBRs`,
    );
    const company = CompanyConfigSchema.parse({});
    const reminders = reminderService({ store, clock, company, partners: partnerService({ store, clock, company }) });
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    let peakHeap = process.memoryUsage().heapUsed;
    const sample = () => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    };
    const pause = () => {
      sample();
      return new Promise<void>((resolve) => setImmediate(resolve));
    };
    const first = await reminders.enqueueDue(clock.now(), { pause });
    sample();
    const second = await reminders.enqueueDue(clock.now(), { pause });
    sample();
    const byKind = Object.fromEntries(
      (
        store.db.prepare('SELECT kind, count(*) AS n FROM reminder_deliveries GROUP BY kind').all() as {
          kind: string;
          n: number;
        }[]
      ).map((r) => [r.kind, r.n]),
    );
    return {
      seed: seeded,
      firstTick: figures(first),
      secondTick: figures(second),
      byKind,
      memory: { rssBeforeMb: mb(rssBefore), peakRssMb: mb(peakRss), peakHeapUsedMb: mb(peakHeap) },
    };
  } finally {
    store.close();
  }
}

async function benchDelivery(dir: string): Promise<ReminderBenchResult['delivery']> {
  const { reminders: total, channels, perChannelMs } = REMINDER_BENCH.delivery;
  const slack = await startFakeSlack({ tokens: ['xoxb-bench'] });
  slack.limitPerChannel('chat.postMessage', perChannelMs);
  const running = await startPartnerOS(
    {
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: 'bench',
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      PARTNEROS_DB: join(dir, 'delivery.db'),
      PARTNEROS_CONFIG: join(dir, 'none.yml'),
      PARTNEROS_TICK: '0 0 0 1 1 *',
    },
    { logLevel: 'silent' },
  );
  try {
    await running.reminders.tickNow(); // the start-up tick, on an empty database
    const store = running.store;
    const now = Date.now();
    const insMilestone = store.db.prepare(
      "INSERT INTO milestones (partner_id, title, due_on, created_by, created_at) VALUES (?, ?, ?, 'UBENCH', ?)",
    );
    store.transaction(() => {
      for (let c = 0; c < channels; c++) {
        const at = new Date(now - 60 * DAY).toISOString();
        const id = store.partners.insert({
          name: `Channel partner ${c}`,
          type: null,
          tier: 'Gold',
          stage: 'active',
          owner_user_id: 'U0BENCH',
          channel_id: `C${String(c).padStart(8, '0')}`,
          vertical: null,
          created_by: 'UBENCH',
          at: new Date(now - DAY).toISOString(),
        });
        for (let m = 0; m < total / channels; m++)
          insMilestone.run(id, `Step ${m}`, new Date(now - 10 * DAY).toISOString().slice(0, 10), at);
      }
    });
    slack.reset();
    slack.limitPerChannel('chat.postMessage', perChannelMs);
    const started = performance.now();
    const tick = await running.reminders.tickNow();
    const wallMs = performance.now() - started;
    if (!tick.ran) throw new Error(`the delivery tick did not run: ${tick.reason}`);
    const keys = new Map<string, number>();
    for (let c = 0; c < channels; c++) {
      for (const m of slack.messages(`C${String(c).padStart(8, '0')}`)) {
        const meta = m.metadata as { event_payload?: { occurrence_key?: string } } | undefined;
        const key = meta?.event_payload?.occurrence_key;
        if (key) keys.set(key, (keys.get(key) ?? 0) + 1);
      }
    }
    const expected = (
      store.db.prepare('SELECT occurrence_key AS k FROM reminder_deliveries').all() as { k: string }[]
    ).map((r) => r.k);
    return {
      reminders: expected.length,
      channels,
      wallMs,
      floorMs: (total / channels) * perChannelMs,
      sent: tick.delivered.sent,
      lost: expected.filter((k) => !keys.has(k)).length,
      duplicates: [...keys.values()].reduce((sum, n) => sum + n - 1, 0),
      rateLimited429: slack.calls('chat.postMessage').filter((c) => c.status === 429).length,
      tickMs: tick.ms,
      enqueueMs: tick.enqueued.ms,
    };
  } finally {
    await running.stop();
    await slack.close();
  }
}

export async function benchReminders(): Promise<ReminderBenchResult> {
  const temp = await benchTempDir();
  try {
    const enqueue = await benchEnqueue(temp.path);
    log('delivering 1,000 reminders to 100 channels (one message per second per channel) …');
    const delivery = await benchDelivery(temp.path);
    return { ...enqueue, delivery };
  } finally {
    await temp.remove();
  }
}

export function printReminders(r: ReminderBenchResult): void {
  const f = (t: TickFigures) =>
    `${Math.round(t.ms)} ms total, longest slice ${Math.round(t.maxChunkMs)} ms (${t.chunks} slices), ${t.occurrences.toLocaleString('en')} due, ${t.inserted.toLocaleString('en')} inserted`;
  log();
  log('3. Reminders');
  log(
    `   due computation + enqueue, ${r.seed.partners.toLocaleString('en')} partners / ${r.seed.milestones.toLocaleString('en')} milestones (${r.seed.openMilestones.toLocaleString('en')} open):`,
  );
  log(`     first tick:  ${f(r.firstTick)}`);
  log(`     second tick: ${f(r.secondTick)}`);
  log(
    `     rows by kind: ${Object.entries(r.byKind)
      .map(([k, n]) => `${k} ${n.toLocaleString('en')}`)
      .join(', ')}`,
  );
  log(
    `     memory: RSS ${r.memory.rssBeforeMb} MB before, peak ${r.memory.peakRssMb} MB; peak heap used ${r.memory.peakHeapUsedMb} MB`,
  );
  const d = r.delivery;
  log(`   delivery of ${d.reminders.toLocaleString('en')} reminders to ${d.channels} channels at 1 message/s/channel:`);
  log(
    `     ${(d.wallMs / 1000).toFixed(2)} s wall (floor ${(d.floorMs / 1000).toFixed(0)} s, ${(d.wallMs / d.floorMs).toFixed(2)}×), of which enqueue ${Math.round(d.enqueueMs)} ms; ` +
      `sent ${d.sent}, lost ${d.lost}, duplicates ${d.duplicates}, 429s ${d.rateLimited429}`,
  );
}

// `tsx bench/reminders.ts` runs this part alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  benchReminders().then(printReminders, (error: unknown) => {
    process.stderr.write(
      `reminder bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}

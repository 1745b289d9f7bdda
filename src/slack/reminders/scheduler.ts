import { randomUUID } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { WebClient } from '@slack/web-api';
import type { Clock } from '../../domain/clock';
import { LEASE_RENEW_MS, LEASE_TTL_MS, schedulerLease } from '../../domain/reminders/lease';
import type { EnqueueReport, ReminderService } from '../../domain/reminders/service';
import type { PruneReport } from '../../domain/reminders/retention';
import type { Logger } from '../../logging';
import type { Store } from '../../store';
import type { SharedChannelCheck } from '../shared-channels';
import { DEFAULT_TUNING, deliverDue, type DeliveryReport, type OutboxTuning } from './outbox';
import { reconcile, type ReconcileReport } from './reconcile';
import { refreshZones } from './zones';

/**
 * The reminder scheduler: node-cron only wakes it up. A tick, under the lease, settles rows in doubt
 * from Slack's history, learns time zones, enqueues what is due, delivers, and once a day prunes
 * what can no longer come back. Between ticks a timer wakes the lease holder for the earliest row
 * waiting for a retry, so a retry due in a second is tried within a second or two, not at the next
 * tick: that pass only settles and delivers what is due. Ticks and passes never overlap;
 * `tickNow()` waits for a running one and then runs its own.
 */

export interface SchedulerDeps {
  /** Only for the lease row; everything else goes through the reminder service. */
  store: Store;
  reminders: ReminderService;
  client: WebClient;
  clock: Clock;
  logger: Logger;
  isSharedChannel: SharedChannelCheck;
  allowInternalInShared: boolean;
  /** node-cron expression (PARTNEROS_TICK). */
  tick: string;
  wallNow: () => number;
  tuning?: Partial<OutboxTuning>;
}

export type TickReport =
  | { ran: false; reason: 'no_lease' | 'stopping' }
  | {
      ran: true;
      reconciled: ReconcileReport;
      zones: number;
      enqueued: EnqueueReport;
      delivered: DeliveryReport;
      pruned: PruneReport;
      ms: number;
    };

export interface ReminderScheduler {
  start(): void;
  /** Runs one tick now (after any running one) and resolves with what it did. */
  tickNow(): Promise<TickReport>;
  holdsLease(): boolean;
  /** Once: no new ticks, waits stop, posts in flight finish, unposted claims go back, the lease is released. */
  stop(): Promise<void>;
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The retry timer wakes at least this often while rows wait (a far one is then looked at again), and never in a tight loop. */
const MAX_RETRY_WAIT_MS = 60_000;
const MIN_RETRY_WAIT_MS = 20;

export function reminderScheduler(deps: SchedulerDeps): ReminderScheduler {
  const { reminders, logger, wallNow } = deps;
  const log = logger.child({ component: 'reminders' });
  const lease = schedulerLease(deps.store, randomUUID());
  const tuning: OutboxTuning = { ...DEFAULT_TUNING, ...deps.tuning };
  const abort = new AbortController();
  let leaseUntil = 0;
  let chain: Promise<unknown> = Promise.resolve();
  let task: ScheduledTask | undefined;
  let renewTimer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let stopping: Promise<void> | undefined;

  /** Takes or renews the lease; false while another process holds it. */
  function renew(): boolean {
    if (abort.signal.aborted) return false;
    const now = wallNow();
    try {
      const held = lease.acquire(now);
      const had = leaseUntil > now;
      leaseUntil = held ? now + LEASE_TTL_MS : 0;
      if (held && !had) log.info({ holder: lease.holder }, 'reminder scheduler lease taken');
      return held;
    } catch (error) {
      log.warn({ err: error }, 'lease renewal failed');
      return leaseUntil > wallNow();
    }
  }
  // The in-memory expiry, not a query: if this process stalls past it, another may have taken over.
  const holdsLease = () => !abort.signal.aborted && leaseUntil - 1_000 > wallNow();

  const outbox = () => ({
    client: deps.client,
    reminders,
    clock: deps.clock,
    logger: log,
    isSharedChannel: deps.isSharedChannel,
    allowInternalInShared: deps.allowInternalInShared,
    wallNow,
  });
  const control = { signal: abort.signal, mayPost: holdsLease };

  async function tick(): Promise<TickReport> {
    if (abort.signal.aborted) return { ran: false, reason: 'stopping' };
    if (!renew()) return { ran: false, reason: 'no_lease' };
    const started = performance.now();
    const reconciled = await reconcile(deps.client, reminders, log, wallNow, abort.signal);
    const zones = await refreshZones(deps.client, reminders, log, abort.signal);
    const enqueued = await reminders.enqueueDue(deps.clock.now(), {
      pause,
      shouldStop: () => abort.signal.aborted || !holdsLease(),
    });
    const delivered = await deliverDue(outbox(), tuning, control);
    const pruned = await reminders.pruneDaily(deps.clock.now(), { pause, shouldStop: () => abort.signal.aborted });
    const report: TickReport = {
      ran: true,
      reconciled,
      zones,
      enqueued,
      delivered,
      pruned,
      ms: performance.now() - started,
    };
    if (enqueued.inserted || delivered.claimed || reconciled.checked || pruned.ran) {
      log.info(
        {
          kind: 'tick',
          ms: Math.round(report.ms),
          enqueued: enqueued.inserted,
          enqueue_ms: Math.round(enqueued.ms),
          ...delivered,
          reconciled: reconciled.checked,
          ...(pruned.ran ? { pruned_deliveries: pruned.deliveries, pruned_events: pruned.events } : {}),
        },
        'reminder tick',
      );
    }
    return report;
  }

  /** Between ticks: settle the rows in doubt whose check is due, and deliver what is due (retries). */
  async function retryPass(): Promise<void> {
    if (abort.signal.aborted || !renew()) return;
    const reconciled = await reconcile(deps.client, reminders, log, wallNow, abort.signal, deps.clock.now());
    const delivered = await deliverDue(outbox(), tuning, control);
    if (delivered.claimed || reconciled.checked)
      log.info({ kind: 'retry_pass', ...delivered, reconciled: reconciled.checked }, 'reminder retries');
  }

  /** After each tick or pass: wake for the earliest row waiting, at most a minute from now. */
  function armRetry(): void {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = undefined;
    if (abort.signal.aborted || !holdsLease()) return;
    const next = reminders.nextAttemptAt();
    if (!next) return;
    const wait = Math.min(MAX_RETRY_WAIT_MS, Math.max(MIN_RETRY_WAIT_MS, next.getTime() - deps.clock.now().getTime()));
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void chained(retryPass).catch(() => undefined);
    }, wait);
    retryTimer.unref();
  }

  /** Runs `work` after whatever runs now, then arms the retry timer. */
  function chained<T>(work: () => Promise<T>): Promise<T> {
    const run = chain.then(work, work).finally(armRetry);
    chain = run.catch((error: unknown) => log.error({ err: error }, 'reminder tick failed'));
    return run;
  }

  const tickNow = (): Promise<TickReport> => chained(tick);

  return {
    start() {
      task = cron.createTask(
        deps.tick,
        async () => {
          await tickNow().catch(() => undefined);
        },
        { timezone: 'Etc/UTC', noOverlap: true, name: 'reminders' },
      );
      task.start();
      // Its own timer, not the tick's: a long delivery must not let the lease lapse. A process that
      // does not hold it keeps trying, and ticks at once when it gets it (after a SIGKILLed holder).
      renewTimer = setInterval(() => {
        const had = holdsLease();
        if (renew() && !had) void tickNow().catch(() => undefined);
      }, LEASE_RENEW_MS);
      renewTimer.unref();
      void tickNow().catch(() => undefined); // catch up on start: whatever fell due while we were down
    },
    tickNow,
    holdsLease,
    stop() {
      stopping ??= (async () => {
        abort.abort();
        if (renewTimer) clearInterval(renewTimer);
        if (retryTimer) clearTimeout(retryTimer);
        await task?.destroy();
        await chain;
        try {
          lease.release();
        } catch (error) {
          log.warn({ err: error }, 'lease not released; it expires by itself');
        }
        leaseUntil = 0;
      })();
      return stopping;
    },
  };
}

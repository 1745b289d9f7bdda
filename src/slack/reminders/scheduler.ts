import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../../domain/clock';
import { LEASE_RENEW_MS, type SchedulerPresence } from '../../domain/reminders/lease';
import type { PlanReport, ReminderProgram } from '../../domain/reminders/program';
import type { PruneReport } from '../../domain/reminders/retention';
import type { Logger } from '../../logging';
import type { SharedChannelCheck } from '../shared-channels';
import { DEFAULT_TUNING, type DeliveryReport, type DeliveryWorkspace, deliverDue, type OutboxTuning } from './outbox';
import { reconcile, type ReconcileReport } from './reconcile';
import { refreshZones } from './zones';

/**
 * The reminder scheduler: node-cron only wakes it up. A tick settles rows in doubt from Slack's
 * history (its own timed-out posts, and those of a process that died), learns time zones, plans
 * what fell due, delivers, and once a day prunes what can no longer come back. Between ticks a
 * timer wakes it for the earliest row waiting for a retry, so a retry due in a second is tried
 * within a second or two, not at the next tick: that pass only settles and delivers. Ticks and
 * passes never overlap in one process; `tickNow()` waits for a running one and then runs its own.
 * Who ticks: every replica on PostgreSQL, the lease holder on SQLite (see domain/reminders/lease.ts).
 */

export interface SchedulerDeps {
  /** Liveness and, on SQLite, the lease; its holder is the id the reminder service claims rows with. */
  presence: SchedulerPresence;
  /** Reminders across workspaces: claims, rows in doubt, pruning. */
  program: ReminderProgram;
  /** A workspace's reminders, settings and delivery client; undefined once it has no token. */
  workspace: (workspaceId: string) => Promise<DeliveryWorkspace | undefined>;
  clock: Clock;
  logger: Logger;
  isSharedChannel: SharedChannelCheck;
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
      planned: PlanReport;
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
/** Every this many renewals (about 15 s), rows of a process that died are looked for between ticks. */
const ORPHAN_CHECK_EVERY = 5;

export function reminderScheduler(deps: SchedulerDeps): ReminderScheduler {
  const { program, logger, wallNow } = deps;
  const log = logger.child({ component: 'reminders' });
  const { presence } = deps;
  const tuning: OutboxTuning = { ...DEFAULT_TUNING, ...deps.tuning };
  const abort = new AbortController();
  let leaseUntil = 0;
  let chain: Promise<unknown> = Promise.resolve();
  let task: ScheduledTask | undefined;
  let renewTimer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let stopping: Promise<void> | undefined;
  let renewals = 0;

  /** Renews liveness (and on SQLite the lease); false while another process holds the lease. */
  async function renew(): Promise<boolean> {
    if (abort.signal.aborted) return false;
    const now = wallNow();
    try {
      const held = await presence.renew(now);
      const had = leaseUntil > now;
      leaseUntil = held ? now + presence.ttlMs : 0;
      if (held && !had) log.info({ holder: presence.holder }, 'reminder scheduler running here');
      return held;
    } catch (error) {
      log.warn({ err: error }, 'lease renewal failed');
      return leaseUntil > wallNow();
    }
  }
  // The in-memory expiry, not a query: if this process stalls past it, another may have taken over.
  const holdsLease = () => !abort.signal.aborted && leaseUntil - 1_000 > wallNow();

  const outbox = () => ({
    program,
    workspace: deps.workspace,
    clock: deps.clock,
    logger: log,
    isSharedChannel: deps.isSharedChannel,
    wallNow,
  });
  const control = { signal: abort.signal, mayPost: holdsLease };

  // Between a tick's end and the next, nothing of this process is in flight: its own rows still
  // 'sending' (a record lost to a database outage) are in doubt as much as those of a dead one.
  const settleInDoubt = async (options: { all?: boolean } = {}) => {
    const others = (await presence.live(wallNow())).filter((h) => h !== presence.holder);
    return reconcile(program, deps.workspace, log, wallNow, abort.signal, others, options);
  };

  async function tick(): Promise<TickReport> {
    if (abort.signal.aborted) return { ran: false, reason: 'stopping' };
    if (!(await renew())) return { ran: false, reason: 'no_lease' };
    const started = performance.now();
    const reconciled = await settleInDoubt({ all: true });
    const zones = await refreshZones(program, deps.workspace, log, abort.signal);
    const planned = await program.planDue(deps.clock.now(), {
      pause,
      shouldStop: () => abort.signal.aborted || !holdsLease(),
    });
    const delivered = await deliverDue(outbox(), tuning, control);
    const pruned = await program.pruneDaily(deps.clock.now(), { pause, shouldStop: () => abort.signal.aborted });
    const report: TickReport = {
      ran: true,
      reconciled,
      zones,
      planned,
      delivered,
      pruned,
      ms: performance.now() - started,
    };
    if (planned.inserted || delivered.claimed || reconciled.checked || pruned.ran) {
      log.info(
        {
          kind: 'tick',
          ms: Math.round(report.ms),
          planned: planned.partners,
          enqueued: planned.inserted,
          plan_ms: Math.round(planned.ms),
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
    if (abort.signal.aborted || !(await renew())) return;
    const reconciled = await settleInDoubt();
    const delivered = await deliverDue(outbox(), tuning, control);
    if (delivered.claimed || reconciled.checked)
      log.info({ kind: 'retry_pass', ...delivered, reconciled: reconciled.checked }, 'reminder retries');
  }

  /** After each tick or pass: wake for the earliest row waiting, at most a minute from now. */
  async function armRetry(): Promise<void> {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = undefined;
    if (abort.signal.aborted || !holdsLease()) return;
    const next = await program.nextAttemptAt().catch(() => null);
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
    const run = chain.then(work, work).finally(() => armRetry().catch(() => undefined));
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
      void task.start();
      // Its own timer, not the tick's: a long delivery must not let the lease lapse. A process that
      // does not hold it keeps trying, and ticks at once when it gets it (after a SIGKILLed holder).
      renewTimer = setInterval(() => {
        const had = holdsLease();
        renewals += 1;
        void renew().then((held) => {
          if (held && !had) void tickNow().catch(() => undefined);
          // A process that died left rows 'sending': taken over within a minute, not at the next tick.
          else if (held && renewals % ORPHAN_CHECK_EVERY === 0) void chained(retryPass).catch(() => undefined);
        });
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
          await presence.release();
        } catch (error) {
          log.warn({ err: error }, 'lease not released; it expires by itself');
        }
        leaseUntil = 0;
      })();
      return stopping;
    },
  };
}

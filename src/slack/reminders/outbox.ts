import type { WebClient } from '@slack/web-api';
import type { Clock } from '../../domain/clock';
import { pacingKey, type Delivery } from '../../domain/reminders/delivery';
import type { ReminderProgram } from '../../domain/reminders/program';
import type { ReminderService } from '../../domain/reminders/service';
import type { Logger } from '../../logging';
import { renderAdminNotice, renderReminder } from '../blocks/reminder';
import type { SharedChannelCheck } from '../shared-channels';
import { classify, type Fault } from './faults';
import { ChannelQueues } from './queues';

/**
 * Delivery of due outbox rows: claim (pending → sending, in SQLite), post OUTSIDE any transaction,
 * record the result. Channels are paced one post per `paceMs` each and served concurrently by up
 * to `concurrency` posts in flight; a 429 holds only its own channel for Retry-After.
 */

/** What posting one workspace's reminders takes. */
export interface DeliveryWorkspace {
  reminders: ReminderService;
  /** The dedicated delivery client with the workspace's token: no retries of its own, 429s rejected, 10 s timeout. */
  client: WebClient;
  allowInternalInShared: boolean;
}

export interface OutboxDeps {
  program: ReminderProgram;
  /** undefined: the workspace has no token any more (uninstalled, revoked). */
  workspace: (workspaceId: string) => Promise<DeliveryWorkspace | undefined>;
  clock: Clock;
  logger: Logger;
  isSharedChannel: SharedChannelCheck;
  /** Wall-clock ms: pacing and Slack's message ts are physical time, not the app's (injectable) clock. */
  wallNow: () => number;
}

export interface OutboxTuning {
  concurrency: number;
  paceMs: number;
  /** Rows per claim (one IMMEDIATE transaction each). */
  batch: number;
  /** Claimed rows held in memory at most; the rest wait in the table. */
  maxInMemory: number;
  /** A longer Retry-After hands the channel's rows back to the table for a later tick. */
  maxRetryAfterWaitMs: number;
}

export const DEFAULT_TUNING: OutboxTuning = {
  concurrency: 8,
  paceMs: 1_000,
  batch: 100,
  maxInMemory: 1_000,
  maxRetryAfterWaitMs: 30_000,
};

export interface SessionControl {
  /** Aborted when the app stops: waits end, nothing new is claimed or started. */
  signal: AbortSignal;
  /** False once the lease is lost: claimed rows not yet posted go back to pending. */
  mayPost: () => boolean;
}

export interface DeliveryReport {
  claimed: number;
  sent: number;
  retried: number;
  refused: number;
  redirected: number;
  unknown: number;
  rateLimited: number;
  released: number;
  gaveUp: number;
  /** Rows cancelled because their workspace's token was refused or gone. */
  stopped: number;
}

const emptyReport = (): DeliveryReport => ({
  claimed: 0,
  sent: 0,
  retried: 0,
  refused: 0,
  redirected: 0,
  unknown: 0,
  rateLimited: 0,
  released: 0,
  gaveUp: 0,
  stopped: 0,
});

/** Resolves after `ms`, when any of `pending` settles, or when `signal` aborts. */
function waitForAny(pending: Iterable<Promise<unknown>>, ms: number | undefined, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      if (timer) clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      resolve();
    };
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', finish, { once: true });
    if (ms !== undefined) timer = setTimeout(finish, ms);
    for (const p of pending) void p.then(finish, finish);
  });
}

export async function deliverDue(
  deps: OutboxDeps,
  tuning: OutboxTuning,
  control: SessionControl,
): Promise<DeliveryReport> {
  const { program, logger, wallNow } = deps;
  const report = emptyReport();
  const queues = new ChannelQueues();
  const inflight = new Set<Promise<void>>();
  let drained = false;

  const canGoOn = () => !control.signal.aborted && control.mayPost();

  const handBack = async (d: Delivery, notBefore?: Date) => {
    // If the database is down this fails too: the row stays 'sending' and the next tick settles it from history.
    await program
      .release(d, notBefore)
      .catch((error: unknown) => logger.warn({ kind: 'reminder', key: d.key, err: error }, 'not handed back'));
    report.released += 1;
  };

  async function attempt(d: Delivery): Promise<void> {
    const key = pacingKey(d);
    let gate = wallNow() + tuning.paceMs;
    try {
      const fault = await post(deps, d, report);
      gate = wallNow() + tuning.paceMs;
      if (fault?.type === 'rate_limited') {
        report.rateLimited += 1;
        gate = wallNow() + fault.retryAfterMs;
        if (fault.retryAfterMs <= tuning.maxRetryAfterWaitMs && canGoOn()) {
          queues.add(d, true); // first in line once the channel's Retry-After has passed
        } else {
          const notBefore = new Date(deps.clock.now().getTime() + fault.retryAfterMs);
          for (const waiting of [d, ...queues.takeChannel(key)]) await handBack(waiting, notBefore);
        }
      }
    } catch (error) {
      // A bug of ours, not a Slack answer: hand the row back rather than lose it.
      logger.error({ kind: 'reminder', key: d.key, err: error }, 'delivery crashed');
      await handBack(d);
    } finally {
      queues.done(key, gate);
    }
  }

  for (;;) {
    if (!canGoOn()) break;
    if (
      queues.size < tuning.maxInMemory &&
      (queues.size < tuning.batch || queues.readyChannels(wallNow()) < tuning.concurrency)
    ) {
      const rows = await program.claim(Math.min(tuning.batch, tuning.maxInMemory - queues.size), wallNow());
      for (const d of rows) queues.add(d);
      report.claimed += rows.length;
      drained = rows.length === 0;
    }
    while (inflight.size < tuning.concurrency && canGoOn()) {
      const d = queues.takeReady(wallNow());
      if (!d) break;
      const p = attempt(d).finally(() => inflight.delete(p));
      inflight.add(p);
    }
    if (drained && queues.size === 0 && inflight.size === 0) break;
    // Refusals and give-ups add fallback rows and notices: claim again once something settles.
    await waitForAny(inflight, queues.nextGateIn(wallNow()), control.signal);
    if (inflight.size === 0 && queues.size === 0) drained = false;
  }
  // Stopping or no longer holding the lease: what was claimed but not posted goes back as it was.
  for (const d of queues.drain()) await handBack(d);
  await Promise.allSettled([...inflight]);
  for (const d of queues.drain()) await handBack(d);
  return report;
}

/** Where a delivery goes: its channel, or the DM with its recipient (opened once, then remembered). */
async function channelFor(ws: DeliveryWorkspace, d: Delivery): Promise<string> {
  if (d.channelId) return d.channelId;
  if (d.target.kind === 'channel') return d.target.channelId;
  const known = await ws.reminders.dmChannel(d.target.userId);
  if (known) return known;
  const opened = await ws.client.conversations.open({ users: d.target.userId });
  const id = opened.channel?.id;
  if (!id) throw Object.assign(new Error('conversations.open returned no channel'), { code: 'no_channel' });
  await ws.reminders.saveDmChannel(d.target.userId, id);
  return id;
}

/** Posts one delivery and records what happened. Returns the fault for a 429 (the caller paces), else undefined. */
async function post(deps: OutboxDeps, d: Delivery, report: DeliveryReport): Promise<Fault | undefined> {
  const { logger } = deps;
  const log = (outcome: string, extra: Record<string, unknown> = {}) =>
    logger.info(
      {
        kind: 'reminder',
        workspace: d.workspaceId,
        key: d.key,
        reminder: d.kind,
        attempts: d.attempts,
        outcome,
        ...extra,
      },
      'reminder',
    );
  const ws = await deps.workspace(d.workspaceId);
  if (!ws) return stopWorkspace(deps, d, 'no_token', report, log);
  const { reminders, client } = ws;
  let channel: string;
  try {
    channel = await channelFor(ws, d);
    if (
      d.kind === 'health' &&
      d.target.kind === 'channel' &&
      !ws.allowInternalInShared &&
      (await deps.isSharedChannel(client, channel))
    ) {
      // Health stays out of channels shared outside the company (Slack Connect).
      await reminders.redirect(d, 'shared_channel');
      report.redirected += 1;
      log('redirected', { reason: 'shared_channel' });
      return undefined;
    }
  } catch (error) {
    return settle(deps, ws, d, classify(error), report, log);
  }
  // Written before the post: after a crash, this is the history to read.
  await reminders.postingTo(d, channel);
  const body = d.kind === 'notice' ? renderAdminNotice(d) : renderReminder(d, deps.clock.now());
  try {
    const res = await client.chat.postMessage({ channel, ...body, unfurl_links: false, unfurl_media: false });
    await reminders.sent(d, String(res.ts ?? ''), String(res.channel ?? channel));
    report.sent += 1;
    log('sent', { late_ms: Math.max(0, deps.clock.now().getTime() - d.dueAt.getTime()) });
    return undefined;
  } catch (error) {
    return settle(deps, ws, d, classify(error), report, log);
  }
}

/**
 * The workspace's own token is refused (or gone): none of its reminders can go out until it is
 * installed again. Its waiting rows are cancelled and its tokens forgotten; not a fault of the
 * channel, and not retried.
 */
async function stopWorkspace(
  deps: OutboxDeps,
  d: Delivery,
  code: string,
  report: DeliveryReport,
  log: (o: string, x?: Record<string, unknown>) => void,
): Promise<undefined> {
  const cancelled = await deps.program.stopWorkspace(d.workspaceId, `workspace token refused: ${code}`);
  report.stopped += cancelled;
  log('workspace_stopped', { error: code, cancelled });
  deps.logger.error(
    { kind: 'reminder', workspace: d.workspaceId, error: code, cancelled },
    "Slack refused this workspace's token: its reminders are stopped until the app is installed again (Add to Slack, or a new SLACK_BOT_TOKEN)",
  );
  return undefined;
}

async function settle(
  deps: OutboxDeps,
  ws: DeliveryWorkspace,
  d: Delivery,
  fault: Fault,
  report: DeliveryReport,
  log: (o: string, x?: Record<string, unknown>) => void,
): Promise<Fault | undefined> {
  const { logger } = deps;
  const { reminders } = ws;
  switch (fault.type) {
    case 'token':
      return stopWorkspace(deps, d, fault.code, report, log);
    case 'rate_limited':
      log('rate_limited', { retry_after_ms: fault.retryAfterMs });
      return fault;
    case 'transient': {
      const r = await reminders.retry(d, fault.code);
      if (r.gaveUp) report.gaveUp += 1;
      else report.retried += 1;
      log(r.gaveUp ? 'gave_up' : 'retry_later', { error: fault.code, admins_told: r.admins });
      if (r.gaveUp && r.admins === 0)
        logger.warn(
          { kind: 'reminder', key: d.key, error: fault.code },
          'reminder given up and no admins to tell (set admins in partneros.yml)',
        );
      return undefined;
    }
    case 'unknown': {
      const r = await reminders.unknown(d, fault.code);
      if (r.gaveUp) report.gaveUp += 1;
      else report.unknown += 1;
      log(r.gaveUp ? 'gave_up' : 'unknown', { error: fault.code });
      return undefined;
    }
    case 'refused': {
      const r = await reminders.refused(d, fault.code);
      report.refused += 1;
      log('refused', {
        error: fault.code,
        fallback: r.fallback ? reminders.encodeTarget(r.fallback) : null,
        admins_told: r.admins,
      });
      if (r.admins === 0 && d.kind !== 'notice') {
        logger.warn(
          { kind: 'reminder', key: d.key, error: fault.code },
          'reminder refused by Slack and no admins to tell (set admins in partneros.yml)',
        );
      }
      return undefined;
    }
  }
}

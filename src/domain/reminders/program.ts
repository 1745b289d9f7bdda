import type { Database } from '../../store';
import type { ClaimedPlan } from '../../store/schedule';
import type { Clock } from '../clock';
import { stopWorkspace } from '../workspaces/lifecycle';
import { type Delivery, toDelivery } from './delivery';
import type { ReminderSettings } from './model';
import { reminderRetention } from './retention';
import type { ReminderService } from './service';
import { DIGEST_CLAIM_MS, type DigestService } from '../digest/service';
import { NEVER } from '../../store/schedule';

/**
 * Reminders across the workspaces of one database: what the scheduler does before it knows whose
 * work it is. It claims due partners and due outbox rows (on PostgreSQL each replica skips the rows
 * another is claiming), then hands each workspace its own, to be planned and vetted with that
 * workspace's settings. A workspace that is not installed (uninstalled, its token refused) plans
 * nothing and posts nothing: its partners wait, untouched, until it is installed again.
 */

export interface ProgramWorkspace {
  reminders: ReminderService;
  digests: DigestService;
  /** False once its tokens are gone: nothing is planned or posted for it. */
  active: boolean;
}

export interface ProgramDeps {
  database: Database;
  clock: Clock;
  /** partneros.yml's reminder settings (each workspace may override some). */
  settings: ReminderSettings;
  /** This process, in the outbox rows it claims (a random id: PID 1 is reused in every container). */
  holder: string;
  workspace: (workspaceId: string) => Promise<ProgramWorkspace>;
}

export interface PlanOptions {
  /** Partners per batch: one claim, then per workspace one snapshot, one computation, one write transaction. */
  batch?: number;
  /** Called between batches so acks and button clicks are served meanwhile. */
  pause?: () => Promise<void>;
  shouldStop?: () => boolean;
}

export interface PlanReport {
  partners: number;
  occurrences: number;
  inserted: number;
  batches: number;
  maxBatchMs: number;
  ms: number;
}

/** A claimed partner comes due again by itself after this, should the process die mid-batch. */
const CLAIM_MS = 60_000;
/** The settings a planned instant depends on: when they change, every partner is planned again. */
const PLANNED_WITH = 'reminders.planned_with';
/** Time zones are read again after a day; people move. */
const ZONE_TTL_MS = 24 * 3_600_000;

function byWorkspace<T>(items: readonly T[], workspaceOf: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const ws = workspaceOf(item);
    out.set(ws, [...(out.get(ws) ?? []), item]);
  }
  return out;
}

export function reminderProgram(deps: ProgramDeps) {
  const { database, clock } = deps;
  const nowIso = () => clock.now().toISOString();

  /**
   * The partners whose next instant has passed (the schedule's index says which), planned by their
   * workspace. With nothing due it is one indexed read, whatever the number of partners or workspaces.
   */
  async function planDue(now: Date, options: PlanOptions = {}): Promise<PlanReport> {
    const batch = options.batch ?? 250;
    const started = performance.now();
    const report: PlanReport = { partners: 0, occurrences: 0, inserted: 0, batches: 0, maxBatchMs: 0, ms: 0 };
    const claimUntil = new Date(now.getTime() + CLAIM_MS).toISOString();
    while (!options.shouldStop?.()) {
      const t0 = performance.now();
      const claimed = await database.schedule.claimDue(now.toISOString(), batch, claimUntil);
      if (claimed.length === 0) break;
      for (const [ws, plans] of byWorkspace<ClaimedPlan>(claimed, (c) => c.workspaceId)) {
        const workspace = await deps.workspace(ws);
        if (!workspace.active) {
          await database.workspace(ws).schedule.suspend();
          continue;
        }
        const r = await workspace.reminders.planClaimed(plans, now);
        report.occurrences += r.occurrences;
        report.inserted += r.inserted;
      }
      report.partners += claimed.length;
      report.batches += 1;
      report.maxBatchMs = Math.max(report.maxBatchMs, performance.now() - t0);
      if (claimed.length < batch) break;
      await options.pause?.();
    }
    report.ms = performance.now() - started;
    return report;
  }

  /** The weekly digests whose instant has passed, into the outbox (one indexed read when none is due). */
  async function planDigests(now: Date): Promise<number> {
    let queued = 0;
    const retryAt = new Date(now.getTime() + DIGEST_CLAIM_MS).toISOString();
    for (;;) {
      const due = await database.digestTargets.claimDue(now.toISOString(), 100, retryAt);
      for (const t of due) {
        const workspace = await deps.workspace(t.workspaceId);
        // Not installed: it waits, untouched, until it is (an install works every target out again).
        if (!workspace.active) await database.workspace(t.workspaceId).digests.reschedule(t.target, NEVER);
        else if (await workspace.digests.plan(t.target, t.nextAt)) queued += 1;
      }
      if (due.length < 100) return queued;
    }
  }

  return {
    planDue,
    planDigests,
    /**
     * pending → sending for up to `limit` rows due now, across workspaces; each workspace then
     * cancels those it no longer wants. Rows of a workspace that is not installed are cancelled.
     */
    async claim(limit: number, wallMs: number): Promise<Delivery[]> {
      const rows = (await database.outbox.claim(nowIso(), wallMs, limit, deps.holder)).map(toDelivery);
      const out: Delivery[] = [];
      for (const [ws, claimed] of byWorkspace(rows, (d) => d.workspaceId)) {
        const workspace = await deps.workspace(ws);
        if (workspace.active) out.push(...(await workspace.reminders.vet(claimed)));
        else await database.outbox.stopWorkspace(ws, 'workspace not installed');
      }
      return out;
    },
    /**
     * Rows in doubt whose check is due: left 'sending' by a process that is gone (not among
     * `liveHolders`), or by a timed-out post. They are now this process's, to be settled from the
     * channel's history before anything is sent again.
     */
    adoptInDoubt: async (liveHolders: readonly string[], options: { all?: boolean } = {}): Promise<Delivery[]> => {
      // A tick checks every row in doubt; a retry pass between ticks only those whose check is due.
      const dueBy = options.all ? '9999-12-31T00:00:00.000Z' : nowIso();
      return (await database.outbox.adoptInDoubt(deps.holder, liveHolders, dueBy, 200)).map(toDelivery);
    },
    /** Not sent and not tried: back to pending (stopping, no longer alive, a channel waiting out a long Retry-After). */
    release: (d: Delivery, notBefore?: Date): Promise<void> =>
      database.workspace(d.workspaceId).deliveries.release(d.id, notBefore?.toISOString()),
    /** The earliest moment a row waiting for a retry (or a history check) may be tried; null when none waits. */
    nextAttemptAt: async (): Promise<Date | null> => {
      const at = await database.outbox.nextAttemptAt();
      return at === undefined ? null : new Date(at);
    },
    /** People whose time zone we do not know yet, or not since a day, in any workspace. */
    usersNeedingZone: (limit: number) =>
      database.staleZones(new Date(clock.now().getTime() - ZONE_TTL_MS).toISOString(), limit),
    /** A workspace whose token is gone: what it had waiting is cancelled, never sent later in a burst. */
    stopWorkspace: (workspaceId: string, reason: string): Promise<number> =>
      stopWorkspace(database, workspaceId, reason, nowIso()),
    pruneDaily: reminderRetention({
      database,
      clock,
      settings: deps.settings,
      settingsOf: async (ws) => (await deps.workspace(ws)).reminders.settings,
    }).pruneDaily,
    /**
     * Once at start: if partneros.yml's reminder settings (hours, zones, lead times, tiers,
     * admins…) differ from those the schedule was planned with, every partner is planned again at
     * the next tick. A workspace's own settings replan its partners when they are saved.
     */
    async replanIfSettingsChanged(): Promise<boolean> {
      const s = deps.settings;
      const fingerprint = JSON.stringify({ ...s, workingDays: [...s.workingDays], cadence: [...s.cadence] });
      if ((await database.meta.get(PLANNED_WITH)) === fingerprint) return false;
      await database.transaction(async (tx) => {
        await tx.schedule.replanAll();
        await tx.meta.set(PLANNED_WITH, fingerprint);
      });
      return true;
    },
  };
}

export type ReminderProgram = ReturnType<typeof reminderProgram>;

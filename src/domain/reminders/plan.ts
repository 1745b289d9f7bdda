import type { Store } from '../../store';
import { NEVER } from '../../store/schedule';
import { occurrenceRow } from './delivery';
import { dueOccurrences } from './due';
import type { ReminderSettings } from './model';
import { nextInstants } from './next';
import { loadSnapshot } from './snapshot';

/**
 * The tick's first half: the partners whose next instant has passed (the schedule's index says
 * which), their due occurrences into the outbox, and their next instant back into the schedule.
 * With nothing due it is one indexed read, whatever the program's size.
 */

export interface PlanOptions {
  /** Partners per batch: one claim, one snapshot, one pure computation, one write transaction. */
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

export async function planDue(
  deps: { store: Store; settings: ReminderSettings },
  now: Date,
  options: PlanOptions = {},
): Promise<PlanReport> {
  const { store, settings } = deps;
  const batch = options.batch ?? 250;
  const started = performance.now();
  const report: PlanReport = { partners: 0, occurrences: 0, inserted: 0, batches: 0, maxBatchMs: 0, ms: 0 };
  const nowIso = now.toISOString();
  const claimUntil = new Date(now.getTime() + CLAIM_MS).toISOString();
  while (!options.shouldStop?.()) {
    const t0 = performance.now();
    const claimed = await store.schedule.claimDue(nowIso, batch, claimUntil);
    if (claimed.length === 0) break;
    const rows = await store.reminderSnapshot.partners(claimed.map((c) => c.partnerId));
    const snapshot = await loadSnapshot(store, rows, settings, now);
    const occurrences = dueOccurrences(snapshot, settings, now);
    const next = nextInstants(snapshot, settings, now);
    // Most due occurrences are already in the outbox (planned before, or by another replica):
    // reading which is cheaper than an insert per occurrence (ON CONFLICT still guards races).
    const known = await store.deliveries.known(occurrences.map((o) => o.key));
    const fresh = occurrences.filter((o) => !known.has(o.key)).map((o) => occurrenceRow(o, now));
    report.inserted += await store.transaction(async (tx) => {
      const inserted = await tx.deliveries.insertAll(fresh, (key) => `superseded by ${key}`);
      // Archived (or gone) partners are not in the snapshot: nothing more to plan for them.
      await tx.schedule.settleAll(
        claimed.map((c) => ({ ...c, nextAt: next.get(c.partnerId)?.toISOString() ?? NEVER })),
      );
      return inserted;
    });
    report.partners += claimed.length;
    report.occurrences += occurrences.length;
    report.batches += 1;
    report.maxBatchMs = Math.max(report.maxBatchMs, performance.now() - t0);
    if (claimed.length < batch) break;
    await options.pause?.();
  }
  report.ms = performance.now() - started;
  return report;
}

import type { Store } from '../../store';
import { type ClaimedPlan, NEVER } from '../../store/schedule';
import { occurrenceRow } from './delivery';
import { dueOccurrences } from './due';
import type { ReminderSettings } from './model';
import { nextInstants } from './next';
import { loadSnapshot } from './snapshot';

/**
 * The tick's first half, for one workspace's partners the schedule said were due (program.ts
 * claims them across workspaces): their due occurrences into the outbox, and their next instant
 * back into the schedule.
 */
export async function planClaimed(
  deps: { store: Store; settings: ReminderSettings },
  claimed: readonly ClaimedPlan[],
  now: Date,
): Promise<{ occurrences: number; inserted: number }> {
  const { store, settings } = deps;
  const rows = await store.reminderSnapshot.partners(claimed.map((c) => c.partnerId));
  const snapshot = await loadSnapshot(store, rows, settings, now);
  const occurrences = dueOccurrences(snapshot, settings, now);
  const next = nextInstants(snapshot, settings, now);
  // Most due occurrences are already in the outbox (planned before, or by another replica):
  // reading which is cheaper than an insert per occurrence (ON CONFLICT still guards races).
  const known = await store.deliveries.known(occurrences.map((o) => o.key));
  const fresh = occurrences.filter((o) => !known.has(o.key)).map((o) => occurrenceRow(o, now));
  const inserted = await store.transaction(async (tx) => {
    // The admins' zones are read like owners' (a row each), so their DMs go out at their hour.
    await tx.slackUsers.ensure(settings.admins);
    const added = await tx.deliveries.insertAll(fresh, (key) => `superseded by ${key}`);
    // Archived (or gone) partners are not in the snapshot: nothing more to plan for them.
    await tx.schedule.settleAll(claimed.map((c) => ({ ...c, nextAt: next.get(c.partnerId)?.toISOString() ?? NEVER })));
    return added;
  });
  return { occurrences: occurrences.length, inserted };
}

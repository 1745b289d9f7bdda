import type { Kysely } from 'kysely';
import type { DB } from './schema';

/**
 * The weekly digest: who gets one and when next (`digest_targets`), and what a week held. Which
 * week and what it says are the domain's (src/domain/digest).
 */

export interface DigestTarget {
  workspaceId: string;
  target: string;
}

/** One workspace's digest targets and the week's facts. */
export function digestStore(db: Kysely<DB>, ws: string) {
  return {
    /** Adds a target, or moves its next digest; returns false when it was there already (unchanged). */
    async add(target: string, nextAt: string, by: string | null, at: string): Promise<boolean> {
      const r = await db
        .insertInto('digest_targets')
        .values({ workspace_id: ws, target, next_at: nextAt, created_by: by, created_at: at })
        .onConflict((oc) => oc.columns(['workspace_id', 'target']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async remove(target: string): Promise<boolean> {
      const r = await db
        .deleteFrom('digest_targets')
        .where('workspace_id', '=', ws)
        .where('target', '=', target)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async has(target: string): Promise<boolean> {
      const r = await db
        .selectFrom('digest_targets')
        .select('target')
        .where('workspace_id', '=', ws)
        .where('target', '=', target)
        .executeTakeFirst();
      return r !== undefined;
    },
    /** The workspace's channel targets (the digest channel of its settings). */
    channels: async (): Promise<string[]> =>
      (
        await db
          .selectFrom('digest_targets')
          .select('target')
          .where('workspace_id', '=', ws)
          .where('target', 'like', 'channel:%')
          .execute()
      ).map((r) => r.target),
    /** Records when a target's next digest is due (after one was planned, or when its day or hour changed). */
    async reschedule(target: string, nextAt: string): Promise<void> {
      await db
        .updateTable('digest_targets')
        .set({ next_at: nextAt })
        .where('workspace_id', '=', ws)
        .where('target', '=', target)
        .execute();
    },
    /** Every target of the workspace is worked out again at the next tick (its digest day or hour changed). */
    async rescheduleAll(): Promise<void> {
      await db.updateTable('digest_targets').set({ next_at: '' }).where('workspace_id', '=', ws).execute();
    },
    /** Stage changes since `at`: audit rows `partner.stage` (detail `{ stage: [from, to] }`). */
    stageChanges: (at: string) =>
      db
        .selectFrom('audit_log')
        .select(['partner_id', 'detail', 'at'])
        .where('workspace_id', '=', ws)
        .where('action', '=', 'partner.stage')
        .where('at', '>=', at)
        .orderBy('id')
        .execute(),
    milestonesDone: (at: string) =>
      db
        .selectFrom('milestones')
        .select(['partner_id', 'title', 'done_at'])
        .where('workspace_id', '=', ws)
        .where('status', '=', 'done')
        .where('done_at', '>=', at)
        .orderBy('done_at')
        .execute(),
    qbrsHeld: (fromDay: string) =>
      db
        .selectFrom('qbrs')
        .select(['partner_id', 'held_on'])
        .where('workspace_id', '=', ws)
        .where('held_on', '>=', fromDay)
        .orderBy('held_on')
        .execute(),
    healthSince: (at: string) =>
      db
        .selectFrom('health_events')
        .select(['partner_id', 'score', 'previous', 'note', 'at'])
        .where('workspace_id', '=', ws)
        .where('at', '>=', at)
        .orderBy('id')
        .execute(),
    overdueMilestones: (today: string) =>
      db
        .selectFrom('milestones')
        .select(['partner_id', 'title', 'due_on'])
        .where('workspace_id', '=', ws)
        .where('status', '=', 'open')
        .where('due_on', '<', today)
        .orderBy('due_on')
        .execute(),
    /** Runs open but untouched since `before`. */
    stalledRuns: (before: string) =>
      db
        .selectFrom('playbook_runs')
        .select(['partner_id', 'playbook_id', 'updated_at', 'permalink'])
        .where('workspace_id', '=', ws)
        .where('status', 'in', ['active', 'paused'])
        .where('updated_at', '<', before)
        .orderBy('updated_at')
        .execute(),
  };
}

/** Across workspaces, for the scheduler: the targets whose digest is due. */
export function digestTargetStore(db: Kysely<DB>) {
  return {
    /**
     * Up to `limit` targets whose next digest is due by `now` (or never worked out: ''), pushed to
     * `retryAt` so another replica leaves them alone and they come due again should this one die.
     */
    async claimDue(now: string, limit: number, retryAt: string): Promise<(DigestTarget & { nextAt: string })[]> {
      const rows = await db
        .selectFrom('digest_targets')
        .select(['workspace_id', 'target', 'next_at'])
        .where('next_at', '<=', now)
        .orderBy('next_at')
        .limit(limit)
        .execute();
      const out: (DigestTarget & { nextAt: string })[] = [];
      for (const r of rows) {
        // One row at a time, each only if still due: a replica that claimed it meanwhile moved it.
        const claimed = await db
          .updateTable('digest_targets')
          .set({ next_at: retryAt })
          .where('workspace_id', '=', r.workspace_id)
          .where('target', '=', r.target)
          .where('next_at', '=', r.next_at)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) === 1)
          out.push({ workspaceId: r.workspace_id, target: r.target, nextAt: r.next_at });
      }
      return out;
    },
  };
}

export type DigestStore = ReturnType<typeof digestStore>;

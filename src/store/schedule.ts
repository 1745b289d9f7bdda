import { type Kysely, sql } from 'kysely';
import type { EngineKind } from './engine';
import type { DB } from './schema';

/** Far enough never to come: a partner with nothing left to remind (archived, or exited with no milestones). */
export const NEVER = '9999-12-31T00:00:00.000Z';

export interface ClaimedPlan {
  workspaceId: string;
  partnerId: number;
  version: number;
}

/**
 * The reminder schedule (`reminder_schedule`): per partner, when its reminders must next be worked
 * out. Triggers in the schema reset a partner to '' whenever something that moves its reminders
 * changes; the tick claims what is due and writes back the next instant.
 */
export function scheduleStore(db: Kysely<DB>, kind: EngineKind) {
  return {
    /**
     * Up to `limit` partners whose instant has passed, oldest first, read through the next_at
     * index. Each is pushed to `retryAt`, so another process (PostgreSQL replicas skip rows being
     * claimed) leaves it alone, and if this one dies it comes due again by itself.
     */
    async claimDue(now: string, limit: number, retryAt: string): Promise<ClaimedPlan[]> {
      let due = db
        .selectFrom('reminder_schedule')
        .select('partner_id')
        .where('next_at', '<=', now)
        .orderBy('next_at')
        .limit(limit);
      if (kind === 'postgres') due = due.forUpdate().skipLocked();
      const rows = await db
        .updateTable('reminder_schedule')
        .set({ next_at: retryAt })
        .where('partner_id', 'in', due)
        .returning(['workspace_id', 'partner_id', 'version'])
        .execute();
      return rows.map((r) => ({ workspaceId: r.workspace_id, partnerId: r.partner_id, version: r.version }));
    },
    /** Work every partner of every workspace out again (the defaults in partneros.yml changed). */
    async replanAll(): Promise<void> {
      await db
        .updateTable('reminder_schedule')
        .set((eb) => ({ next_at: '', version: eb('version', '+', 1) }))
        .execute();
    },
    /** The earliest planned instant, for logs and tests. */
    async earliest(): Promise<string | undefined> {
      const row = await db
        .selectFrom('reminder_schedule')
        .select('next_at')
        .orderBy('next_at')
        .limit(1)
        .executeTakeFirst();
      return row?.next_at;
    },
  };
}

/**
 * Records each partner's next instant, unless the partner changed since the claim (then it stays
 * due), in one statement per 300; returns how many were recorded.
 */
async function settleAll(
  db: Kysely<DB>,
  ws: string,
  plans: readonly (ClaimedPlan & { nextAt: string })[],
): Promise<number> {
  let settled = 0;
  for (let i = 0; i < plans.length; i += 300) {
    const rows = plans
      .slice(i, i + 300)
      .map((p) => sql`(CAST(${p.partnerId} AS BIGINT), CAST(${p.version} AS INTEGER), CAST(${p.nextAt} AS TEXT))`);
    // A CTE with named columns: the same SQL on both engines (the casts give PostgreSQL the types).
    const r = await sql`
      WITH plan(partner_id, version, next_at) AS (VALUES ${sql.join(rows)})
      UPDATE reminder_schedule
      SET next_at = (SELECT plan.next_at FROM plan WHERE plan.partner_id = reminder_schedule.partner_id)
      WHERE workspace_id = ${ws} AND (partner_id, version) IN (SELECT partner_id, version FROM plan)`.execute(db);
    settled += Number(r.numAffectedRows ?? 0);
  }
  return settled;
}

/** The schedule of one workspace: settling what was planned, asking for partners to be worked out again. */
export function workspaceScheduleStore(db: Kysely<DB>, ws: string) {
  return {
    settleAll: (plans: readonly (ClaimedPlan & { nextAt: string })[]): Promise<number> => settleAll(db, ws, plans),
    /** Work these partners out again at the next tick (a recipient's time zone changed). */
    async replanOwnedBy(userId: string): Promise<void> {
      await db
        .updateTable('reminder_schedule')
        .set((eb) => ({ next_at: '', version: eb('version', '+', 1) }))
        .where('workspace_id', '=', ws)
        .where(
          'partner_id',
          'in',
          db.selectFrom('partners').select('id').where('workspace_id', '=', ws).where('owner_user_id', '=', userId),
        )
        .execute();
    },
    /** Work every partner of the workspace out again (its reminder settings changed, it was installed again). */
    async replanAll(): Promise<void> {
      await db
        .updateTable('reminder_schedule')
        .set((eb) => ({ next_at: '', version: eb('version', '+', 1) }))
        .where('workspace_id', '=', ws)
        .execute();
    },
    /** Nothing more to plan (the workspace was uninstalled): its partners wait until it is installed again. */
    async suspend(): Promise<void> {
      await db.updateTable('reminder_schedule').set({ next_at: NEVER }).where('workspace_id', '=', ws).execute();
    },
  };
}

export function metaStore(db: Kysely<DB>) {
  return {
    get: async (key: string): Promise<string | undefined> =>
      (await db.selectFrom('app_meta').select('value').where('key', '=', key).executeTakeFirst())?.value,
    async set(key: string, value: string): Promise<void> {
      await db
        .insertInto('app_meta')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
        .execute();
    },
  };
}

import type { Kysely } from 'kysely';
import type { EngineKind } from './engine';
import type { DB } from './schema';

/** Far enough never to come: a partner with nothing left to remind (archived, or exited with no milestones). */
export const NEVER = '9999-12-31T00:00:00.000Z';

export interface ClaimedPlan {
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
        .returning(['partner_id', 'version'])
        .execute();
      return rows.map((r) => ({ partnerId: r.partner_id, version: r.version }));
    },
    /** Records the next instant, unless the partner changed since the claim (then it stays due). */
    async settle(plan: ClaimedPlan, nextAt: string): Promise<boolean> {
      const r = await db
        .updateTable('reminder_schedule')
        .set({ next_at: nextAt })
        .where('partner_id', '=', plan.partnerId)
        .where('version', '=', plan.version)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /** Work these partners out again at the next tick (a recipient's time zone changed). */
    async replanOwnedBy(userId: string): Promise<void> {
      await db
        .updateTable('reminder_schedule')
        .set((eb) => ({ next_at: '', version: eb('version', '+', 1) }))
        .where('partner_id', 'in', db.selectFrom('partners').select('id').where('owner_user_id', '=', userId))
        .execute();
    },
    /** Work every partner out again (the reminder settings changed). */
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

import type { Kysely } from 'kysely';
import type { AuditRow, DB, HealthEventRow, MilestoneRow, NoteRow } from './schema';

export type { AuditRow, HealthEventRow, MilestoneRow, NoteRow };

/** Health history, notes, milestones and the audit log: everything that hangs off one partner. */

export function healthStore(db: Kysely<DB>) {
  return {
    async add(e: Omit<HealthEventRow, 'id'>): Promise<number> {
      return (await db.insertInto('health_events').values(e).returning('id').executeTakeFirstOrThrow()).id;
    },
    recent: (partnerId: number, limit: number): Promise<HealthEventRow[]> =>
      db
        .selectFrom('health_events')
        .selectAll()
        .where('partner_id', '=', partnerId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute(),
  };
}

export function noteStore(db: Kysely<DB>) {
  return {
    async add(n: Omit<NoteRow, 'id'>): Promise<number> {
      return (await db.insertInto('notes').values(n).returning('id').executeTakeFirstOrThrow()).id;
    },
    recent: (partnerId: number, limit: number): Promise<NoteRow[]> =>
      db
        .selectFrom('notes')
        .selectAll()
        .where('partner_id', '=', partnerId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute(),
    async count(partnerId: number): Promise<number> {
      const row = await db
        .selectFrom('notes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('partner_id', '=', partnerId)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}

export function milestoneStore(db: Kysely<DB>) {
  return {
    async add(m: {
      partner_id: number;
      title: string;
      due_on: string;
      created_by: string;
      created_at: string;
    }): Promise<number> {
      return (await db.insertInto('milestones').values(m).returning('id').executeTakeFirstOrThrow()).id;
    },
    open: (partnerId: number): Promise<MilestoneRow[]> =>
      db
        .selectFrom('milestones')
        .selectAll()
        .where('partner_id', '=', partnerId)
        .where('status', '=', 'open')
        .orderBy('due_on')
        .orderBy('id')
        .execute(),
    all: (partnerId: number): Promise<MilestoneRow[]> =>
      db
        .selectFrom('milestones')
        .selectAll()
        .where('partner_id', '=', partnerId)
        .orderBy('due_on')
        .orderBy('id')
        .execute(),
    byId: (id: number): Promise<MilestoneRow | undefined> =>
      db.selectFrom('milestones').selectAll().where('id', '=', id).executeTakeFirst(),
    /** True when this call closed it (a second click finds it done already). */
    async markDone(id: number, at: string, userId: string): Promise<boolean> {
      const r = await db
        .updateTable('milestones')
        .set({ status: 'done', done_at: at, done_by: userId })
        .where('id', '=', id)
        .where('status', '=', 'open')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}

export function auditStore(db: Kysely<DB>) {
  return {
    async write(a: {
      at: string;
      user_id: string;
      partner_id: number | null;
      action: string;
      detail: Record<string, unknown>;
    }): Promise<void> {
      await db
        .insertInto('audit_log')
        .values({ ...a, detail: JSON.stringify(a.detail) })
        .execute();
    },
    forPartner: (partnerId: number, limit: number): Promise<AuditRow[]> =>
      db
        .selectFrom('audit_log')
        .selectAll()
        .where('partner_id', '=', partnerId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute(),
  };
}

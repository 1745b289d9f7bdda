import type { Kysely } from 'kysely';
import { chunks } from './partner-batch';
import type { AuditRow, DB, HealthEventRow, MilestoneRow, NoteRow } from './schema';

export type { AuditRow, HealthEventRow, MilestoneRow, NoteRow };

/** Health history, notes, milestones and the audit log: everything that hangs off one partner. */

export function healthStore(db: Kysely<DB>, ws: string) {
  return {
    async add(e: Omit<HealthEventRow, 'id' | 'workspace_id'>): Promise<number> {
      return (
        await db
          .insertInto('health_events')
          .values({ ...e, workspace_id: ws })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    },
    /** Many events in a few statements (an import). */
    async addMany(events: readonly Omit<HealthEventRow, 'id' | 'workspace_id'>[]): Promise<void> {
      for (const part of chunks(events))
        await db
          .insertInto('health_events')
          .values(part.map((e) => ({ ...e, workspace_id: ws })))
          .execute();
    },
    recent: (partnerId: number, limit: number): Promise<HealthEventRow[]> =>
      db
        .selectFrom('health_events')
        .where('workspace_id', '=', ws)
        .selectAll()
        .where('partner_id', '=', partnerId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute(),
  };
}

export function noteStore(db: Kysely<DB>, ws: string) {
  return {
    async add(n: Omit<NoteRow, 'id' | 'workspace_id'>): Promise<number> {
      return (
        await db
          .insertInto('notes')
          .values({ ...n, workspace_id: ws })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    },
    recent: (partnerId: number, limit: number): Promise<NoteRow[]> =>
      db
        .selectFrom('notes')
        .where('workspace_id', '=', ws)
        .selectAll()
        .where('partner_id', '=', partnerId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute(),
    async count(partnerId: number): Promise<number> {
      const row = await db
        .selectFrom('notes')
        .where('workspace_id', '=', ws)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('partner_id', '=', partnerId)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}

export function milestoneStore(db: Kysely<DB>, ws: string) {
  return {
    async add(m: {
      partner_id: number;
      title: string;
      due_on: string;
      created_by: string;
      created_at: string;
    }): Promise<number> {
      return (
        await db
          .insertInto('milestones')
          .values({ ...m, workspace_id: ws })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    },
    open: (partnerId: number): Promise<MilestoneRow[]> =>
      db
        .selectFrom('milestones')
        .where('workspace_id', '=', ws)
        .selectAll()
        .where('partner_id', '=', partnerId)
        .where('status', '=', 'open')
        .orderBy('due_on')
        .orderBy('id')
        .execute(),
    all: (partnerId: number): Promise<MilestoneRow[]> =>
      db
        .selectFrom('milestones')
        .where('workspace_id', '=', ws)
        .selectAll()
        .where('partner_id', '=', partnerId)
        .orderBy('due_on')
        .orderBy('id')
        .execute(),
    byId: (id: number): Promise<MilestoneRow | undefined> =>
      db.selectFrom('milestones').where('workspace_id', '=', ws).selectAll().where('id', '=', id).executeTakeFirst(),
    /** True when this call closed it (a second click finds it done already). */
    async markDone(id: number, at: string, userId: string): Promise<boolean> {
      const r = await db
        .updateTable('milestones')
        .where('workspace_id', '=', ws)
        .set({ status: 'done', done_at: at, done_by: userId })
        .where('id', '=', id)
        .where('status', '=', 'open')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}

export interface AuditEntry {
  at: string;
  user_id: string;
  partner_id: number | null;
  action: string;
  detail: Record<string, unknown>;
}

export function auditStore(db: Kysely<DB>, ws: string) {
  return {
    async write(a: AuditEntry): Promise<void> {
      await db
        .insertInto('audit_log')
        .values({ ...a, workspace_id: ws, detail: JSON.stringify(a.detail) })
        .execute();
    },
    /** Many entries in a few statements (an import). */
    async writeMany(entries: readonly AuditEntry[]): Promise<void> {
      for (const part of chunks(entries))
        await db
          .insertInto('audit_log')
          .values(part.map((a) => ({ ...a, workspace_id: ws, detail: JSON.stringify(a.detail) })))
          .execute();
    },
    forPartner: (partnerId: number, limit: number): Promise<AuditRow[]> =>
      db
        .selectFrom('audit_log')
        .where('workspace_id', '=', ws)
        .selectAll()
        .where('partner_id', '=', partnerId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute(),
  };
}

import type { Kysely } from 'kysely';
import type { DB } from './schema';

/**
 * The reads behind `/partner report`: one partner's history, or every partner of the program, each
 * query bounded by a LIMIT or a batch of ids (keyset pages on the primary key, newest first, so a long
 * history is read in steps of the same cost). Only rows; the domain assembles the report.
 */

export interface ReportHealthRow {
  id: number;
  score: number;
  note: string | null;
  user_id: string;
  at: string;
}
export interface ReportMilestoneRow {
  id: number;
  title: string;
  due_on: string;
  status: 'open' | 'done' | 'cancelled';
  done_at: string | null;
}
export interface ReportDocumentRow {
  id: number;
  title: string;
  template_id: string;
  version: number;
  created_at: string;
  permalink: string | null;
}
export interface ReportPartnerRow {
  id: number;
  name: string;
  tier: string;
  stage: string;
  health: number | null;
  owner_user_id: string | null;
  created_at: string;
}

const BATCH = 500;

function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

export function reportStore(db: Kysely<DB>, ws: string) {
  return {
    /** Up to `limit` health events of a partner with id < beforeId, newest first. */
    healthBefore: (partnerId: number, beforeId: number, limit: number): Promise<ReportHealthRow[]> =>
      db
        .selectFrom('health_events')
        .select(['id', 'score', 'note', 'user_id', 'at'])
        .where('workspace_id', '=', ws)
        .where('partner_id', '=', partnerId)
        .where('id', '<', beforeId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute(),
    /** How many health events and milestones a partner has. */
    async counts(partnerId: number): Promise<{ health: number; milestones: number }> {
      const count = (table: 'health_events' | 'milestones') =>
        db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('workspace_id', '=', ws)
          .where('partner_id', '=', partnerId)
          .executeTakeFirst();
      const [health, milestones] = [await count('health_events'), await count('milestones')];
      return { health: Number(health?.n ?? 0), milestones: Number(milestones?.n ?? 0) };
    },
    /** Up to `limit` milestones of a partner with id < beforeId, newest first. */
    milestonesBefore: (partnerId: number, beforeId: number, limit: number): Promise<ReportMilestoneRow[]> =>
      db
        .selectFrom('milestones')
        .select(['id', 'title', 'due_on', 'status', 'done_at'])
        .where('workspace_id', '=', ws)
        .where('partner_id', '=', partnerId)
        .where('id', '<', beforeId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute(),
    /** The newest `limit` documents of a partner (never their text), and how many there are. */
    async documents(partnerId: number, limit: number): Promise<{ rows: ReportDocumentRow[]; total: number }> {
      const rows = await db
        .selectFrom('documents')
        .select(['id', 'title', 'template_id', 'version', 'created_at', 'permalink'])
        .where('workspace_id', '=', ws)
        .where('partner_id', '=', partnerId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      if (rows.length < limit) return { rows, total: rows.length };
      const count = await db
        .selectFrom('documents')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', ws)
        .where('partner_id', '=', partnerId)
        .executeTakeFirst();
      return { rows, total: Number(count?.n ?? rows.length) };
    },
    /** Up to `limit` current partners with id > afterId (of one owner, if given), in id order. */
    partnersAfter(afterId: number, limit: number, ownerUserId?: string): Promise<ReportPartnerRow[]> {
      let q = db
        .selectFrom('partners')
        .select(['id', 'name', 'tier', 'stage', 'health', 'owner_user_id', 'created_at'])
        .where('workspace_id', '=', ws)
        .where('archived_at', 'is', null)
        .where('id', '>', afterId);
      if (ownerUserId !== undefined) q = q.where('owner_user_id', '=', ownerUserId);
      return q.orderBy('id').limit(limit).execute();
    },
    /** The reason given with each partner's latest health score (partners without one are left out). */
    async latestHealthNotes(ids: readonly number[]): Promise<Map<number, string | null>> {
      const out = new Map<number, string | null>();
      for (const batch of batches(ids)) {
        const rows = await db
          .selectFrom('health_events')
          .select(['partner_id', 'note'])
          .where('workspace_id', '=', ws)
          .where(
            'id',
            'in',
            db
              .selectFrom('health_events')
              .select((eb) => eb.fn.max('id').as('id'))
              .where('workspace_id', '=', ws)
              .where('partner_id', 'in', batch)
              .groupBy('partner_id'),
          )
          .execute();
        for (const r of rows) out.set(r.partner_id, r.note);
      }
      return out;
    },
    /** Open milestones of these partners. */
    async openMilestones(ids: readonly number[]): Promise<{ partner_id: number; title: string; due_on: string }[]> {
      const out: { partner_id: number; title: string; due_on: string }[] = [];
      for (const batch of batches(ids))
        out.push(
          ...(await db
            .selectFrom('milestones')
            .select(['partner_id', 'title', 'due_on'])
            .where('workspace_id', '=', ws)
            .where('partner_id', 'in', batch)
            .where('status', '=', 'open')
            .orderBy('due_on')
            .orderBy('id')
            .execute()),
        );
      return out;
    },
    /** The day of each partner's latest QBR held (partners without one are left out). */
    async lastQbrs(ids: readonly number[]): Promise<Map<number, string>> {
      const out = new Map<number, string>();
      for (const batch of batches(ids)) {
        const rows = await db
          .selectFrom('qbrs')
          .select((eb) => ['partner_id', eb.fn.max('held_on').as('held_on')])
          .where('workspace_id', '=', ws)
          .where('partner_id', 'in', batch)
          .groupBy('partner_id')
          .execute();
        for (const r of rows) out.set(r.partner_id, r.held_on);
      }
      return out;
    },
  };
}

export type ReportStore = ReturnType<typeof reportStore>;

import { type Kysely, sql } from 'kysely';
import type { AnswerRow, DB, RunRow, RunStatus } from './schema';

export type { AnswerRow, RunRow, RunStatus };

export interface RunListRow extends RunRow {
  partner_name: string;
}

/** What a transition may change; seq always moves on by one. */
export interface RunPatch {
  step_index?: number;
  status?: RunStatus;
  skipped?: string;
  completed_at?: string | null;
  step_ts?: string | null;
  question_ts?: string | null;
  question_body?: string | null;
}

const OPEN: RunStatus[] = ['starting', 'active', 'paused'];

export function runStore(db: Kysely<DB>, ws: string) {
  const runs = () => db.selectFrom('playbook_runs').where('workspace_id', '=', ws);
  const updated = (r: { numUpdatedRows: bigint }) => Number(r.numUpdatedRows) === 1;

  return {
    /** A new run, status `starting` until its thread exists. Throws a unique violation when one is open already. */
    async insert(r: {
      partner_id: number;
      playbook_id: string;
      channel_id: string | null;
      started_by: string;
      at: string;
    }): Promise<number> {
      const { at, ...rest } = r;
      const row = await db
        .insertInto('playbook_runs')
        .values({ ...rest, workspace_id: ws, started_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    byId: (id: number): Promise<RunRow | undefined> => runs().selectAll().where('id', '=', id).executeTakeFirst(),
    byThread: (channelId: string, threadTs: string): Promise<RunRow | undefined> =>
      runs().selectAll().where('channel_id', '=', channelId).where('thread_ts', '=', threadTs).executeTakeFirst(),
    /** The partner's starting, active or paused run of this playbook. */
    open: (partnerId: number, playbookId: string): Promise<RunRow | undefined> =>
      runs()
        .selectAll()
        .where('partner_id', '=', partnerId)
        .where('playbook_id', '=', playbookId)
        .where('status', 'in', OPEN)
        .executeTakeFirst(),
    /**
     * The root was posted: the run has its thread and is active. Also for a run that went on without
     * one (started from the terminal or seeded by the demo) and gets its thread now.
     */
    async started(
      id: number,
      where: { channel_id: string; thread_ts: string; permalink: string | null },
      at: string,
    ): Promise<boolean> {
      const r = await db
        .updateTable('playbook_runs')
        .where('workspace_id', '=', ws)
        .set((eb) => ({ ...where, status: 'active', seq: eb('seq', '+', 1), updated_at: at }))
        .where('id', '=', id)
        .where((eb) =>
          eb.or([eb('status', '=', 'starting'), eb.and([eb('status', '=', 'active'), eb('thread_ts', 'is', null)])]),
        )
        .executeTakeFirst();
      return updated(r);
    },
    /** Started where nothing can be posted (the terminal without a Slack token): active, with no thread yet. */
    async startedWithoutThread(id: number, at: string): Promise<boolean> {
      const r = await db
        .updateTable('playbook_runs')
        .where('workspace_id', '=', ws)
        .set((eb) => ({ status: 'active', channel_id: null, seq: eb('seq', '+', 1), updated_at: at }))
        .where('id', '=', id)
        .where('status', '=', 'starting')
        .executeTakeFirst();
      return updated(r);
    },
    /** The root could not be posted: the run never existed. */
    async dropStarting(id: number): Promise<boolean> {
      const r = await db
        .deleteFrom('playbook_runs')
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .where('status', '=', 'starting')
        .executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
    /** Compare-and-set on seq: true for the one caller that moved the run. */
    async transition(id: number, expectedSeq: number, patch: RunPatch, at: string): Promise<boolean> {
      const r = await db
        .updateTable('playbook_runs')
        .where('workspace_id', '=', ws)
        .set((eb) => ({ ...patch, seq: eb('seq', '+', 1), updated_at: at }))
        .where('id', '=', id)
        .where('seq', '=', expectedSeq)
        .executeTakeFirst();
      return updated(r);
    },
    /** The current step message (null keeps it) and the coach reply holding the pending question (null: none). */
    async setMessages(
      id: number,
      m: { step_ts: string | null; question_ts: string | null; question_body: string | null },
      at: string,
    ): Promise<void> {
      await db
        .updateTable('playbook_runs')
        .where('workspace_id', '=', ws)
        .set((eb) => ({
          step_ts: eb.fn.coalesce(eb.val(m.step_ts), eb.ref('step_ts')),
          question_ts: m.question_ts,
          question_body: m.question_body,
          updated_at: at,
        }))
        .where('id', '=', id)
        .execute();
    },
    /** True the first time: the fallback is announced once per run. */
    async noteFallback(id: number): Promise<boolean> {
      const r = await db
        .updateTable('playbook_runs')
        .where('workspace_id', '=', ws)
        .set({ fallback_noted: 1 })
        .where('id', '=', id)
        .where('fallback_noted', '=', 0)
        .executeTakeFirst();
      return updated(r);
    },
    /** Active and paused runs, newest activity first; by partner, or started by / owned by a user. */
    listOpen(f: { partnerId?: number; userId?: string }, limit: number): Promise<RunListRow[]> {
      let q = db
        .selectFrom('playbook_runs as r')
        .innerJoin('partners as p', 'p.id', 'r.partner_id')
        .selectAll('r')
        .select('p.name as partner_name')
        .where('r.workspace_id', '=', ws)
        .where('r.status', 'in', ['active', 'paused']);
      if (f.partnerId !== undefined) q = q.where('r.partner_id', '=', f.partnerId);
      const user = f.userId;
      if (user !== undefined)
        q = q.where((eb) => eb.or([eb('r.started_by', '=', user), eb('p.owner_user_id', '=', user)]));
      return q.orderBy('r.updated_at', 'desc').orderBy('r.id', 'desc').limit(limit).execute();
    },
    ofPartner: (partnerId: number): Promise<RunRow[]> =>
      runs().selectAll().where('partner_id', '=', partnerId).orderBy('id', 'desc').limit(50).execute(),
    answers: {
      async add(a: Omit<AnswerRow, 'id' | 'workspace_id'>): Promise<void> {
        await db
          .insertInto('run_answers')
          .values({ ...a, workspace_id: ws })
          .execute();
      },
      /** The latest value per field of one run. */
      latest: (runId: number): Promise<AnswerRow[]> =>
        db
          .selectFrom('run_answers as a')
          .selectAll('a')
          .where(
            'a.id',
            'in',
            db
              .selectFrom('run_answers')
              .select((eb) => eb.fn.max('id').as('id'))
              .where('workspace_id', '=', ws)
              .where('run_id', '=', runId)
              .groupBy('field_id'),
          )
          .execute(),
      /** The latest non-empty value per field across all the partner's runs: earlier runs fill later documents. */
      ofPartner: (partnerId: number): Promise<AnswerRow[]> =>
        db
          .selectFrom('run_answers as a')
          .selectAll('a')
          .where(
            'a.id',
            'in',
            db
              .selectFrom('run_answers as a2')
              .innerJoin('playbook_runs as r', 'r.id', 'a2.run_id')
              .select(sql<number>`max(a2.id)`.as('id'))
              .where('r.workspace_id', '=', ws)
              .where('r.partner_id', '=', partnerId)
              .where('a2.value', 'is not', null)
              .groupBy('a2.field_id'),
          )
          .execute(),
    },
  };
}

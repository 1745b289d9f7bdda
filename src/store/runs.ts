import type { Db } from './db';

export type RunStatus = 'starting' | 'active' | 'paused' | 'completed' | 'abandoned';

export interface RunRow {
  id: number;
  partner_id: number;
  playbook_id: string;
  channel_id: string | null;
  thread_ts: string | null;
  step_index: number;
  status: RunStatus;
  seq: number;
  permalink: string | null;
  step_ts: string | null;
  question_ts: string | null;
  question_body: string | null;
  skipped: string;
  fallback_noted: number;
  started_by: string;
  started_at: string;
  updated_at: string;
  completed_at: string | null;
}

export interface RunListRow extends RunRow {
  partner_name: string;
}

export interface AnswerRow {
  id: number;
  run_id: number;
  step_id: string;
  field_id: string;
  value: string | null;
  user_id: string;
  at: string;
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

export function runStore(db: Db) {
  const insert = db.prepare<[number, string, string | null, string, string, string]>(`
    INSERT INTO playbook_runs (partner_id, playbook_id, channel_id, started_by, started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`);
  const byId = db.prepare<[number], RunRow>('SELECT * FROM playbook_runs WHERE id = ?');
  const byThread = db.prepare<[string, string], RunRow>(
    'SELECT * FROM playbook_runs WHERE channel_id = ? AND thread_ts = ?',
  );
  const open = db.prepare<[number, string], RunRow>(`
    SELECT * FROM playbook_runs WHERE partner_id = ? AND playbook_id = ? AND status IN ('starting', 'active', 'paused')`);
  const started = db.prepare<[string, string, string | null, string, number]>(`
    UPDATE playbook_runs SET channel_id = ?, thread_ts = ?, permalink = ?, status = 'active', seq = seq + 1, updated_at = ?
    WHERE id = ? AND status = 'starting'`);
  const dropStarting = db.prepare<[number]>("DELETE FROM playbook_runs WHERE id = ? AND status = 'starting'");
  const setMessages = db.prepare<[string | null, string | null, string | null, string, number]>(
    'UPDATE playbook_runs SET step_ts = coalesce(?, step_ts), question_ts = ?, question_body = ?, updated_at = ? WHERE id = ?',
  );
  const noteFallback = db.prepare<[number]>(
    'UPDATE playbook_runs SET fallback_noted = 1 WHERE id = ? AND fallback_noted = 0',
  );
  const listOpen = db.prepare<{ partner: number | null; user: string | null; limit: number }, RunListRow>(`
    SELECT r.*, p.name AS partner_name FROM playbook_runs r JOIN partners p ON p.id = r.partner_id
    WHERE r.status IN ('active', 'paused') AND (@partner IS NULL OR r.partner_id = @partner)
      AND (@user IS NULL OR r.started_by = @user OR p.owner_user_id = @user)
    ORDER BY r.updated_at DESC, r.id DESC LIMIT @limit`);
  const ofPartner = db.prepare<[number], RunRow>(
    'SELECT * FROM playbook_runs WHERE partner_id = ? ORDER BY id DESC LIMIT 50',
  );
  const addAnswer = db.prepare<[number, string, string, string | null, string, string]>(
    'INSERT INTO run_answers (run_id, step_id, field_id, value, user_id, at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const latestAnswers = db.prepare<[number], AnswerRow>(`
    SELECT a.* FROM run_answers a JOIN (SELECT field_id, max(id) AS id FROM run_answers WHERE run_id = ? GROUP BY field_id) l ON l.id = a.id`);
  const partnerAnswers = db.prepare<[number], AnswerRow>(`
    SELECT a.* FROM run_answers a JOIN (
      SELECT a2.field_id, max(a2.id) AS id FROM run_answers a2 JOIN playbook_runs r ON r.id = a2.run_id
      WHERE r.partner_id = ? AND a2.value IS NOT NULL GROUP BY a2.field_id) l ON l.id = a.id`);

  // One prepared statement per set of changed columns (a handful: pause, resume, back, next, complete).
  const transitions = new Map<string, ReturnType<Db['prepare']>>();

  return {
    /** A new run, status `starting` until its thread exists. Throws a UNIQUE error when one is open already. */
    insert: (r: {
      partner_id: number;
      playbook_id: string;
      channel_id: string | null;
      started_by: string;
      at: string;
    }): number =>
      Number(insert.run(r.partner_id, r.playbook_id, r.channel_id, r.started_by, r.at, r.at).lastInsertRowid),
    byId: (id: number): RunRow | undefined => byId.get(id),
    byThread: (channelId: string, threadTs: string): RunRow | undefined => byThread.get(channelId, threadTs),
    /** The partner's starting, active or paused run of this playbook. */
    open: (partnerId: number, playbookId: string): RunRow | undefined => open.get(partnerId, playbookId),
    /** The root was posted: the run has its thread and is active. */
    started: (
      id: number,
      where: { channel_id: string; thread_ts: string; permalink: string | null },
      at: string,
    ): boolean => started.run(where.channel_id, where.thread_ts, where.permalink, at, id).changes === 1,
    /** The root could not be posted: the run never existed. */
    dropStarting: (id: number): boolean => dropStarting.run(id).changes === 1,
    /** Compare-and-set on seq: true for the one caller that moved the run. */
    transition(id: number, expectedSeq: number, patch: RunPatch, at: string): boolean {
      const keys = (Object.keys(patch) as (keyof RunPatch)[]).sort();
      const shape = keys.join(',');
      let statement = transitions.get(shape);
      if (!statement) {
        const sets = keys.map((k) => `${k} = @${k}, `).join('');
        statement = db.prepare(
          `UPDATE playbook_runs SET ${sets}seq = seq + 1, updated_at = @at WHERE id = @id AND seq = @seq`,
        );
        transitions.set(shape, statement);
      }
      return statement.run({ ...patch, at, id, seq: expectedSeq }).changes === 1;
    },
    /** The current step message (null keeps it) and the coach reply holding the pending question (null: none). */
    setMessages: (
      id: number,
      m: { step_ts: string | null; question_ts: string | null; question_body: string | null },
      at: string,
    ) => void setMessages.run(m.step_ts, m.question_ts, m.question_body, at, id),
    /** True the first time: the fallback is announced once per run. */
    noteFallback: (id: number): boolean => noteFallback.run(id).changes === 1,
    /** Active and paused runs, newest activity first; by partner, or started by / owned by a user. */
    listOpen: (f: { partnerId?: number; userId?: string }, limit: number): RunListRow[] =>
      listOpen.all({ partner: f.partnerId ?? null, user: f.userId ?? null, limit }),
    ofPartner: (partnerId: number): RunRow[] => ofPartner.all(partnerId),
    answers: {
      add: (a: Omit<AnswerRow, 'id'>) => void addAnswer.run(a.run_id, a.step_id, a.field_id, a.value, a.user_id, a.at),
      /** The latest value per field of one run. */
      latest: (runId: number): AnswerRow[] => latestAnswers.all(runId),
      /** The latest non-empty value per field across all the partner's runs: earlier runs fill later documents. */
      ofPartner: (partnerId: number): AnswerRow[] => partnerAnswers.all(partnerId),
    },
  };
}

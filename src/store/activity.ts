import type { Db } from './db';

/** Health history, notes, milestones and the audit log: everything that hangs off one partner. */

export interface HealthEventRow {
  id: number;
  partner_id: number;
  score: number;
  previous: number | null;
  note: string | null;
  user_id: string;
  at: string;
}
export interface NoteRow {
  id: number;
  partner_id: number;
  text: string;
  user_id: string;
  permalink: string | null;
  at: string;
}
export interface MilestoneRow {
  id: number;
  partner_id: number;
  title: string;
  due_on: string;
  status: 'open' | 'done' | 'cancelled';
  done_at: string | null;
  done_by: string | null;
  created_by: string;
  created_at: string;
}
export interface AuditRow {
  id: number;
  at: string;
  user_id: string;
  partner_id: number | null;
  action: string;
  detail: string;
}

export function healthStore(db: Db) {
  const insert = db.prepare(
    'INSERT INTO health_events (partner_id, score, previous, note, user_id, at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const recent = db.prepare<[number, number], HealthEventRow>(
    'SELECT * FROM health_events WHERE partner_id = ? ORDER BY id DESC LIMIT ?',
  );
  return {
    add: (e: Omit<HealthEventRow, 'id'>) =>
      Number(insert.run(e.partner_id, e.score, e.previous, e.note, e.user_id, e.at).lastInsertRowid),
    recent: (partnerId: number, limit: number) => recent.all(partnerId, limit),
  };
}

export function noteStore(db: Db) {
  const insert = db.prepare('INSERT INTO notes (partner_id, text, user_id, permalink, at) VALUES (?, ?, ?, ?, ?)');
  const recent = db.prepare<[number, number], NoteRow>(
    'SELECT * FROM notes WHERE partner_id = ? ORDER BY id DESC LIMIT ?',
  );
  const count = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM notes WHERE partner_id = ?');
  return {
    add: (n: Omit<NoteRow, 'id'>) =>
      Number(insert.run(n.partner_id, n.text, n.user_id, n.permalink, n.at).lastInsertRowid),
    recent: (partnerId: number, limit: number) => recent.all(partnerId, limit),
    count: (partnerId: number) => count.get(partnerId)?.n ?? 0,
  };
}

export function milestoneStore(db: Db) {
  const insert = db.prepare(
    'INSERT INTO milestones (partner_id, title, due_on, created_by, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const open = db.prepare<[number], MilestoneRow>(
    "SELECT * FROM milestones WHERE partner_id = ? AND status = 'open' ORDER BY due_on, id",
  );
  const all = db.prepare<[number], MilestoneRow>('SELECT * FROM milestones WHERE partner_id = ? ORDER BY due_on, id');
  const done = db.prepare(
    "UPDATE milestones SET status = 'done', done_at = ?, done_by = ? WHERE id = ? AND status = 'open'",
  );
  return {
    add: (m: { partner_id: number; title: string; due_on: string; created_by: string; created_at: string }) =>
      Number(insert.run(m.partner_id, m.title, m.due_on, m.created_by, m.created_at).lastInsertRowid),
    open: (partnerId: number) => open.all(partnerId),
    all: (partnerId: number) => all.all(partnerId),
    /** True when this call closed it (a second click finds it done already). */
    markDone: (id: number, at: string, userId: string) => done.run(at, userId, id).changes === 1,
  };
}

export function auditStore(db: Db) {
  const insert = db.prepare('INSERT INTO audit_log (at, user_id, partner_id, action, detail) VALUES (?, ?, ?, ?, ?)');
  const forPartner = db.prepare<[number, number], AuditRow>(
    'SELECT * FROM audit_log WHERE partner_id = ? ORDER BY id DESC LIMIT ?',
  );
  return {
    write: (a: {
      at: string;
      user_id: string;
      partner_id: number | null;
      action: string;
      detail: Record<string, unknown>;
    }) => void insert.run(a.at, a.user_id, a.partner_id, a.action, JSON.stringify(a.detail)),
    forPartner: (partnerId: number, limit: number) => forPartner.all(partnerId, limit),
  };
}

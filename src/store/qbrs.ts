import type { Db } from './db';

export interface QbrRow {
  id: number;
  partner_id: number;
  held_on: string;
  run_id: number | null;
  user_id: string;
  at: string;
}

/** QBRs held, per partner. The next one's due date is a domain rule (tier cadence). */
export function qbrStore(db: Db) {
  const insert = db.prepare<[number, string, number | null, string, string]>(
    'INSERT INTO qbrs (partner_id, held_on, run_id, user_id, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (partner_id, held_on) DO NOTHING',
  );
  const last = db.prepare<[number], QbrRow>(
    'SELECT * FROM qbrs WHERE partner_id = ? ORDER BY held_on DESC, id DESC LIMIT 1',
  );
  const lastInRange = db.prepare<[number, number], { partner_id: number; held_on: string; at: string }>(`
    SELECT partner_id, max(held_on) AS held_on, max(at) AS at FROM qbrs WHERE partner_id BETWEEN ? AND ? GROUP BY partner_id`);
  return {
    /** True when this call recorded it; false when that QBR was already on file. */
    add: (q: { partner_id: number; held_on: string; run_id: number | null; user_id: string; at: string }): boolean =>
      insert.run(q.partner_id, q.held_on, q.run_id, q.user_id, q.at).changes === 1,
    last: (partnerId: number): QbrRow | undefined => last.get(partnerId),
    /** The latest QBR date (and latest recording time) of each partner whose id is in the range. */
    lastForPartners: (fromId: number, toId: number) => lastInRange.all(fromId, toId),
  };
}

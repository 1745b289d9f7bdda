import type { Db } from './db';

export interface PartnerAnswerRow {
  id: number;
  partner_id: number;
  field_id: string;
  value: string;
  template_id: string;
  user_id: string;
  at: string;
}

/** Answers typed into a document's form, outside any run: kept, never overwritten. */
export function partnerAnswerStore(db: Db) {
  const insert = db.prepare<[number, string, string, string, string, string]>(
    'INSERT INTO partner_answers (partner_id, field_id, value, template_id, user_id, at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const latest = db.prepare<[number], PartnerAnswerRow>(`
    SELECT a.* FROM partner_answers a JOIN (
      SELECT field_id, max(id) AS id FROM partner_answers WHERE partner_id = ? GROUP BY field_id) l ON l.id = a.id`);
  const add = db.transaction((rows: readonly Omit<PartnerAnswerRow, 'id'>[]) => {
    for (const r of rows) insert.run(r.partner_id, r.field_id, r.value, r.template_id, r.user_id, r.at);
  });
  return {
    /** Several values of one form, in one transaction. */
    add: (rows: readonly Omit<PartnerAnswerRow, 'id'>[]): void => add(rows),
    /** The latest value per field for a partner. */
    latest: (partnerId: number): PartnerAnswerRow[] => latest.all(partnerId),
  };
}

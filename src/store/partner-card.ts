import { type Kysely, sql } from 'kysely';
import type { DB, HealthEventRow, MilestoneRow, NoteRow } from './schema';

/** What a partner's card shows besides the partner itself. */
export interface PartnerCardRows {
  /** Open milestones, by due date. */
  openMilestones: MilestoneRow[];
  /** The latest health events, newest first. */
  health: HealthEventRow[];
  /** The latest notes, newest first. */
  notes: NoteRow[];
  noteCount: number;
}

interface CardRow {
  part: 'm' | 'h' | 'n' | 'c';
  id: number | null;
  n1: number | null;
  n2: number | null;
  s1: string | null;
  s2: string | null;
  s3: string | null;
  s4: string | null;
  s5: string | null;
  s6: string | null;
  s7: string | null;
}

const text = (s: string | null): string => s ?? '';
const num = (n: number | null): number => Number(n ?? 0);

/**
 * The card's four reads (open milestones, latest health events and notes, how many notes) as one
 * statement: every `/partner show` makes it, and on PostgreSQL each statement is a round trip with
 * its own parse, plan and protocol work on both sides. The parts share one column layout (UNION ALL,
 * typed by the casts in the first part) and are told apart by `part`. Every part is scoped by the
 * workspace, as every read is.
 */
export function partnerCardStore(db: Kysely<DB>, ws: string) {
  return {
    async read(partnerId: number, recent: number): Promise<PartnerCardRows> {
      const id = sql`CAST(${partnerId} AS BIGINT)`;
      const { rows } = await sql<CardRow>`
        SELECT 'm' AS part, id, CAST(NULL AS BIGINT) AS n1, CAST(NULL AS BIGINT) AS n2,
               title AS s1, due_on AS s2, status AS s3, done_at AS s4, done_by AS s5, created_by AS s6, created_at AS s7
          FROM milestones WHERE workspace_id = ${ws} AND partner_id = ${id} AND status = 'open'
        UNION ALL
        SELECT * FROM (SELECT 'h', id, score, previous, note, user_id, at, NULL, NULL, NULL, NULL
          FROM health_events WHERE workspace_id = ${ws} AND partner_id = ${id} ORDER BY id DESC LIMIT ${recent}) AS h
        UNION ALL
        SELECT * FROM (SELECT 'n', id, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), text, user_id, permalink, at, NULL, NULL, NULL
          FROM notes WHERE workspace_id = ${ws} AND partner_id = ${id} ORDER BY id DESC LIMIT ${recent}) AS n
        UNION ALL
        SELECT 'c', NULL, count(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
          FROM notes WHERE workspace_id = ${ws} AND partner_id = ${id}`.execute(db);
      const card: PartnerCardRows = { openMilestones: [], health: [], notes: [], noteCount: 0 };
      for (const r of rows) {
        if (r.part === 'm')
          card.openMilestones.push({
            id: num(r.id),
            workspace_id: ws,
            partner_id: partnerId,
            title: text(r.s1),
            due_on: text(r.s2),
            status: 'open',
            done_at: r.s4,
            done_by: r.s5,
            created_by: text(r.s6),
            created_at: text(r.s7),
          });
        else if (r.part === 'h')
          card.health.push({
            id: num(r.id),
            workspace_id: ws,
            partner_id: partnerId,
            score: num(r.n1),
            previous: r.n2 === null ? null : Number(r.n2),
            note: r.s1,
            user_id: text(r.s2),
            at: text(r.s3),
          });
        else if (r.part === 'n')
          card.notes.push({
            id: num(r.id),
            workspace_id: ws,
            partner_id: partnerId,
            text: text(r.s1),
            user_id: text(r.s2),
            permalink: r.s3,
            at: text(r.s4),
          });
        else card.noteCount = num(r.n1);
      }
      // The order of a UNION's rows is not promised: each part is put back in its own.
      card.openMilestones.sort((a, b) => (a.due_on < b.due_on ? -1 : a.due_on > b.due_on ? 1 : a.id - b.id));
      card.health.sort((a, b) => b.id - a.id);
      card.notes.sort((a, b) => b.id - a.id);
      return card;
    },
  };
}

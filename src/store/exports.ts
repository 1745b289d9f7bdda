import type { Kysely } from 'kysely';
import type { DB, PartnerRow } from './schema';

export interface NoteExportRow {
  partner: string;
  text: string;
  user_id: string;
  permalink: string | null;
  at: string;
}

export interface MilestoneExportRow {
  partner: string;
  title: string;
  due_on: string;
  status: string;
  done_at: string | null;
  created_by: string;
}

export interface HealthExportRow {
  partner: string;
  score: number;
  previous: number | null;
  note: string | null;
  user_id: string;
  at: string;
}

/**
 * Whole tables of one workspace, for `partneros export`: current partners, in name order, and what
 * hangs off them with the partner's name, oldest first.
 */
export function exportStore(db: Kysely<DB>, ws: string) {
  const current = () =>
    db.selectFrom('partners as p').where('p.workspace_id', '=', ws).where('p.archived_at', 'is', null);
  return {
    partners: (): Promise<PartnerRow[]> => current().selectAll('p').orderBy('p.name_key').execute(),
    notes: (): Promise<NoteExportRow[]> =>
      current()
        .innerJoin('notes as n', (j) => j.onRef('n.partner_id', '=', 'p.id').on('n.workspace_id', '=', ws))
        .select(['p.name as partner', 'n.text', 'n.user_id', 'n.permalink', 'n.at'])
        .orderBy('p.name_key')
        .orderBy('n.id')
        .execute(),
    milestones: (): Promise<MilestoneExportRow[]> =>
      current()
        .innerJoin('milestones as m', (j) => j.onRef('m.partner_id', '=', 'p.id').on('m.workspace_id', '=', ws))
        .select(['p.name as partner', 'm.title', 'm.due_on', 'm.status', 'm.done_at', 'm.created_by'])
        .orderBy('p.name_key')
        .orderBy('m.due_on')
        .orderBy('m.id')
        .execute(),
    health: (): Promise<HealthExportRow[]> =>
      current()
        .innerJoin('health_events as h', (j) => j.onRef('h.partner_id', '=', 'p.id').on('h.workspace_id', '=', ws))
        .select(['p.name as partner', 'h.score', 'h.previous', 'h.note', 'h.user_id', 'h.at'])
        .orderBy('p.name_key')
        .orderBy('h.id')
        .execute(),
  };
}

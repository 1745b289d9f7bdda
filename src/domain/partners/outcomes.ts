import type { HealthEventRow, NoteRow } from '../../store/activity';
import type { Partner } from './model';

/** What the partner service hands back to the edge: a change made, a record, a page of partners. */

/** What a change did, for the reply and the notice in the partner's channel. */
export interface Change {
  partner: Partner;
  action:
    | 'added'
    | 'tier'
    | 'stage'
    | 'owner'
    | 'channel'
    | 'health'
    | 'note'
    | 'milestone'
    | 'done'
    | 'archived'
    | 'qbr'
    | 'type'
    | 'vertical';
  before?: string | number | null;
  after?: string | number | null;
  /** The note text, the milestone title or the health reason. */
  detail?: string | null;
  /** The milestone's due day; for a QBR held, when the next one is due. */
  dueOn?: string;
  actor: string;
  /** Something the user may not have meant, shown with the reply (e.g. a due date in the past). */
  warning?: string;
  /** The value was already set: nothing saved, nothing announced. */
  unchanged?: boolean;
}

export interface MilestoneView {
  id: number;
  title: string;
  dueOn: string;
  overdue: boolean;
  dueToday: boolean;
}
export interface PartnerRecord {
  partner: Partner;
  health: HealthEventRow[];
  openMilestones: MilestoneView[];
  notes: NoteRow[];
  noteCount: number;
}

export interface PartnerPage {
  partners: Partner[];
  total: number;
  page: number;
  pages: number;
  pageSize: number;
}

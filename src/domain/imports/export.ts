import { stringify } from 'csv-stringify/sync';
import type { HealthExportRow, MilestoneExportRow, NoteExportRow } from '../../store/exports';
import type { Partner } from '../partners/model';
import { PARTNER_COLUMNS } from './columns';

/**
 * CSV for `partneros export`: the import's columns for partners (so export → import changes
 * nothing), and each partner's notes, milestones or health history with its name. Quoting is
 * csv-stringify's (RFC 4180): a value with a comma, a quote or a line break is quoted.
 */

export const EXPORTS = ['partners', 'notes', 'milestones', 'health'] as const;
export type ExportKind = (typeof EXPORTS)[number];

const csv = (columns: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string =>
  stringify([[...columns], ...rows.map((r) => r.map((v) => (v === null ? '' : v)))], { record_delimiter: 'unix' });

export function partnersCsv(partners: readonly Partner[]): string {
  return csv(
    PARTNER_COLUMNS,
    partners.map((p) => [p.name, p.type, p.tier, p.stage, p.ownerUserId, p.channelId, p.vertical, p.health]),
  );
}

export const notesCsv = (rows: readonly NoteExportRow[]): string =>
  csv(
    ['name', 'note', 'by', 'at', 'link'],
    rows.map((n) => [n.partner, n.text, n.user_id, n.at, n.permalink]),
  );

export const milestonesCsv = (rows: readonly MilestoneExportRow[]): string =>
  csv(
    ['name', 'milestone', 'due', 'status', 'done_at', 'created_by'],
    rows.map((m) => [m.partner, m.title, m.due_on, m.status, m.done_at, m.created_by]),
  );

export const healthCsv = (rows: readonly HealthExportRow[]): string =>
  csv(
    ['name', 'health', 'previous', 'reason', 'by', 'at'],
    rows.map((h) => [h.partner, h.score, h.previous, h.note, h.user_id, h.at]),
  );

import type { FieldName } from '../partners/bulk';
import { ImportFileError } from './errors';
import type { CsvRow } from './csv';

/** The columns of a partner CSV, in the order export writes them. `name` is required; the rest may be left out. */
export const PARTNER_COLUMNS = ['name', 'type', 'tier', 'stage', 'owner', 'channel', 'vertical', 'health'] as const;
export type PartnerColumn = (typeof PARTNER_COLUMNS)[number];

export const COLUMN_FIELDS: readonly FieldName[] = ['type', 'tier', 'stage', 'owner', 'channel', 'vertical', 'health'];

export interface HeaderMap {
  /** Where each known column is (its cell index). */
  index: Map<PartnerColumn, number>;
  /** Columns we do not know, as written: reported and ignored. */
  ignored: string[];
  width: number;
}

const isColumn = (s: string): s is PartnerColumn => (PARTNER_COLUMNS as readonly string[]).includes(s);

/** The header line: any order, any case, spaces around names ignored. */
export function readHeader(header: CsvRow): HeaderMap {
  const index = new Map<PartnerColumn, number>();
  const ignored: string[] = [];
  header.cells.forEach((cell, i) => {
    const name = cell.trim().toLowerCase();
    if (name === '') return;
    if (!isColumn(name)) {
      ignored.push(cell.trim());
      return;
    }
    if (index.has(name))
      throw new ImportFileError(
        `Line ${header.line}: the column “${name}” appears twice.`,
        'Keep one of them (column names are compared ignoring case).',
        header.line,
      );
    index.set(name, i);
  });
  if (!index.has('name'))
    throw new ImportFileError(
      `Line ${header.line}: there is no “name” column (the columns are: ${
        header.cells
          .map((c) => c.trim())
          .filter(Boolean)
          .join(', ') || 'none'
      }).`,
      `The first line names the columns; “name” is required, and ${PARTNER_COLUMNS.slice(1).join(', ')} are optional, in any order.`,
      header.line,
    );
  return { index, ignored, width: header.cells.length };
}

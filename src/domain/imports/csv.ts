import { CsvError, parse } from 'csv-parse/sync';
import { ImportFileError } from './errors';

/**
 * A CSV file as rows of cells with the physical line each row starts on (1-based, the header is
 * line 1, blank lines counted), so every problem can name its line. Parsing is csv-parse's (RFC
 * 4180 quoting: commas, quotes and line breaks inside quoted values), never a split on commas.
 */

export interface CsvRow {
  /** The physical line the row starts on. */
  line: number;
  cells: string[];
}

export interface CsvTable {
  header: CsvRow;
  rows: CsvRow[];
  /** The separator found on the header line: `,` unless the file uses `;` or tabs (spreadsheets set to some languages). */
  delimiter: string;
}

/** Larger files are refused before parsing: ten times a 10,000-partner file. */
export const MAX_CSV_BYTES = 10 * 1024 * 1024;

const SAVE_AS = 'Save it from the spreadsheet as “CSV UTF-8 (comma delimited)” and try again.';

/** UTF-8 with or without a byte order mark; anything else is refused with how to fix it. */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes.length > MAX_CSV_BYTES)
    throw new ImportFileError(
      `The file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_CSV_BYTES / 1024 / 1024} MB.`,
      'Split it into smaller files and import them one after the other.',
    );
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    throw new ImportFileError('The file is UTF-16 (“Unicode text”), not UTF-8.', SAVE_AS);
  try {
    // fatal: a Latin-1 or Windows-1252 file fails here rather than importing “Soci�t�”.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = firstBadLine(bytes);
    throw new ImportFileError(`The file is not UTF-8 text (line ${at} has bytes that are not UTF-8).`, SAVE_AS, at);
  }
}

function firstBadLine(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    try {
      decoder.decode(bytes.subarray(start, i));
    } catch {
      return line;
    }
    line += 1;
    start = i + 1;
  }
  return line;
}

/** The separator of the header line (outside quotes): a comma, else a semicolon or a tab if only that is there. */
function delimiterOf(text: string): string {
  const first = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/, 1)[0] ?? '';
  const outside = first.replace(/"[^"]*"/g, '');
  if (outside.includes(',')) return ',';
  if (outside.includes(';')) return ';';
  if (outside.includes('\t')) return '\t';
  return ',';
}

/** With `info: true` each record comes as `{ record, info }`; csv-parse's types do not say so. */
function isInfoRecord(v: unknown): v is { record: string[]; info: { bytes: number } } {
  if (typeof v !== 'object' || v === null || !('record' in v) || !('info' in v)) return false;
  const { info, record } = v;
  return (
    Array.isArray(record) &&
    typeof info === 'object' &&
    info !== null &&
    'bytes' in info &&
    typeof info.bytes === 'number'
  );
}

/**
 * The line each record starts on, from the byte offset where the one before it ended (csv-parse's
 * own line count is off after a CRLF inside quotes): the first byte after that which is not a line
 * break (blank lines are skipped), counted in lines.
 */
function startLines(bytes: Uint8Array, ends: readonly number[]): number[] {
  const breaks: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0d) {
      if (bytes[i + 1] === 0x0a) i++;
      breaks.push(i + 1);
    } else if (bytes[i] === 0x0a) breaks.push(i + 1);
  }
  const lineAt = (offset: number): number => {
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((breaks[mid] ?? 0) <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  let previous = 0;
  return ends.map((end) => {
    let start = previous;
    while (start < end && (bytes[start] === 0x0d || bytes[start] === 0x0a)) start++;
    previous = end;
    return lineAt(start);
  });
}

/** What went wrong in csv-parse's words, in ours. */
function parseFailure(error: CsvError): ImportFileError {
  const line = typeof error.lines === 'number' ? error.lines : undefined;
  const where = line ? `line ${line}: ` : '';
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new ImportFileError(
        `A quoted value is never closed (the file ends inside quotes that open ${line ? `by line ${line}` : 'somewhere'}).`,
        'Close the quote: a value that holds a comma, a quote or a line break goes in double quotes, and a quote inside it is written twice ("").',
        line,
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new ImportFileError(
        `${where}there is text right after a closing quote.`,
        'Put the whole value in double quotes and write each quote inside it twice: "Acme ""Cloud"" Inc".',
        line,
      );
    default:
      return new ImportFileError(`${where}the file cannot be read as CSV (${error.message}).`, SAVE_AS, line);
  }
}

export function readCsv(input: Uint8Array | string): CsvTable {
  const text = (typeof input === 'string' ? input : decodeCsv(input)).replace(/^\uFEFF/, '');
  const delimiter = delimiterOf(text);
  const bytes = new TextEncoder().encode(text);
  let records: unknown[];
  try {
    records = parse(bytes, {
      delimiter,
      info: true,
      // Rows shorter than the header are read as blanks at the end; longer ones are checked later.
      relax_column_count: true,
      // A stray quote inside an unquoted value (Joe "Bud" Smith) is kept as written, as spreadsheets write it.
      relax_quotes: true,
      skip_empty_lines: true,
    });
  } catch (error) {
    if (error instanceof CsvError) throw parseFailure(error);
    throw error;
  }
  const parsed = records.filter(isInfoRecord);
  const lines = startLines(
    bytes,
    parsed.map((r) => r.info.bytes),
  );
  const rows = parsed.map(({ record }, i) => ({ line: lines[i] ?? 0, cells: record }));
  const header = rows.find((r) => r.cells.some((c) => c.trim() !== ''));
  if (!header)
    throw new ImportFileError(
      'The file is empty.',
      'The first line names the columns (at least `name`), and each line after it is one partner.',
    );
  // Lines with nothing in them (or only separators: a spreadsheet's empty rows) are skipped, still counted.
  const data = rows.filter((r) => r !== header && r.line > header.line && r.cells.some((c) => c.trim() !== ''));
  return { header, rows: data, delimiter };
}

import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EXPORTS, type ExportKind, healthCsv, milestonesCsv, notesCsv, partnersCsv } from '../domain/imports/export';
import { toPartner } from '../domain/partners/model';
import { systemClock } from '../domain/clock';
import { CliError, type CliIo } from './io';
import { openWorkspace } from './open-workspace';

/** `partneros export [file.csv]`: the partners (or their notes, milestones or health history) as CSV. */

export interface ExportOptions {
  readonly what?: string;
  readonly team?: string;
}

const isKind = (v: string): v is ExportKind => (EXPORTS as readonly string[]).includes(v);

export async function exportCommand(file: string | undefined, options: ExportOptions, io: CliIo): Promise<void> {
  const what = (options.what ?? 'partners').trim().toLowerCase();
  if (!isKind(what)) throw new CliError(`--what ${options.what}: say one of ${EXPORTS.join(', ')}.`);
  if (file !== undefined) {
    if (existsSync(file) && statSync(file).isDirectory()) throw new CliError(`${file} is a folder: give a file name.`);
    if (!existsSync(dirname(file) || '.'))
      throw new CliError(`The folder ${dirname(file)} does not exist: create it first.`);
  }
  const ws = await openWorkspace(io, { team: options.team, clock: systemClock, adopt: false, create: false });
  let text: string;
  let count: number;
  try {
    const from = ws.database.workspace(ws.workspaceId).exports;
    if (what === 'partners') {
      const partners = (await from.partners()).map(toPartner);
      [text, count] = [partnersCsv(partners), partners.length];
    } else if (what === 'notes') {
      const rows = await from.notes();
      [text, count] = [notesCsv(rows), rows.length];
    } else if (what === 'milestones') {
      const rows = await from.milestones();
      [text, count] = [milestonesCsv(rows), rows.length];
    } else {
      const rows = await from.health();
      [text, count] = [healthCsv(rows), rows.length];
    }
  } finally {
    await ws.close();
  }
  // Standard output carries the CSV alone, so it can be piped or redirected.
  if (file === undefined) return io.out(text);
  try {
    // A byte order mark, so a spreadsheet opening the file reads it as UTF-8 (import accepts it).
    writeFileSync(file, `\uFEFF${text}`, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot write ${file} (${error instanceof Error ? error.message : String(error)}).`);
  }
  io.out(
    `Wrote ${count} ${what === 'partners' ? 'partners' : `${what === 'health' ? 'health scores' : what}`} to ${file}.\n`,
  );
}

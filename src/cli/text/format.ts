import { healthBand, type HealthBand } from '../../domain/partners/model';

/**
 * How values read in a terminal: plain text as stored (nothing escaped, no markup), people and
 * channels by their Slack ids as the command line takes them (`@U123`, `#C123`).
 */

const BADGES: Record<HealthBand, string> = { green: '🟢', yellow: '🟡', red: '🔴', unset: '⚪' };

export const badge = (health: number | null): string => BADGES[healthBand(health)];
export const healthText = (health: number | null): string =>
  health === null ? '⚪ not set' : `${badge(health)} ${health}`;
export const person = (id: string | null | undefined): string => (id ? `@${id}` : 'nobody');
export const place = (id: string | null | undefined): string => (id ? `#${id}` : 'none');
export const stageText = (stage: string): string => stage.replace('_', ' ');
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
export const dateOf = (iso: string): string => iso.slice(0, 10);

/** A `/partner` command as it is typed here. */
export const runHint = (line: string): string => `npx partneros run '${line.replace(/'/g, "'\\''")}' --as <member id>`;

/** Rows of cells as aligned columns (the last column is not padded). */
export function columns(rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length)))
        .join('  ')
        .trimEnd(),
  );
}

/** Text that may hold line breaks, every line indented. */
export const indented = (text: string, indent: string): string =>
  text
    .split('\n')
    .map((l) => indent + l)
    .join('\n');

export const lines = (...parts: (string | readonly string[] | false | undefined)[]): string =>
  `${parts.flatMap((p) => (p === false || p === undefined ? [] : typeof p === 'string' ? [p] : p)).join('\n')}\n`;

/** A name that came from Slack: control characters (terminal escapes) are shown, not obeyed. */
export const clean = (text: string): string => text.replace(/\p{Cc}/gu, '�');

/** A workspace as the command line names it: its id (what `--team` takes), then its name. */
export const workspaceLabel = (w: { readonly id: string; readonly name: string | null }): string =>
  w.name ? `${w.id} (${clean(w.name)})` : w.id;

import { DateTime } from 'luxon';
import { healthBand } from '../partners/model';
import type { Person } from './model';

/**
 * Markdown pieces shared by the reports. User text (names, notes, reasons, titles) is escaped once here, so
 * a note that starts with `#`, holds a `|` or a `<!channel>` stays text in the file and in Slack's preview.
 */

const SPECIAL = /[\\`*_[\]<>|#~]/g;

/** One line of user text, safe inline and in a table cell. */
export function md(text: string): string {
  return (
    text
      .replace(/\s*[\r\n]+\s*/g, ' ')
      .trim()
      .replace(SPECIAL, (c) => `\\${c}`)
      // Only an ampersand that would read as an entity (`&copy;`) needs it: `AT&T` stays as typed.
      .replace(/&(?=#?\w+;)/g, '&amp;')
  );
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const BADGES = { green: '🟢', yellow: '🟡', red: '🔴', unset: '⚪' } as const;

export function healthText(score: number | null): string {
  return score === null ? `${BADGES.unset} not set` : `${BADGES[healthBand(score)]} ${score}`;
}

export function person(p: Person | null): string {
  if (!p) return '—';
  return p.name ? md(p.name) : md(p.id);
}

/** `2026-11-24` for an instant, in the report's zone. */
export function dayOf(at: string, zone: string): string {
  return DateTime.fromISO(at, { zone }).toISODate() ?? at.slice(0, 10);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** "in 5 days", "today", "12 days overdue". */
export function dueIn(dueOn: string, today: string): string {
  const d = daysFrom(today, dueOn);
  if (d === 0) return 'due today';
  if (d > 0) return `in ${d} day${d === 1 ? '' : 's'}`;
  return `${-d} day${d === -1 ? '' : 's'} overdue`;
}

export const STAGE_LABELS: Readonly<Record<string, string>> = {
  prospect: 'Prospect',
  recruiting: 'Recruiting',
  onboarding: 'Onboarding',
  active: 'Active',
  growing: 'Growing',
  at_risk: 'At risk',
  exited: 'Exited',
};

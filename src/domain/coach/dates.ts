import type { Result } from '../result';
import { addDays, addMonths, weekday } from '../reminders/calendar';

/**
 * Dates as people type them in a thread, read against today (in the company time zone) and written
 * `YYYY-MM-DD`. Deliberately a closed grammar, not a natural-language parser: what it reads it reads
 * one way, and everything else is refused with the form to use.
 *
 * - `2026-12-15`, `2026/12/15`; `15 Dec 2026`, `15th of December`, `December 15, 2026`, `Fri, Dec 4`
 * - `15/12/2026`, `12/15/2026`, `15.12.26`: only when the day is unambiguous (one number above 12, or both equal)
 * - `today`, `tomorrow`, `yesterday`; `friday` / `this friday`: the next Friday on or after today;
 *   `next friday`: the Friday of next week (Monday to Sunday)
 * - `in 10 days`, `in 2 weeks`, `in a month`, `3 weeks from now`; `next week` (+7 days), `next month` / `next year` (same day)
 * - `end of month|week|quarter|year`, `end of next month|quarter|year`, `start of next month|quarter|year`
 *
 * A date without a year is its next occurrence on or after today.
 */

export type DateFailure =
  | { readonly kind: 'unreadable' }
  | { readonly kind: 'ambiguous'; readonly readings: readonly [string, string] }
  | { readonly kind: 'no-day' }
  | { readonly kind: 'not-a-day' }
  | { readonly kind: 'out-of-range' };

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};
const WEEKDAYS: Readonly<Record<string, number>> = {
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  weds: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
  sun: 7,
  sunday: 7,
};
const COUNTS: Readonly<Record<string, number>> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
};

const MONTH = `(${Object.keys(MONTHS).join('|')})`;
const WEEKDAY = `(${Object.keys(WEEKDAYS).join('|')})`;
const DAY_OF_MONTH = '(\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '(\\d{4})';

const DAY_MONTH = new RegExp(`^${DAY_OF_MONTH} (?:of )?${MONTH}\\.?,?(?: ${YEAR})?$`);
const MONTH_DAY = new RegExp(`^${MONTH}\\.? ${DAY_OF_MONTH},?(?: ${YEAR})?$`);
const MONTH_YEAR = new RegExp(`^${MONTH}\\.?,? ${YEAR}$`);
const LEADING_WEEKDAY = new RegExp(`^${WEEKDAY}\\.?,? (?=\\d|${MONTH})`);
const WEEKDAY_ONLY = new RegExp(`^(?:(this|coming|next) )?${WEEKDAY}$`);
const IN_UNITS = /^(?:in )?(\d{1,3}|[a-z]+) (day|week|month|year)s?(?: (?:from (?:now|today)|later|time))?$/;
const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const NUMERIC = /^(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2}|\d{4}))?$/;
const PERIOD = /^(end|start|beginning) of (?:the )?(?:(this|next) )?(week|month|quarter|year)$/;

const ok = (value: string): Result<string, DateFailure> => ({ ok: true, value });
const fail = (failure: DateFailure): Result<string, DateFailure> => ({ ok: false, error: failure });
const pad = (n: number): string => String(n).padStart(2, '0');

/** A real calendar day (2026-02-30 is not rolled over), or null. */
function calendarDay(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

function exact(y: number, m: number, d: number): Result<string, DateFailure> {
  const day = calendarDay(y, m, d);
  if (!day) return fail({ kind: 'not-a-day' });
  return y < 2000 || y > 2100 ? fail({ kind: 'out-of-range' }) : ok(day);
}

/** The month and day in the given year, else their next occurrence on or after today (29 February waits for a leap year). */
function dated(m: number, d: number, year: number | undefined, today: string): Result<string, DateFailure> {
  if (year !== undefined) return exact(year, m, d);
  if (!calendarDay(2000, m, d)) return fail({ kind: 'not-a-day' });
  const thisYear = Number(today.slice(0, 4));
  for (let y = thisYear; y <= thisYear + 8; y++) {
    const day = calendarDay(y, m, d);
    if (day && day >= today) return ok(day);
  }
  return fail({ kind: 'not-a-day' });
}

const fullYear = (y: string | undefined): number | undefined =>
  y === undefined ? undefined : y.length === 2 ? 2000 + Number(y) : Number(y);

function lastOfMonth(day: string): string {
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  return `${y}-${pad(m)}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
}

function period(edge: string, which: string | undefined, unit: string, today: string): string {
  const start = edge !== 'end';
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  if (unit === 'week') {
    const monday = addDays(today, 1 - weekday(today));
    const base = which === 'next' ? addDays(monday, 7) : monday;
    // The end of a working week is its Friday; its start, Monday.
    return start ? base : addDays(base, 4);
  }
  const months = unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12;
  const firstMonth = unit === 'month' ? m : unit === 'quarter' ? m - ((m - 1) % 3) : 1;
  const first = addMonths(`${y}-${pad(firstMonth)}-01`, which === 'next' ? months : 0);
  return start ? first : lastOfMonth(addMonths(first, months - 1));
}

function relative(text: string, today: string): string | null {
  if (text === 'today' || text === 'now') return today;
  if (text === 'tomorrow') return addDays(today, 1);
  if (text === 'yesterday') return addDays(today, -1);
  if (text === 'day after tomorrow' || text === 'the day after tomorrow') return addDays(today, 2);
  if (text === 'next week') return addDays(today, 7);
  if (text === 'next month') return addMonths(today, 1);
  if (text === 'next year') return addMonths(today, 12);
  const shorthand: Readonly<Record<string, string>> = {
    eow: 'end of week',
    eom: 'end of month',
    eoq: 'end of quarter',
    eoy: 'end of year',
  };
  const p = PERIOD.exec(shorthand[text] ?? text);
  if (p) return period(p[1] ?? 'end', p[2], p[3] ?? 'month', today);
  const w = WEEKDAY_ONLY.exec(text);
  if (w) {
    const target = WEEKDAYS[w[2] ?? ''] ?? 1;
    const ahead = (target - weekday(today) + 7) % 7;
    if (w[1] !== 'next') return addDays(today, ahead);
    return addDays(addDays(today, 1 - weekday(today)), 7 + target - 1);
  }
  const u = IN_UNITS.exec(text);
  if (u && (text.startsWith('in ') || / (?:from|later|time)/.test(text))) {
    const n = /^\d+$/.test(u[1] ?? '') ? Number(u[1]) : COUNTS[u[1] ?? ''];
    if (n === undefined) return null;
    const unit = u[2];
    return unit === 'day'
      ? addDays(today, n)
      : unit === 'week'
        ? addDays(today, 7 * n)
        : unit === 'month'
          ? addMonths(today, n)
          : addMonths(today, 12 * n);
  }
  return null;
}

function numeric(a: number, b: number, year: number | undefined, today: string): Result<string, DateFailure> {
  if (a > 12 && b > 12) return fail({ kind: 'not-a-day' });
  if (a > 12 || a === b) return dated(b, a, year, today);
  if (b > 12) return dated(a, b, year, today);
  const dayFirst = dated(b, a, year, today);
  const monthFirst = dated(a, b, year, today);
  if (dayFirst.ok && monthFirst.ok) return fail({ kind: 'ambiguous', readings: [dayFirst.value, monthFirst.value] });
  return dayFirst.ok ? dayFirst : monthFirst;
}

/** The typed date as `YYYY-MM-DD`, counting relative dates from `today` (`YYYY-MM-DD`). */
export function parseDate(input: string, today: string): Result<string, DateFailure> {
  const text = input
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/[.!,;]+$/, '')
    .replace(/^(?:on|by|due|due on|around|before) /, '');
  const iso = ISO.exec(text);
  if (iso) return exact(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const rel = relative(text, today);
  if (rel) return ok(rel);
  const named = text.replace(LEADING_WEEKDAY, '');
  const dm = DAY_MONTH.exec(named);
  if (dm) return dated(MONTHS[dm[2] ?? ''] ?? 0, Number(dm[1]), fullYear(dm[3]), today);
  const md = MONTH_DAY.exec(named);
  if (md) return dated(MONTHS[md[1] ?? ''] ?? 0, Number(md[2]), fullYear(md[3]), today);
  if (MONTH_YEAR.test(named)) return fail({ kind: 'no-day' });
  const n = NUMERIC.exec(named);
  if (n) return numeric(Number(n[1]), Number(n[2]), fullYear(n[3]), today);
  return fail({ kind: 'unreadable' });
}

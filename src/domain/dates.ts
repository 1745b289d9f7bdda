import { InvalidValue } from './errors';
import type { Result } from './result';
import { addDays, addMonths, formatDay, weekday } from './reminders/calendar';

/**
 * Dates as people type them, in a coach thread or a `/partner` command, read against today (in the company
 * time zone) and written `YYYY-MM-DD`. PartnerOS's one date parser. Deliberately a closed grammar, not a
 * natural-language parser: what it reads it reads one way, and everything else is refused with the form to
 * use. A day and month that could be read either way round (03/04/2026) is refused, never guessed.
 *
 * - `2026-12-15`, `2026/12/15`; `15 Dec 2026`, `15th of December`, `December 15, 2026`, `Fri, Dec 4`
 * - `15/12/2026`, `12/15/2026`, `15.12.26`: only when the day is unambiguous (one number above 12, or both equal)
 * - `today`, `tomorrow`, `yesterday`; `friday` / `this friday`: the next Friday on or after today;
 *   `next friday`: the Friday of next week (Monday to Sunday); `last friday`: the Friday of last week
 * - `in 10 days`, `in 2 weeks`, `in a month`, `3 weeks from now`; `next week` (+7 days), `next month` / `next year` (same day)
 * - `end of month|week|quarter|year`, `end of next month|quarter|year`, `start of next month|quarter|year`
 *
 * A date without a year (and a bare weekday) is its next occurrence on or after today; when the day must be
 * in the past (`{ past: true }`: the day a QBR was held), its latest occurrence on or before today.
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
const WEEKDAY_ONLY = new RegExp(`^(?:(this|coming|next|last) )?${WEEKDAY}$`);
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

/** What relative dates count from: today, and whether the day is in the past (a yearless date looks back). */
interface Anchor {
  readonly today: string;
  readonly past: boolean;
}

/**
 * The month and day in the given year, else their next occurrence on or after today (their latest on or before
 * it, looking back); 29 February waits for a leap year.
 */
function dated(m: number, d: number, year: number | undefined, at: Anchor): Result<string, DateFailure> {
  if (year !== undefined) return exact(year, m, d);
  if (!calendarDay(2000, m, d)) return fail({ kind: 'not-a-day' });
  const thisYear = Number(at.today.slice(0, 4));
  for (let i = 0; i <= 8; i++) {
    const day = calendarDay(at.past ? thisYear - i : thisYear + i, m, d);
    if (day && (at.past ? day <= at.today : day >= at.today)) return ok(day);
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

function relative(text: string, at: Anchor): string | null {
  const today = at.today;
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
    const monday = addDays(today, 1 - weekday(today));
    if (w[1] === 'next') return addDays(monday, 7 + target - 1);
    if (w[1] === 'last') return addDays(monday, -7 + target - 1);
    if (at.past) return addDays(today, -((weekday(today) - target + 7) % 7));
    return addDays(today, (target - weekday(today) + 7) % 7);
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

function numeric(a: number, b: number, year: number | undefined, at: Anchor): Result<string, DateFailure> {
  if (a > 12 && b > 12) return fail({ kind: 'not-a-day' });
  if (a > 12 || a === b) return dated(b, a, year, at);
  if (b > 12) return dated(a, b, year, at);
  const dayFirst = dated(b, a, year, at);
  const monthFirst = dated(a, b, year, at);
  if (dayFirst.ok && monthFirst.ok) return fail({ kind: 'ambiguous', readings: [dayFirst.value, monthFirst.value] });
  return dayFirst.ok ? dayFirst : monthFirst;
}

/** The typed date as `YYYY-MM-DD`, counting relative dates from `today` (`YYYY-MM-DD`). */
export function parseDate(input: string, today: string, options: { past?: boolean } = {}): Result<string, DateFailure> {
  const at: Anchor = { today, past: options.past ?? false };
  const text = input
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/[.!,;]+$/, '')
    .replace(/^(?:on|by|due|due on|around|before) /, '');
  const iso = ISO.exec(text);
  if (iso) return exact(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const rel = relative(text, at);
  if (rel) return ok(rel);
  const named = text.replace(LEADING_WEEKDAY, '');
  const dm = DAY_MONTH.exec(named);
  if (dm) return dated(MONTHS[dm[2] ?? ''] ?? 0, Number(dm[1]), fullYear(dm[3]), at);
  const md = MONTH_DAY.exec(named);
  if (md) return dated(MONTHS[md[1] ?? ''] ?? 0, Number(md[2]), fullYear(md[3]), at);
  if (MONTH_YEAR.test(named)) return fail({ kind: 'no-day' });
  const n = NUMERIC.exec(named);
  if (n) return numeric(Number(n[1]), Number(n[2]), fullYear(n[3]), at);
  return fail({ kind: 'unreadable' });
}

/** What is wrong with a typed date, as the rest of a sentence that starts with the date in quotes. */
export function dateFailureText(failure: DateFailure): string {
  switch (failure.kind) {
    case 'ambiguous':
      return `could be ${failure.readings[0]} or ${failure.readings[1]}`;
    case 'no-day':
      return 'has no day of the month';
    case 'not-a-day':
      return 'is not a real calendar date';
    case 'out-of-range':
      return 'is outside 2000–2100';
    case 'unreadable':
      return 'is not a date I can read';
  }
}

/** The forms the parser reads, for help texts and the fix of a refused date. */
export const DATE_FORMS: readonly string[] = [
  '2026-12-15',
  '15 Dec 2026',
  'Dec 15',
  '15/12/2026 (only when the day is over 12)',
  'today',
  'tomorrow',
  'friday',
  'next friday',
  'in 2 weeks',
  'end of month',
  'end of next quarter',
];

/**
 * A day typed in a command (a milestone's due date, the day a QBR was held), read by the same grammar as the
 * coach: `2026-12-15`, `15 Dec 2026`, `next friday`, `in 2 weeks`, `end of month`… counted from `today`
 * (`YYYY-MM-DD` in the company time zone). A date that reads two ways (03/04/2026) is refused with the fix.
 */
export function parseDay(value: string, today: string, options: { past?: boolean } = {}): string {
  const parsed = parseDate(value, today, options);
  if (parsed.ok) return parsed.value;
  throw dayRefused(value, parsed.error);
}

/** The error for a refused day, with the fix: the forms that work, or both readings of an ambiguous one. */
export function dayRefused(value: string, failure: DateFailure): InvalidValue {
  const shown = value.trim().replace(/\s+/gu, ' ');
  if (failure.kind === 'ambiguous') {
    const [dayFirst] = failure.readings;
    return new InvalidValue(
      `“${shown}” ${dateFailureText(failure)}: the day and the month could be either way round.`,
      `Write the date as YYYY-MM-DD, e.g. ${dayFirst}, or with the month as a word, e.g. ${formatDay(dayFirst, 0)}.`,
      'date',
    );
  }
  return new InvalidValue(
    `“${shown}” ${dateFailureText(failure)}.`,
    `Write the date as YYYY-MM-DD, e.g. 2026-12-15; these work too: ${DATE_FORMS.slice(1).join(', ')}.`,
    'date',
  );
}

/** A day and a local time, as typed (`2026-12-03 14:30`). */
export interface LocalTime {
  readonly day: string;
  readonly hour: number;
  readonly minute: number;
}

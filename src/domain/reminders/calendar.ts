import { DateTime } from 'luxon';
import { localDate } from '../partners/model';

/**
 * Calendar days and send instants. A reminder belongs to a calendar day (`YYYY-MM-DD`, no zone);
 * date arithmetic on those days is plain day counting. Only turning (day, hour, zone) into an
 * instant involves a time zone, and that goes through luxon (IANA rules, DST), never through an
 * offset we add ourselves — so 09:00 stays 09:00 local on either side of a clock change.
 */

export type Day = string;

const MS_PER_DAY = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

// A tick over 100,000 partners converts days back and forth millions of times, over a few
// thousand distinct days: both directions are remembered (bounded).
const numbersByDay = new Map<string, number>();
const daysByNumber = new Map<number, Day>();
const MEMO_LIMIT = 100_000;

/** Days since 1970-01-01 (a count, not an instant). */
export function dayNumber(day: Day): number {
  let n = numbersByDay.get(day);
  if (n === undefined) {
    const m = DAY.exec(day);
    if (!m) throw new Error(`not a calendar day: ${day}`);
    n = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
    if (numbersByDay.size >= MEMO_LIMIT) numbersByDay.clear();
    numbersByDay.set(day, n);
  }
  return n;
}

export function fromDayNumber(n: number): Day {
  let day = daysByNumber.get(n);
  if (day === undefined) {
    day = new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
    if (daysByNumber.size >= MEMO_LIMIT) daysByNumber.clear();
    daysByNumber.set(n, day);
  }
  return day;
}

/** ISO weekday of a day number: day 0, 1 January 1970, was a Thursday (4). */
const weekdayOf = (n: number): number => ((((n + 3) % 7) + 7) % 7) + 1;

export const addDays = (day: Day, n: number): Day => fromDayNumber(dayNumber(day) + n);

/** b − a in days. */
export const daysBetween = (a: Day, b: Day): number => dayNumber(b) - dayNumber(a);

/** Adds calendar months; the 31st becomes the last day of a shorter month (Jan 31 + 1 = Feb 28). */
export function addMonths(day: Day, months: number): Day {
  const n = dayNumber(day);
  const d = new Date(n * MS_PER_DAY);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastOfTarget = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), lastOfTarget))).toISOString().slice(0, 10);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekday(day: Day): number {
  return weekdayOf(dayNumber(day));
}

export const WEEKDAY_NUMBERS: Readonly<Record<string, number>> = {
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  sun: 7,
};

/** The day itself if it is a working day, else the next one that is (a Saturday due date sends on Monday). */
export function onWorkingDay(day: Day, workingDays: ReadonlySet<number>): Day {
  if (workingDays.size === 0) return day;
  const start = dayNumber(day);
  let n = start;
  for (let i = 0; i < 7 && !workingDays.has(weekdayOf(n)); i++) n += 1;
  return n === start ? day : fromDayNumber(n);
}

// Every UTC offset in use is a multiple of 15 minutes, so the local day changes only on a
// 15-minute boundary: instants in the same quarter hour fall on the same local day.
const QUARTER_HOUR_MS = 900_000;
const daysByQuarter = new Map<string, Map<number, Day>>();

/** The calendar day an instant falls on in a zone. */
export function dayIn(at: Date, zone: string): Day {
  let perZone = daysByQuarter.get(zone);
  if (!perZone) {
    perZone = new Map();
    daysByQuarter.set(zone, perZone);
  }
  const quarter = Math.floor(at.getTime() / QUARTER_HOUR_MS);
  let day = perZone.get(quarter);
  if (day === undefined) {
    day = localDate(at, zone);
    if (perZone.size >= MEMO_LIMIT) perZone.clear();
    perZone.set(quarter, day);
  }
  return day;
}

const instants = new Map<string, Map<Day, number>>();

/**
 * The instant of `hour`:00 local time on `day` in `zone`. A local time that does not exist (the
 * spring-forward gap) moves forward to the first one that does (02:00 → 03:00 in New York); a
 * local time that happens twice (fall back) is the first of the two, at the earlier offset.
 */
export function sendInstant(day: Day, hour: number, zone: string): Date {
  const where = `${hour}|${zone}`;
  let perZone = instants.get(where);
  if (!perZone) {
    perZone = new Map();
    instants.set(where, perZone);
  }
  let ms = perZone.get(day);
  if (ms === undefined) {
    ms = resolveLocal(day, hour, zone);
    if (perZone.size >= MEMO_LIMIT) perZone.clear();
    perZone.set(day, ms);
  }
  return new Date(ms);
}

/** The instant of `hour`:`minute` local time on `day` in `zone`, by the same rules as sendInstant (not memoised). */
export function localInstant(day: Day, hour: number, minute: number, zone: string): Date {
  return new Date(minute === 0 ? sendInstant(day, hour, zone).getTime() : resolveLocal(day, hour, zone, minute));
}

function resolveLocal(day: Day, hour: number, zone: string, minute = 0): number {
  const [year, month, dayOfMonth] = day.split('-').map(Number);
  const wall = { year, month, day: dayOfMonth, hour, minute };
  // luxon moves a missing time forward by the gap; a repeated time it resolves to the later offset.
  const chosen = DateTime.fromObject(wall, { zone });
  // The same wall time at the offset in force a few hours earlier: if it reads back as the same
  // local time and is earlier, the wall time is repeated and this is its first occurrence.
  const before = DateTime.fromMillis(chosen.toMillis() - 3 * 3_600_000, { zone });
  const wallAsUtc = Date.UTC(year ?? 1970, (month ?? 1) - 1, dayOfMonth ?? 1, hour, minute);
  const earlier = wallAsUtc - before.offset * 60_000;
  if (earlier < chosen.toMillis()) {
    const check = DateTime.fromMillis(earlier, { zone });
    if (
      check.year === year &&
      check.month === month &&
      check.day === dayOfMonth &&
      check.hour === hour &&
      check.minute === minute
    )
      return earlier;
  }
  return chosen.toMillis();
}

/** "Tue 24 Nov" (or "Tue 24 Nov 2027" outside the current year). */
export function formatDay(day: Day, thisYear?: number): string {
  const d = new Date(dayNumber(day) * MS_PER_DAY);
  const label = d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
  return thisYear === undefined || d.getUTCFullYear() === thisYear ? label : `${label} ${d.getUTCFullYear()}`;
}

/** "09:00" in the zone. */
export function formatTime(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat('HH:mm');
}

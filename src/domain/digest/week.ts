import { DateTime } from 'luxon';
import { addDays, type Day, dayIn, sendInstant } from '../reminders/calendar';

export const DIGEST_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type DigestDay = (typeof DIGEST_DAYS)[number];

/** ISO weekday (1 = Monday) of a calendar day. */
const isoWeekday = (day: Day): number => DateTime.fromISO(day, { zone: 'UTC' }).weekday;

/** The first instant strictly after `now` at `hour` on `day` of the week, in `zone`. */
export function nextDigestAt(now: Date, day: DigestDay, hour: number, zone: string): Date {
  const want = DIGEST_DAYS.indexOf(day) + 1;
  let d = dayIn(now, zone);
  for (let i = 0; i < 15; i++, d = addDays(d, 1)) {
    if (isoWeekday(d) !== want) continue;
    const at = sendInstant(d, hour, zone);
    if (at.getTime() > now.getTime()) return at;
  }
  throw new Error(`no ${day} at ${hour}:00 in ${zone} within two weeks of ${now.toISOString()}`);
}

/** The ISO week `at` falls in, in `zone`: its key (2026-W49) and its Monday and Sunday. */
export function isoWeekOf(at: Date, zone: string): { week: string; monday: Day; sunday: Day } {
  const local = DateTime.fromJSDate(at, { zone });
  const monday = local.startOf('week').toISODate() ?? dayIn(at, zone);
  return {
    week: `${local.weekYear}-W${String(local.weekNumber).padStart(2, '0')}`,
    monday,
    sunday: addDays(monday, 6),
  };
}

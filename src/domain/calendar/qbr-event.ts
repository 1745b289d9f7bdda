import { createEvent, type EventAttributes } from 'ics';
import { DateTime } from 'luxon';
import { fileSlug } from '../file-slug';
import { localInstant } from '../reminders/calendar';
import { err, ok, type Result } from '../result';

/**
 * A partner's next QBR as an iCalendar (.ics) file, to add to a calendar from Slack. Pure: the caller
 * passes the partner, the due day, the hour and zone to hold it at, and the clock's now.
 */

export interface QbrEventInput {
  readonly partner: { readonly id: number; readonly name: string; readonly channelId: string | null };
  /** The day the QBR is due, `YYYY-MM-DD` (as the reminders compute it). */
  readonly dueOn: string;
  /** Local hour the meeting starts, 0–23: `reminders.hour`. */
  readonly hour: number;
  /** Minute past the hour, 0–59 (default 0): a time someone typed. */
  readonly minute?: number;
  /** When the meeting is held on another day than the QBR falls due (a day someone chose), the due day. */
  readonly qbrDueOn?: string;
  /** IANA zone of that hour: the owner's Slack zone, else `reminders.timezone`. */
  readonly zone: string;
  /** The Slack workspace (team id), when known: the channel link then opens the right one. */
  readonly teamId?: string;
  /** The clock's now: the file's DTSTAMP, which tells a calendar this copy is newer. */
  readonly now: Date;
}

export interface QbrEvent {
  /** The .ics text (CRLF line ends, as RFC 5545 wants). */
  readonly ics: string;
  readonly uid: string;
  readonly start: Date;
  readonly end: Date;
  /** A file name for the upload: `qbr-acme-corp-2026-11-10.ics`. */
  readonly fileName: string;
}

export const QBR_MINUTES = 60;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A link that opens the channel in Slack. `app_redirect` needs neither the workspace's domain (which we
 * do not keep) nor the desktop app: it opens Slack in the app or the browser, and `team` picks the right
 * workspace for someone signed in to several. A `slack://` deep link would only work with the app installed.
 */
export function channelLink(channelId: string, teamId?: string): string {
  const query = new URLSearchParams(teamId ? { team: teamId, channel: channelId } : { channel: channelId });
  return `https://slack.com/app_redirect?${query.toString()}`;
}

/**
 * One UID per partner and due day: downloading the file again (after a rename, a new owner or another hour)
 * updates the event already in the calendar instead of adding a second one. A new due day is a new QBR.
 */
export function qbrEventUid(partnerId: number, dueOn: string, teamId?: string): string {
  return `qbr-${teamId ? `${teamId}-` : ''}${partnerId}-${dueOn}@partneros`;
}

/** The .ics for a QBR, or a sentence saying which input is wrong. */
export function qbrEvent(input: QbrEventInput): Result<QbrEvent, string> {
  const { partner, dueOn, hour, zone, teamId, now } = input;
  const minute = input.minute ?? 0;
  if (!DAY.test(dueOn) || !DateTime.fromISO(dueOn, { zone: 'utc' }).isValid)
    return err(`the due day must be a date written YYYY-MM-DD (got ${JSON.stringify(dueOn)})`);
  if (!Number.isInteger(hour) || hour < 0 || hour > 23)
    return err(`the hour must be a whole number from 0 to 23 (got ${hour})`);
  if (!Number.isInteger(minute) || minute < 0 || minute > 59)
    return err(`the minute must be a whole number from 0 to 59 (got ${minute})`);
  if (!DateTime.local({ zone }).isValid) return err(`${JSON.stringify(zone)} is not an IANA time zone`);

  // ics reads date arrays in the server's own zone, so it gets an instant (ms) and writes it in UTC; the
  // instant comes from (day, hour, zone) with the same DST rules as the reminders.
  const start = localInstant(dueOn, hour, minute, zone);
  const end = new Date(start.getTime() + QBR_MINUTES * 60_000);
  const uid = qbrEventUid(partner.id, dueOn, teamId);
  const link = partner.channelId ? channelLink(partner.channelId, teamId) : undefined;
  const local = DateTime.fromJSDate(start, { zone });
  const description = [
    `Quarterly business review with ${partner.name}.`,
    input.qbrDueOn && input.qbrDueOn !== dueOn
      ? `Held ${dueOn}; ${local.toFormat('HH:mm')} ${zone}. The QBR falls due ${input.qbrDueOn}.`
      : `Due ${dueOn}; ${local.toFormat('HH:mm')} ${zone}.`,
    link ? `Partner channel: ${link}` : 'The partner has no channel linked in PartnerOS yet.',
  ].join('\n');
  // ics accepts `timestamp` (DTSTAMP; its own default is Date.now()) but its types leave it out.
  const attributes: EventAttributes & { timestamp: number } = {
    uid,
    productId: 'partneros/qbr',
    title: `QBR — ${partner.name}`,
    description,
    ...(link ? { url: link } : {}),
    start: start.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { minutes: QBR_MINUTES },
    timestamp: now.getTime(),
    status: 'CONFIRMED',
    busyStatus: 'BUSY',
  };
  const { error, value } = createEvent(attributes);
  // ics validates with yup; our inputs are checked above, so a failure here is a bug, not user input.
  if (error || !value) throw new Error(`ics could not write the QBR event: ${error?.message ?? 'no output'}`);
  return ok({ ics: value, uid, start, end, fileName: `qbr-${fileSlug(partner.name)}-${dueOn}.ics` });
}

import type { KnownBlock, MessageMetadata } from '@slack/types';
import type { ActResult } from '../../domain/reminders/actions';
import { dayIn, daysBetween, formatDay, formatTime, type Day } from '../../domain/reminders/calendar';
import type { ReminderDelivery as Delivery } from '../../domain/reminders/delivery';
import type { ReminderFacts } from '../../domain/reminders/model';
import { IDS } from '../ids';
import { healthText } from './partner-format';
import { channel, context, esc, message, section, strong, user, type Message } from './text';

/** A reminder post: names the partner, says what is due and how late, calls itself a reminder, carries its key. */

export const REMINDER_EVENT_TYPE = 'partneros_reminder';

/** More than this after its send time, a nudge says it is late. */
export const LATE_AFTER_MS = 3_600_000;

export type ReminderMessage = Message & { metadata: MessageMetadata };

export const reminderMetadata = (occurrenceKey: string): MessageMetadata => ({
  event_type: REMINDER_EVENT_TYPE,
  event_payload: { occurrence_key: occurrenceKey },
});

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "due in 3 days (Fri 27 Nov)", "due today (Tue 24 Nov)", "overdue by 7 days (was due Tue 17 Nov)". */
export function relativeDue(dueOn: Day, today: Day, year: number): string {
  const d = daysBetween(today, dueOn);
  if (d > 0) return `due in ${plural(d, 'day')} (${formatDay(dueOn, year)})`;
  if (d === 0) return `due today (${formatDay(dueOn, year)})`;
  return `overdue by ${plural(-d, 'day')} (was due ${formatDay(dueOn, year)})`;
}

function headline(kind: Delivery['kind'], f: ReminderFacts, today: Day, year: number): string {
  const on = (iso: string) => formatDay(dayIn(new Date(iso), f.zone), year);
  const partner = strong(f.partnerName);
  switch (kind) {
    case 'milestone':
      return `Milestone “${esc(f.title ?? '')}” for ${partner} is ${relativeDue(f.dueOn ?? today, today, year)}.`;
    case 'qbr': {
      const cadence = f.cadenceMonths ? ` (${esc(f.tier ?? '')}, every ${plural(f.cadenceMonths, 'month')})` : '';
      return `The QBR with ${partner}${cadence} is ${relativeDue(f.dueOn ?? today, today, year)}.`;
    }
    case 'health': {
      const was = f.previous === null || f.previous === undefined ? '' : ` (was ${f.previous})`;
      return `${partner}’s health dropped to ${healthText(f.score ?? null)}${was} on ${on(f.knownSince)}.`;
    }
    case 'stale': {
      const since = f.lastActivityOn ?? today;
      return `${partner} has had no activity for ${plural(daysBetween(since, today), 'day')} (since ${formatDay(since, year)}).`;
    }
    default:
      return `About ${partner}.`;
  }
}

const HINTS: Record<string, string> = {
  milestone: 'Done marks the milestone done. Snooze moves only this reminder; the milestone keeps its date.',
  qbr: 'Done records the QBR as held today, and the next one is planned from it (or: `/partner qbr-held "Name" YYYY-MM-DD`). Add to calendar sends you the meeting as a calendar file, in your DM.',
  health: 'Done means you have seen it. Health history: Open partner.',
  stale: 'Done means you have checked in; the quiet period starts again from today.',
};

function notes(d: Delivery, now: Date): string[] {
  const f = d.payload.facts;
  const out: string[] = [];
  if (now.getTime() - d.dueAt.getTime() > LATE_AFTER_MS && d.dueAt.toISOString() >= f.knownSince) {
    out.push(
      `⏰ Sent late: it was due at ${formatTime(d.dueAt, f.zone)} on ${formatDay(dayIn(d.dueAt, f.zone))} (${esc(f.zone)}); PartnerOS was offline or could not reach Slack then.`,
    );
  }
  if (f.redirectedFrom) {
    const where =
      f.redirectedFrom.target.kind === 'channel'
        ? channel(f.redirectedFrom.target.channelId)
        : user(f.redirectedFrom.target.userId);
    out.push(
      f.redirectedFrom.reason === 'shared_channel'
        ? `Sent to you rather than ${where}: that channel is shared outside your company, and health stays internal.`
        : `Sent to you because it could not be posted to ${where} (\`${esc(f.redirectedFrom.reason)}\`).`,
    );
  }
  if (d.payload.label === 'snooze') out.push('💤 You snoozed this reminder.');
  return out;
}

const button = (text: string, actionId: string, value: string, style?: 'primary') => ({
  type: 'button' as const,
  text: { type: 'plain_text' as const, text },
  action_id: actionId,
  value,
  ...(style ? { style } : {}),
});

const openButton = (d: Delivery) => button('Open partner', IDS.reminderOpen, String(d.partnerId));

/** Only a QBR is a meeting to put in a calendar. */
const calendarButtons = (d: Delivery) =>
  d.kind === 'qbr' ? [button('Add to calendar', IDS.reminderCalendar, d.key)] : [];

function body(d: Delivery, now: Date): { text: string; blocks: KnownBlock[] } {
  const f = d.payload.facts;
  const today = dayIn(now, f.zone);
  const year = Number(today.slice(0, 4));
  const line = headline(d.kind, f, today, year);
  const extra = notes(d, now);
  return {
    text: `Reminder: ${line}`,
    blocks: [section(`⏰ *Reminder:* ${line}`), ...(extra.length ? [context(...extra)] : [])],
  };
}

/** The nudge as first posted: Done, Snooze 1 day, Snooze 1 week, Open partner. */
export function renderReminder(d: Delivery, now: Date): ReminderMessage {
  const { text, blocks } = body(d, now);
  blocks.push({
    type: 'actions',
    block_id: IDS.reminderBlock,
    elements: [
      button('Done', IDS.reminderDone, d.key, 'primary'),
      button('Snooze 1 day', IDS.reminderSnoozeDay, d.key),
      button('Snooze 1 week', IDS.reminderSnoozeWeek, d.key),
      openButton(d),
      ...calendarButtons(d),
    ],
  });
  blocks.push(context(HINTS[d.kind] ?? ''));
  return { ...message(text, blocks), metadata: reminderMetadata(d.key) };
}

/** The same post once handled: the buttons give way to who did what. */
export function renderReminderResolved(result: Exclude<ActResult, { status: 'already' }>, now: Date): ReminderMessage {
  const d = result.delivery;
  const { text, blocks } = body(d, now);
  const zone = d.payload.facts.zone;
  const outcome =
    result.status === 'snoozed'
      ? `💤 Snoozed until ${formatDay(result.untilDay)}, ${formatTime(result.until, zone)} (${esc(zone)}) by ${user(result.by)}`
      : `✅ Done by ${user(result.by)}${result.what === 'qbr' ? ' — QBR recorded as held today' : result.what === 'milestone' ? ' — milestone marked done' : ''}`;
  blocks.push(context(outcome));
  // A QBR snoozed is still to be held: its calendar button stays. Once done, it has been.
  const calendar = result.status === 'snoozed' ? calendarButtons(d) : [];
  blocks.push({ type: 'actions', block_id: IDS.reminderBlock, elements: [openButton(d), ...calendar] });
  return { ...message(`${text} ${outcome}`, blocks), metadata: reminderMetadata(d.key) };
}

/** To each admin when a reminder could not be delivered. No buttons: it is a notice, not a reminder. */
export function renderAdminNotice(d: Delivery): ReminderMessage {
  const n = d.payload.notice;
  if (!n)
    return {
      ...message('A reminder could not be delivered.', [section('A reminder could not be delivered.')]),
      metadata: reminderMetadata(d.key),
    };
  const where =
    n.failedTarget.kind === 'channel' ? channel(n.failedTarget.channelId) : `${user(n.failedTarget.userId)}’s DM`;
  const what = n.exhausted
    ? `A ${n.reminderKind} reminder about ${strong(n.partnerName)} could not be delivered to ${where} after repeated tries (\`${esc(n.reason)}\`).`
    : `A ${n.reminderKind} reminder about ${strong(n.partnerName)} could not be posted to ${where} (\`${esc(n.reason)}\`).`;
  const instead = n.fallback
    ? ` It was sent to ${n.fallback.kind === 'channel' ? channel(n.fallback.channelId) : user(n.fallback.userId)} instead.`
    : '';
  const fix =
    n.reason === 'not_in_channel' || n.reason === 'channel_not_found'
      ? 'Invite PartnerOS to the channel (`/invite @PartnerOS`), or link another one with `/partner channel "Name" #channel`.'
      : n.reason === 'is_archived'
        ? 'The channel is archived: link another one with `/partner channel "Name" #channel`.'
        : n.exhausted
          ? 'Slack was unavailable; later reminders will be tried as usual.'
          : 'Check the partner’s channel and owner with `/partner show "Name"`.';
  return {
    ...message(`PartnerOS: ${what}${instead}`, [section(`:warning: ${what}${instead}`), context(fix)]),
    metadata: reminderMetadata(d.key),
  };
}

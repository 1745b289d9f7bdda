import type { KnownBlock } from '@slack/types';
import { daysBetween, formatDay } from '../../domain/reminders/calendar';
import type { ReminderListing } from '../../domain/reminders/service';
import type { UpcomingItem } from '../../domain/reminders/upcoming';
import { healthText } from './partner-format';
import {
  context,
  esc,
  escClip,
  LIMITS,
  linesToSections,
  linesWithin,
  message,
  section,
  strong,
  type Message,
} from './text';

/** `/partner reminders`: overdue first, then what falls due in the next 30 days. */

const SHOWN_LINES = 80;
/** What the lines of both groups may take together: the rest of the message is the title, headings and hint. */
const SHOWN_CHARS = LIMITS.messageChars - 1500;
/** A line shows this much of a partner name and a milestone title, counted once escaped. */
const LINE_NAME = 100;
const LINE_TITLE = 100;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function lateness(i: UpcomingItem): string {
  if (i.late > 0) return `${plural(i.late, 'day')} overdue`;
  if (i.late === 0) return 'today';
  return `in ${plural(-i.late, 'day')}`;
}

export function reminderLine(i: UpcomingItem, year: number): string {
  const day = formatDay(i.day, year);
  const who = strong(i.partnerName, LINE_NAME);
  const snoozed = i.snoozedUntil ? ` · 💤 snoozed until ${formatDay(i.snoozedUntil.slice(0, 10), year)}` : '';
  switch (i.kind) {
    case 'milestone':
      return `• ${day} · 🎯 Milestone “${escClip(i.title ?? '', LINE_TITLE)}” — ${who} · ${lateness(i)}${snoozed}`;
    case 'qbr':
      return `• ${day} · 🤝 QBR — ${who} (${esc(i.title ?? '')}, every ${plural(i.cadenceMonths ?? 0, 'month')}) · ${lateness(i)}${snoozed}`;
    case 'health': {
      const was = i.previous === null || i.previous === undefined ? '' : ` (was ${i.previous})`;
      return `• ${day} · 📉 Health dropped to ${healthText(i.score ?? null)}${was} — ${who}${snoozed}`;
    }
    case 'stale': {
      const since = i.lastActivityOn ?? i.day;
      return `• ${day} · 😶 No activity since ${formatDay(since, year)} (${plural(daysBetween(since, i.day) + i.late, 'day')}) — ${who}${snoozed}`;
    }
  }
}

export function renderReminderList(listing: ReminderListing): Message {
  const { list } = listing;
  const year = Number(list.today.slice(0, 4));
  const scope =
    listing.scope === 'partner'
      ? strong(listing.partnerName ?? '')
      : listing.scope === 'mine'
        ? 'the partners you own'
        : `every partner (${list.partners}${listing.truncated ? ', the first ones only' : ''})`;
  const title = `*Reminders* — ${scope} · today ${formatDay(list.today, year)}`;
  const blocks: KnownBlock[] = [section(title)];
  const total = list.overdue.length + list.soon.length;
  if (listing.scope === 'mine' && list.partners === 0) {
    blocks.push(section('You own no partners yet. Name one: `/partner reminders "Acme Corp"`.'));
  } else if (total === 0) {
    blocks.push(section(`Nothing is overdue, and nothing falls due before ${formatDay(list.until, year)}. 🎉`));
  }
  let budget = SHOWN_LINES;
  let chars = SHOWN_CHARS;
  const group = (heading: string, items: readonly UpcomingItem[]) => {
    if (items.length === 0) return;
    const { shown } = linesWithin(
      items.slice(0, Math.max(0, budget)).map((i) => reminderLine(i, year)),
      chars,
    );
    budget -= shown.length;
    chars -= shown.reduce((n, l) => n + l.length + 1, 0);
    const more = items.length > shown.length ? [`_…and ${items.length - shown.length} more_`] : [];
    blocks.push(...linesToSections([`*${heading}* (${items.length})`, ...shown, ...more]));
  };
  group('Overdue or needing attention', list.overdue);
  group(`Next 30 days (to ${formatDay(list.until, year)})`, list.soon);
  blocks.push(
    context(
      'Reminders go out at the configured hour in each recipient’s time zone, on working days. ' +
        'Record a QBR: `/partner qbr-held "Name" [YYYY-MM-DD]` · mark a milestone done: `/partner done "Name" "Title"`',
    ),
  );
  const fallback =
    `Reminders for ${listing.scope === 'partner' ? esc(listing.partnerName ?? '') : listing.scope === 'mine' ? 'your partners' : 'every partner'}: ` +
    `${list.overdue.length} overdue, ${list.soon.length} in the next 30 days.`;
  return message(fallback, blocks);
}

import { daysBetween, formatDay } from '../../domain/reminders/calendar';
import type { ReminderListing } from '../../domain/reminders/service';
import type { UpcomingItem } from '../../domain/reminders/upcoming';
import { healthText, lines, plural } from './format';

/** `reminders`: overdue first, then what falls due in the next 30 days. */

function lateness(i: UpcomingItem): string {
  if (i.late > 0) return `${plural(i.late, 'day')} overdue`;
  if (i.late === 0) return 'today';
  return `in ${plural(-i.late, 'day')}`;
}

function reminderLine(i: UpcomingItem, year: number): string {
  const day = formatDay(i.day, year);
  const snoozed = i.snoozedUntil ? ` · snoozed until ${formatDay(i.snoozedUntil.slice(0, 10), year)}` : '';
  switch (i.kind) {
    case 'milestone':
      return `  • ${day} · Milestone “${i.title ?? ''}” — ${i.partnerName} · ${lateness(i)}${snoozed}`;
    case 'qbr':
      return `  • ${day} · QBR — ${i.partnerName} (${i.title ?? ''}, every ${plural(i.cadenceMonths ?? 0, 'month')}) · ${lateness(i)}${snoozed}`;
    case 'health': {
      const was = i.previous === null || i.previous === undefined ? '' : ` (was ${i.previous})`;
      return `  • ${day} · Health dropped to ${healthText(i.score ?? null)}${was} — ${i.partnerName}${snoozed}`;
    }
    case 'stale': {
      const since = i.lastActivityOn ?? i.day;
      return `  • ${day} · No activity since ${formatDay(since, year)} (${plural(daysBetween(since, i.day) + i.late, 'day')}) — ${i.partnerName}${snoozed}`;
    }
  }
}

export function reminderList(listing: ReminderListing): string {
  const { list } = listing;
  const year = Number(list.today.slice(0, 4));
  const scope =
    listing.scope === 'partner'
      ? (listing.partnerName ?? '')
      : listing.scope === 'mine'
        ? 'the partners you own'
        : `every partner (${list.partners}${listing.truncated ? ', the first ones only' : ''})`;
  const group = (heading: string, items: readonly UpcomingItem[]) =>
    items.length ? ['', `${heading} (${items.length})`, ...items.map((i) => reminderLine(i, year))] : [];
  const empty =
    listing.scope === 'mine' && list.partners === 0
      ? 'You own no partners yet. Name one: reminders "Acme Corp".'
      : list.overdue.length + list.soon.length === 0
        ? `Nothing is overdue, and nothing falls due before ${formatDay(list.until, year)}.`
        : undefined;
  return lines(
    `Reminders — ${scope} · today ${formatDay(list.today, year)}`,
    empty,
    group('Overdue or needing attention', list.overdue),
    group(`Next 30 days (to ${formatDay(list.until, year)})`, list.soon),
  );
}

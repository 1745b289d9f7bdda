import { DateTime } from 'luxon';
import type { CompanyConfig } from '../../config/schema';
import type { Store } from '../../store';
import type { Clock } from '../clock';
import { InvalidValue, PartnerArchived } from '../errors';
import type { Partner } from '../partners/model';
import type { PartnerService } from '../partners/service';
import { UnknownReminder } from '../reminders/actions';
import type { LocalTime } from '../dates';
import { dayIn, localInstant } from '../reminders/calendar';
import { toDelivery } from '../reminders/delivery';
import { FINISHED_STAGES, firstSendAfter, nextQbrDue } from '../reminders/due';
import type { ReminderSettings } from '../reminders/model';
import { qbrEvent, type QbrEvent } from './qbr-event';

/**
 * The QBR calendar file for a partner, from a reminder's Add to calendar button or `/partner qbr-invite`.
 * By default the meeting is on the QBR's due day at the reminder hour, in the owner's zone (the one their
 * reminders use); a time someone types is in their own zone. A due day already past moves to the next
 * reminder slot: an event in the past helps nobody.
 */

export interface QbrInvite {
  readonly event: QbrEvent;
  readonly partner: Partner;
  /** The zone the meeting's time is given in. */
  readonly zone: string;
  /** When the QBR falls due (null: the partner has no QBR planned). */
  readonly qbrDueOn: string | null;
  /** Why the meeting is not at the reminder hour on the due day: it was overdue, or someone chose the time. */
  readonly moved?: 'overdue' | 'chosen';
}

interface InviteDeps {
  store: Store;
  clock: Clock;
  company: CompanyConfig;
  partners: PartnerService;
  settings: ReminderSettings;
}

const hhmm = (t: { hour: number; minute: number }) =>
  `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;

export function qbrInvites(deps: InviteDeps) {
  const { store, clock, company, partners, settings } = deps;
  // The channel link opens the right workspace for someone signed in to several; an org id is no team.
  const teamId = /^T[A-Z0-9]+$/.test(store.workspaceId) ? store.workspaceId : undefined;

  const zoneOf = async (userId: string | null): Promise<string> =>
    (userId ? (await store.slackUsers.get(userId))?.tz : undefined) ?? company.reminders.timezone;

  function make(
    partner: Partner,
    input: { day: string; hour: number; minute: number; zone: string; qbrDueOn?: string },
  ) {
    const made = qbrEvent({
      partner: { id: partner.id, name: partner.name, channelId: partner.channelId },
      dueOn: input.day,
      hour: input.hour,
      minute: input.minute,
      zone: input.zone,
      ...(input.qbrDueOn ? { qbrDueOn: input.qbrDueOn } : {}),
      ...(teamId ? { teamId } : {}),
      now: clock.now(),
    });
    // Every input is checked before (a typed time by the parser, zones by Slack and the config schema).
    if (!made.ok) throw new Error(`QBR event: ${made.error}`);
    return made.value;
  }

  /** The due day at the reminder hour in the owner's zone, or the next reminder slot when that has passed. */
  async function onDueDay(partner: Partner, dueOn: string): Promise<QbrInvite> {
    const zone = await zoneOf(partner.ownerUserId);
    const now = clock.now();
    if (localInstant(dueOn, settings.hour, 0, zone) > now)
      return {
        partner,
        zone,
        qbrDueOn: dueOn,
        event: make(partner, { day: dueOn, hour: settings.hour, minute: 0, zone }),
      };
    const day = dayIn(firstSendAfter(now, settings, zone), zone);
    const event = make(partner, { day, hour: settings.hour, minute: 0, zone, qbrDueOn: dueOn });
    return { partner, zone, qbrDueOn: dueOn, event, moved: 'overdue' };
  }

  async function nextDue(partner: Partner): Promise<string> {
    if (FINISHED_STAGES.has(partner.stage))
      throw new InvalidValue(
        `“${partner.name}” has exited the program: no QBR is planned.`,
        'QBRs are planned for current partners.',
        'partner',
      );
    return nextQbrDue(partner, (await store.qbrs.last(partner.id))?.held_on, settings).dueOn;
  }

  return {
    /**
     * The Add to calendar button: the QBR a posted reminder is about, found by its occurrence key among
     * this workspace's reminders only (a key from elsewhere is unknown here).
     */
    async inviteForOccurrence(key: string): Promise<QbrInvite> {
      const row = await store.deliveries.byKey(key);
      const delivery = row && toDelivery(row);
      if (delivery?.kind !== 'qbr') throw new UnknownReminder();
      const partner = await partners.findById(delivery.partnerId);
      if (partner.archivedAt) throw new PartnerArchived(partner.name);
      return onDueDay(partner, delivery.payload.facts.dueOn ?? (await nextDue(partner)));
    },

    /** `/partner qbr-invite <name> [day time]`: the next QBR, or a meeting at the time typed (in `requester`'s zone). */
    async inviteForPartner(name: string, at: LocalTime | undefined, requester: string): Promise<QbrInvite> {
      const { partner } = await partners.find(name);
      if (partner.archivedAt) throw new PartnerArchived(partner.name);
      const dueOn = await nextDue(partner);
      if (!at) return onDueDay(partner, dueOn);
      const zone = await zoneOf(requester);
      const now = clock.now();
      if (localInstant(at.day, at.hour, at.minute, zone) <= now)
        throw new InvalidValue(
          `${at.day} ${hhmm(at)} (${zone}) has already passed: it is ${DateTime.fromJSDate(now, { zone }).toFormat('yyyy-MM-dd HH:mm')} there now.`,
          `Give a day and time to come, e.g. \`/partner qbr-invite "${partner.name}" ${dueOn} 14:00\`, or leave them out for the QBR’s due day (${dueOn}).`,
          'date',
        );
      const event = make(partner, { ...at, zone, qbrDueOn: dueOn });
      return { partner, zone, qbrDueOn: dueOn, event, moved: 'chosen' };
    },
  };
}

export type QbrInvites = ReturnType<typeof qbrInvites>;

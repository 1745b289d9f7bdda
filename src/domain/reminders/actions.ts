import type { CompanyConfig } from '../../config/schema';
import type { Store, Tables } from '../../store';
import type { Clock } from '../clock';
import { DomainError } from '../errors';
import type { PartnerService } from '../partners/service';
import { addDays, dayIn, onWorkingDay, sendInstant, type Day } from './calendar';
import { type ReminderDelivery, toDelivery, toNewDelivery } from './delivery';
import type { ReminderSettings } from './model';
import { recordQbr } from './qbr';

export type ReminderAction = 'done' | 'snooze_day' | 'snooze_week';

export type ActResult =
  | { status: 'done'; delivery: ReminderDelivery; by: string; what: 'milestone' | 'qbr' | 'acknowledged' }
  | { status: 'snoozed'; delivery: ReminderDelivery; by: string; until: Date; untilDay: Day }
  /** A second click, or a click on a reminder already handled: nothing changes. */
  | { status: 'already'; delivery: ReminderDelivery };

export class UnknownReminder extends DomainError {
  readonly code = 'unknown_reminder';
  constructor() {
    super(
      'I no longer know this reminder.',
      'It may come from an older copy of PartnerOS. See what is due with `/partner reminders`.',
    );
  }
}

const SNOOZE_DAYS: Record<Exclude<ReminderAction, 'done'>, number> = { snooze_day: 1, snooze_week: 7 };

/**
 * Done and Snooze on a posted reminder. Each message is acted on once: the first click claims the
 * key `reminder:<occurrence key>` in processed_events in the same transaction as its effect, so a
 * double click or a replayed payload changes nothing.
 */
export function reminderActions(deps: {
  store: Store;
  clock: Clock;
  company: CompanyConfig;
  partners: PartnerService;
  settings: ReminderSettings;
}) {
  const { store, clock, company, partners, settings } = deps;

  async function done(
    tx: Tables,
    d: ReminderDelivery,
    actor: string,
    at: string,
  ): Promise<'milestone' | 'qbr' | 'acknowledged'> {
    if (d.kind === 'milestone' && d.itemId !== null) {
      if (await tx.milestones.markDone(d.itemId, at, actor)) {
        await tx.audit.write({
          at,
          user_id: actor,
          partner_id: d.partnerId,
          action: 'milestone.done',
          detail: { id: d.itemId, title: d.payload.facts.title, via: 'reminder' },
        });
      }
      return 'milestone';
    }
    if (d.kind === 'qbr') {
      await recordQbr(tx, {
        partnerId: d.partnerId,
        heldOn: dayIn(clock.now(), company.reminders.timezone),
        actor,
        at,
      });
      return 'qbr';
    }
    // Health and quietness: "seen, on it" — which is activity, so a new quiet period starts now.
    await tx.audit.write({
      at,
      user_id: actor,
      partner_id: d.partnerId,
      action: 'reminder.done',
      detail: { key: d.key },
    });
    return 'acknowledged';
  }

  async function snooze(
    tx: Tables,
    d: ReminderDelivery,
    actor: string,
    at: string,
    days: number,
  ): Promise<{ until: Date; untilDay: Day }> {
    const zone = d.payload.facts.zone;
    const untilDay = onWorkingDay(addDays(dayIn(clock.now(), zone), days), settings.workingDays);
    const until = sendInstant(untilDay, settings.hour, zone);
    await tx.snoozes.set({
      item_key: d.itemKey,
      partner_id: d.partnerId,
      until_at: until.toISOString(),
      user_id: actor,
      at,
    });
    await tx.deliveries.cancelPendingForItem(d.itemKey, `snoozed until ${until.toISOString()}`);
    // The snoozed nudge itself, scheduled: its key names the day, so snoozing twice to the same day posts once.
    await tx.deliveries.insertAll(
      [
        toNewDelivery(
          {
            key: `${d.itemKey}:snooze:${untilDay}`,
            itemKey: d.itemKey,
            kind: d.kind,
            partnerId: d.partnerId,
            itemId: d.itemId,
            target: d.target,
            dueAt: until,
            notBefore: until,
            payload: { ...d.payload, label: 'snooze', day: untilDay },
          },
          at,
        ),
      ],
      (key) => `superseded by ${key}`,
    );
    await tx.audit.write({
      at,
      user_id: actor,
      partner_id: d.partnerId,
      action: 'reminder.snoozed',
      detail: { key: d.key, until: until.toISOString() },
    });
    return { until, untilDay };
  }

  /** Applies Done / Snooze to the reminder posted as `key`. Throws DomainError when this user may not. */
  async function act(key: string, action: ReminderAction, actor: string): Promise<ActResult> {
    const row = await store.deliveries.byKey(key);
    const delivery = row ? toDelivery(row) : undefined;
    // Admin notices and digests carry no Done or Snooze.
    if (!delivery || delivery.kind === 'notice' || delivery.kind === 'digest') throw new UnknownReminder();
    await partners.editable(delivery.partnerId, actor); // the same rule as every change: owner or admin, not archived
    const at = clock.now().toISOString();
    return store.transaction(async (tx): Promise<ActResult> => {
      if (!(await tx.processedEvents.claim(`reminder:${key}`, at))) return { status: 'already', delivery };
      if (action === 'done') {
        const what = await done(tx, delivery, actor, at);
        await tx.snoozes.clear(delivery.itemKey);
        await tx.deliveries.cancelPendingForItem(delivery.itemKey, `done by ${actor}`);
        return { status: 'done', delivery, by: actor, what };
      }
      const snoozed = await snooze(tx, delivery, actor, at, SNOOZE_DAYS[action]);
      return { status: 'snoozed', delivery, by: actor, ...snoozed };
    });
  }

  return { act };
}

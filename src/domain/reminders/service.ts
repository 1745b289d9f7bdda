import type { CompanyConfig } from '../../config/schema';
import type { Store } from '../../store';
import type { SnapshotPartnerRow } from '../../store/reminder-snapshot';
import type { Clock } from '../clock';
import type { PartnerService } from '../partners/service';
import { reminderActions } from './actions';
import { encodeTarget, type RetryPolicy } from './delivery';
import { reminderSettings, type ReminderSettings } from './model';
import { outboxStates } from './outbox';
import { planDue } from './plan';
import { reminderRetention } from './retention';
import { loadSnapshot } from './snapshot';
import { upcoming, type UpcomingList } from './upcoming';

export interface ReminderServiceDeps {
  store: Store;
  clock: Clock;
  company: CompanyConfig;
  partners: PartnerService;
  /** This process, in the outbox rows it claims (a random id: PID 1 is reused in every container). */
  holder: string;
  /** Tests shorten the waits; `random` draws the jitter (default Math.random). */
  retry?: { policy?: Partial<RetryPolicy>; random?: () => number };
}

/** What `/partner reminders` covers: one partner, the user's own, or (for admins) every partner. */
export interface ReminderListing {
  scope: 'partner' | 'mine' | 'all';
  partnerName?: string;
  list: UpcomingList;
  truncated: boolean;
}

/** An admin's listing reads at most this many partners, so it stays inside Slack's 3-second ack. */
export const LISTING_MAX_PARTNERS = 5_000;

/** Time zones are read again after a day; people move. */
const ZONE_TTL_MS = 24 * 3_600_000;

/** The settings a planned instant depends on: when they change, every partner is planned again. */
const PLANNED_WITH = 'reminders.planned_with';

/**
 * Reminders, domain side: planning what is due (plan.ts), the outbox's states (outbox.ts), the
 * buttons (actions.ts), pruning (retention.ts), listings and what we know of recipients' zones.
 * No Slack here: src/slack/reminders posts and reports back through these calls.
 */
export function reminderService(deps: ReminderServiceDeps) {
  const { store, clock, company } = deps;
  const settings: ReminderSettings = reminderSettings(company);
  const nowIso = () => clock.now().toISOString();

  /**
   * `/partner reminders [partner]`: a partner's items; without one, the user's own partners, or every partner for
   * admins (unless `mine`, as on App Home).
   */
  async function listing(
    actor: string,
    partnerName?: string,
    options: { mine?: boolean } = {},
  ): Promise<ReminderListing> {
    const now = clock.now();
    const build = async (
      scope: ReminderListing['scope'],
      rows: readonly SnapshotPartnerRow[],
      truncated = false,
      name?: string,
    ): Promise<ReminderListing> => ({
      scope,
      truncated,
      ...(name ? { partnerName: name } : {}),
      list: upcoming(await loadSnapshot(store, rows, settings, now), settings, now),
    });
    if (partnerName !== undefined) {
      const partner = await deps.partners.findPartner(partnerName);
      return build('partner', await store.reminderSnapshot.partners([partner.id]), false, partner.name);
    }
    if (company.admins.includes(actor) && !options.mine) {
      const rows = await store.reminderSnapshot.page(0, LISTING_MAX_PARTNERS + 1);
      return build('all', rows.slice(0, LISTING_MAX_PARTNERS), rows.length > LISTING_MAX_PARTNERS);
    }
    return build('mine', await store.reminderSnapshot.partnersOwnedBy(actor));
  }

  return {
    settings,
    listing,
    act: reminderActions({ store, clock, company, partners: deps.partners, settings }).act,
    pruneDaily: reminderRetention({ store, clock, settings }).pruneDaily,
    ...outboxStates({ store, clock, company, settings, holder: deps.holder, retry: deps.retry }),
    /** What fell due since the last tick, into the outbox; see plan.ts. */
    planDue: (now: Date, options?: Parameters<typeof planDue>[2]) => planDue({ store, settings }, now, options),
    /**
     * Once at start: if the reminder settings (hours, zones, lead times, tiers, admins…) differ
     * from those the schedule was planned with, every partner is planned again at the next tick.
     */
    async replanIfSettingsChanged(): Promise<boolean> {
      const fingerprint = JSON.stringify({
        ...settings,
        workingDays: [...settings.workingDays],
        cadence: [...settings.cadence],
      });
      if ((await store.meta.get(PLANNED_WITH)) === fingerprint) return false;
      await store.transaction(async (tx) => {
        await tx.schedule.replanAll();
        await tx.meta.set(PLANNED_WITH, fingerprint);
        await tx.slackUsers.ensure(company.admins);
      });
      return true;
    },
    /** People whose time zone we do not know yet, or not since a day: owners of partners and the admins. */
    usersNeedingZone: (limit: number): Promise<string[]> =>
      store.slackUsers.stale(new Date(clock.now().getTime() - ZONE_TTL_MS).toISOString(), limit),
    /**
     * `tz` null: Slack would not say (the default zone applies until the next try). A zone that
     * changed moves the send times of that person's reminders: their partners are planned again.
     */
    async saveZone(userId: string, tz: string | null): Promise<void> {
      const before = await store.slackUsers.saveTz(userId, tz, nowIso());
      if ((before ?? null) === tz) return;
      if (company.admins.includes(userId)) await store.schedule.replanAll();
      else await store.schedule.replanOwnedBy(userId);
    },
    dmChannel: async (userId: string): Promise<string | undefined> =>
      (await store.slackUsers.get(userId))?.dm_channel ?? undefined,
    saveDmChannel: (userId: string, channelId: string) => store.slackUsers.saveDm(userId, channelId),
    encodeTarget,
  };
}

export type ReminderService = ReturnType<typeof reminderService>;

import type { CompanyConfig } from '../../config/schema';
import type { Store } from '../../store';
import type { SnapshotPartnerRow } from '../../store/reminder-snapshot';
import type { ClaimedPlan } from '../../store/schedule';
import type { Clock } from '../clock';
import type { PartnerService } from '../partners/service';
import { qbrInvites } from '../calendar/invites';
import { reminderActions } from './actions';
import { encodeTarget, type RetryPolicy } from './delivery';
import { reminderSettings, type ReminderSettings } from './model';
import { outboxStates } from './outbox';
import { planClaimed } from './plan';
import { loadSnapshot } from './snapshot';
import { upcoming, type UpcomingList } from './upcoming';

export interface ReminderServiceDeps {
  store: Store;
  clock: Clock;
  company: CompanyConfig;
  partners: PartnerService;
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

/**
 * One workspace's reminders, domain side: planning what is due (plan.ts), the outbox's states
 * (outbox.ts), the buttons (actions.ts), listings and what we know of recipients' zones. What
 * spans workspaces (claims, pruning) is program.ts's. No Slack here: src/slack/reminders posts and
 * reports back through these calls.
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
    /** QBR calendar files: inviteForOccurrence (a reminder's button), inviteForPartner (`/partner qbr-invite`). */
    ...qbrInvites({ store, clock, company, partners: deps.partners, settings }),
    ...outboxStates({ store, clock, company, settings, retry: deps.retry }),
    /** Partners of this workspace the schedule said were due: see plan.ts. */
    planClaimed: (claimed: readonly ClaimedPlan[], now: Date) => planClaimed({ store, settings }, claimed, now),
    /** Its settings were saved: every partner of the workspace is planned again at the next tick. */
    replanAll: () => store.schedule.replanAll(),
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

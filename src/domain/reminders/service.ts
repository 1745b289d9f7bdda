import type { CompanyConfig } from '../../config/schema';
import type { Store } from '../../store';
import type { NewDelivery } from '../../store/reminders';
import type { Clock } from '../clock';
import type { PartnerService } from '../partners/service';
import { reminderActions } from './actions';
import { nextQbrDue, dueOccurrences } from './due';
import {
  encodeTarget,
  occurrenceRow,
  retryDelayMs,
  RETRY_POLICY,
  type RetryPolicy,
  toDelivery,
  toNewDelivery,
  type AdminNotice,
  type Delivery,
  type NewDeliverySpec,
} from './delivery';
import { reminderSettings, type DeliveryTarget, type ReminderSettings } from './model';
import { reminderRetention } from './retention';
import { knownZones, loadSnapshot } from './snapshot';
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

export interface EnqueueOptions {
  /** Partners per slice: one read, one pure computation and one insert transaction each (default 1,000, ~50–150 ms at most). */
  chunkSize?: number;
  /** Called between slices so acks and button clicks are served meanwhile. */
  pause?: () => Promise<void>;
  shouldStop?: () => boolean;
}

export interface EnqueueReport {
  partners: number;
  occurrences: number;
  inserted: number;
  chunks: number;
  maxChunkMs: number;
  ms: number;
}

/** Time zones are read again after a day; people move. */
const ZONE_TTL_MS = 24 * 3_600_000;

/**
 * The reminder outbox, domain side: what is due (enqueue), what may be sent now (claim), and what
 * became of each attempt (sent, retried, refused with its fallbacks). No Slack here: the Slack side
 * (src/slack/reminders) posts and reports back through these calls.
 */
export function reminderService(deps: ReminderServiceDeps) {
  const { store, clock, company } = deps;
  const settings: ReminderSettings = reminderSettings(company);
  const nowIso = () => clock.now().toISOString();
  const retryPolicy: RetryPolicy = { ...RETRY_POLICY, ...deps.retry?.policy };
  const random = deps.retry?.random ?? Math.random;
  /** When failure number `failures` of a row may be retried (or its channel's history read). */
  const retryAt = (failures: number): string =>
    new Date(clock.now().getTime() + retryDelayMs(failures, random, retryPolicy)).toISOString();

  // Keys due at the last tick and known to be in the outbox. Rows are pruned only once the rules can
  // no longer compute their key (retention.ts), so "known" cannot go stale; the set holds only what
  // was due last time, so it stays small.
  let enqueued = new Set<string>();

  /** Computes due occurrences for every active partner, slice by slice, and inserts the new ones. */
  async function enqueueDue(now: Date, options: EnqueueOptions = {}): Promise<EnqueueReport> {
    const chunkSize = options.chunkSize ?? 1_000;
    const seen = new Set<string>();
    const started = performance.now();
    const zones = knownZones(store);
    const report: EnqueueReport = { partners: 0, occurrences: 0, inserted: 0, chunks: 0, maxChunkMs: 0, ms: 0 };
    for (let after = 0; ; ) {
      if (options.shouldStop?.()) break;
      const t0 = performance.now();
      const rows = store.reminderSnapshot.partners(after, chunkSize);
      if (rows.length === 0) break;
      const occurrences = dueOccurrences(loadSnapshot(store, rows, settings, now, zones), settings, now);
      // Most due occurrences were enqueued by an earlier tick: skipping them is cheaper than
      // serialising a row for an INSERT that would do nothing (ON CONFLICT still guards races).
      const newRows: NewDelivery[] = [];
      for (const o of occurrences) {
        seen.add(o.key);
        if (!enqueued.has(o.key) && !store.deliveries.has(o.key)) newRows.push(occurrenceRow(o, now));
      }
      report.inserted += store.transaction(() => store.deliveries.insertAll(newRows, (key) => `superseded by ${key}`));
      report.partners += rows.length;
      report.occurrences += occurrences.length;
      report.chunks += 1;
      report.maxChunkMs = Math.max(report.maxChunkMs, performance.now() - t0);
      after = rows[rows.length - 1]?.id ?? after;
      if (rows.length < chunkSize) break;
      await options.pause?.();
    }
    enqueued = options.shouldStop?.() ? new Set([...enqueued, ...seen]) : seen;
    report.ms = performance.now() - started;
    return report;
  }

  /** Why a claimed row should no longer be sent, or null. Runs inside the claim transaction. */
  function unwanted(d: Delivery): string | null {
    if (d.kind === 'notice') return null;
    const partner = store.partners.findById(d.partnerId);
    if (!partner || partner.archived_at) return 'partner archived';
    if (d.kind === 'milestone' && d.itemId !== null) {
      const m = store.reminderSnapshot.milestone(d.itemId);
      if (m?.status !== 'open') return `milestone ${m?.status ?? 'deleted'}`;
    }
    if (d.kind === 'qbr') {
      const next = nextQbrDue(
        { tier: partner.tier, createdAt: partner.created_at },
        store.qbrs.last(d.partnerId)?.held_on,
        settings,
      );
      if (next.dueOn !== d.payload.facts.dueOn) return `QBR re-planned for ${next.dueOn}`;
    }
    if (d.kind === 'stale') {
      const last = store.reminderSnapshot.lastActivity(d.partnerId, d.partnerId)[0]?.at;
      if (last && last > d.payload.facts.knownSince) return 'partner active again';
    }
    return null;
  }

  /** pending → sending for up to `limit` rows due now, in one IMMEDIATE transaction; rows no longer wanted are cancelled instead. */
  function claim(limit: number, wallMs: number): Delivery[] {
    const now = nowIso();
    return store.immediate(() => {
      const out: Delivery[] = [];
      for (const row of store.deliveries.claim(now, wallMs, limit)) {
        const d = toDelivery(row);
        const reason = unwanted(d);
        if (reason) store.deliveries.cancel(d.id, `no longer due: ${reason}`);
        else out.push(d);
      }
      return out;
    });
  }

  function insert(specs: readonly NewDeliverySpec[]): number {
    const at = nowIso();
    const rows: NewDelivery[] = specs.map((s) => toNewDelivery(s, at));
    return store.deliveries.insertAll(rows, (key) => `superseded by ${key}`);
  }

  function giveUp(d: Delivery, failures: number, error: string): { gaveUp: true; admins: number } {
    return store.transaction(() => {
      store.deliveries.markFailed(d.id, `gave up after ${failures} attempts: ${error}`);
      return { gaveUp: true, admins: insert(noticeSpecs(d, { reason: error, fallback: null, exhausted: true })) };
    });
  }

  /** Admin notices about a reminder that could not be delivered (none when no admins are set). */
  function noticeSpecs(
    d: Delivery,
    notice: Omit<AdminNotice, 'failedKey' | 'failedTarget' | 'reminderKind' | 'partnerName'>,
  ): NewDeliverySpec[] {
    if (d.kind === 'notice') return [];
    const now = clock.now();
    const failedUser = d.target.kind === 'user' ? d.target.userId : undefined;
    return company.admins
      .filter((a) => a !== failedUser)
      .map((admin) => ({
        key: `${d.key}:notice@${admin}`,
        itemKey: `notice:${d.key}`,
        kind: 'notice',
        partnerId: d.partnerId,
        itemId: d.itemId,
        target: { kind: 'user', userId: admin },
        dueAt: now,
        notBefore: now,
        payload: {
          ...d.payload,
          facts: { ...d.payload.facts, role: 'admin' },
          notice: {
            ...notice,
            failedKey: d.key,
            failedTarget: d.target,
            reminderKind: d.kind as AdminNotice['reminderKind'],
            partnerName: d.payload.facts.partnerName,
          },
        },
      }));
  }

  /** The next stop of the chain after a target refused: channel → owner's DM → admins. */
  function fallbackSpecs(d: Delivery, reason: string): { specs: NewDeliverySpec[]; fallback: DeliveryTarget | null } {
    if (d.kind === 'notice') return { specs: [], fallback: null };
    const owner = store.partners.findById(d.partnerId)?.owner_user_id ?? null;
    const now = clock.now();
    const base = {
      itemKey: d.itemKey,
      kind: d.kind,
      partnerId: d.partnerId,
      itemId: d.itemId,
      dueAt: d.dueAt,
      notBefore: now,
    };
    const redirectedFrom = { target: d.target, reason };
    if (d.target.kind === 'channel' && owner) {
      const target: DeliveryTarget = { kind: 'user', userId: owner };
      return {
        fallback: target,
        specs: [
          {
            ...base,
            key: `${d.key}:dm`,
            target,
            payload: { ...d.payload, facts: { ...d.payload.facts, role: 'owner', redirectedFrom } },
          },
        ],
      };
    }
    const failedUser = d.target.kind === 'user' ? d.target.userId : undefined;
    const admins = d.payload.facts.role === 'admin' ? [] : company.admins.filter((a) => a !== failedUser);
    if (admins.length === 0) return { specs: [], fallback: null };
    return {
      fallback: { kind: 'user', userId: admins[0] ?? '' },
      specs: admins.map((a) => ({
        ...base,
        key: `${d.key}:admin@${a}`,
        target: { kind: 'user', userId: a } as DeliveryTarget,
        payload: { ...d.payload, facts: { ...d.payload.facts, role: 'admin' as const, redirectedFrom } },
      })),
    };
  }

  /**
   * `/partner reminders [partner]`: a partner's items; without one, the user's own partners, or every partner for
   * admins (unless `mine`, as on App Home).
   */
  function listing(actor: string, partnerName?: string, options: { mine?: boolean } = {}): ReminderListing {
    const now = clock.now();
    const zones = knownZones(store);
    const build = (
      scope: ReminderListing['scope'],
      rows: ReturnType<Store['reminderSnapshot']['partners']>,
      truncated = false,
      name?: string,
    ): ReminderListing => ({
      scope,
      truncated,
      ...(name ? { partnerName: name } : {}),
      list: upcoming(loadSnapshot(store, rows, settings, now, zones, { allMilestones: true }), settings, now),
    });
    if (partnerName !== undefined) {
      const partner = deps.partners.findPartner(partnerName);
      const row = store.reminderSnapshot.partner(partner.id);
      return build('partner', row ? [row] : [], false, partner.name);
    }
    if (company.admins.includes(actor) && !options.mine) {
      const rows = store.reminderSnapshot.partners(0, LISTING_MAX_PARTNERS + 1);
      return build('all', rows.slice(0, LISTING_MAX_PARTNERS), rows.length > LISTING_MAX_PARTNERS);
    }
    return build('mine', store.reminderSnapshot.partnersOwnedBy(actor));
  }

  return {
    settings,
    enqueueDue,
    listing,
    act: reminderActions({ store, clock, company, partners: deps.partners, settings }).act,
    pruneDaily: reminderRetention({ store, clock, settings }).pruneDaily,
    claim,
    /**
     * Rows a crash or a timeout left in 'sending': the Slack side checks the channel history before
     * anything is re-sent. With `dueBy`, only those whose check is due (a timeout waits like a retry).
     */
    inDoubt: (dueBy?: Date): Delivery[] => store.deliveries.sending(dueBy?.toISOString()).map(toDelivery),
    /** The earliest moment a row waiting for a retry (or a history check) may be tried; null when none waits. */
    nextAttemptAt: (): Date | null => {
      const at = store.deliveries.nextAttemptAt();
      return at === undefined ? null : new Date(at);
    },
    /** Where a row is about to be posted; recorded before the post so a restart knows which history to read. */
    postingTo: (d: Delivery, channelId: string) => store.deliveries.setChannel(d.id, channelId),
    sent: (d: Delivery, ts: string, channelId: string): boolean =>
      store.deliveries.markSent(d.id, ts, channelId, nowIso()),
    /** Not sent and not tried: back to pending (stopping, a lost lease, a channel waiting out a long Retry-After). */
    release: (d: Delivery, notBefore?: Date) => store.deliveries.release(d.id, notBefore?.toISOString()),
    /** A transient failure: try again after RETRY_POLICY's wait, or give up after its last retry and tell the admins. */
    retry(d: Delivery, error: string): { gaveUp: boolean; admins: number } {
      const failures = d.attempts + 1;
      if (failures > retryPolicy.retries) return giveUp(d, failures, error);
      store.deliveries.retryLater(d.id, error, retryAt(failures));
      return { gaveUp: false, admins: 0 };
    },
    /** Slack may or may not have the post (a timeout): it stays 'sending' until its channel's history says, read after the same wait as a retry. */
    unknown(d: Delivery, error: string): { gaveUp: boolean; admins: number } {
      const failures = d.attempts + 1;
      if (failures > retryPolicy.retries) return giveUp(d, failures, error);
      store.deliveries.markUnknown(d.id, `unknown: ${error}`, retryAt(failures));
      return { gaveUp: false, admins: 0 };
    },
    /** A permanent refusal (channel gone, bot removed, user deactivated): failed, the next target of the chain, and a notice to each admin. */
    refused(d: Delivery, error: string): { fallback: DeliveryTarget | null; admins: number } {
      return store.transaction(() => {
        store.deliveries.markFailed(d.id, error);
        const { specs, fallback } = fallbackSpecs(d, error);
        insert(specs);
        const admins = insert(noticeSpecs(d, { reason: error, fallback, exhausted: false }));
        return { fallback, admins };
      });
    },
    /** Not for this channel (health in a channel shared outside the company): sent to the owner's DM instead, no alarm. */
    redirect(d: Delivery, reason: string): DeliveryTarget | null {
      return store.transaction(() => {
        store.deliveries.cancel(d.id, `redirected: ${reason}`);
        const { specs, fallback } = fallbackSpecs(d, reason);
        insert(specs);
        return fallback;
      });
    },
    /** People whose time zone we do not know yet, or not since a day: owners of active partners and the admins. */
    usersNeedingZone(limit: number): string[] {
      const fresh = new Map(store.slackUsers.all().map((u) => [u.user_id, u.fetched_at]));
      const cutoff = new Date(clock.now().getTime() - ZONE_TTL_MS).toISOString();
      const wanted = [...new Set([...store.slackUsers.owners(), ...company.admins])];
      return wanted.filter((u) => (fresh.get(u) ?? '') < cutoff).slice(0, limit);
    },
    /** `tz` null: Slack would not say (the default zone applies until the next try). */
    saveZone: (userId: string, tz: string | null) => store.slackUsers.saveTz(userId, tz, nowIso()),
    dmChannel: (userId: string): string | undefined => store.slackUsers.get(userId)?.dm_channel ?? undefined,
    saveDmChannel: (userId: string, channelId: string) => store.slackUsers.saveDm(userId, channelId),
    encodeTarget,
  };
}

export type ReminderService = ReturnType<typeof reminderService>;

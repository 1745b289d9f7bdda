import type { CompanyConfig } from '../../config/schema';
import type { Store, Tables } from '../../store';
import type { Clock } from '../clock';
import {
  type AdminNotice,
  type Delivery,
  type NewDeliverySpec,
  RETRY_POLICY,
  type RetryPolicy,
  retryDelayMs,
  toNewDelivery,
} from './delivery';
import { nextQbrDue } from './due';
import type { DeliveryTarget, ReminderSettings } from './model';

/**
 * The outbox's states, domain side: what may be sent now (claim), and what became of each attempt
 * (sent, retried, left in doubt, refused with its fallbacks, redirected). The Slack side posts and
 * reports back through these calls. One workspace's rows: claiming across workspaces is
 * program.ts's.
 */
export function outboxStates(deps: {
  store: Store;
  clock: Clock;
  company: CompanyConfig;
  settings: ReminderSettings;
  retry?: { policy?: Partial<RetryPolicy>; random?: () => number };
}) {
  const { store, clock, company, settings } = deps;
  const nowIso = () => clock.now().toISOString();
  const retryPolicy: RetryPolicy = { ...RETRY_POLICY, ...deps.retry?.policy };
  const random = deps.retry?.random ?? Math.random;
  /** When failure number `failures` of a row may be retried (or its channel's history read). */
  const retryAt = (failures: number): string =>
    new Date(clock.now().getTime() + retryDelayMs(failures, random, retryPolicy)).toISOString();

  /** Why a claimed row should no longer be sent, or null. */
  async function unwanted(tx: Tables, d: Delivery): Promise<string | null> {
    if (d.kind === 'notice' || d.kind === 'digest') return null;
    const partner = await tx.partners.findById(d.partnerId);
    if (!partner || partner.archived_at) return 'partner archived';
    if (d.kind === 'milestone' && d.itemId !== null) {
      const m = await tx.reminderSnapshot.milestone(d.itemId);
      if (m?.status !== 'open') return `milestone ${m?.status ?? 'deleted'}`;
    }
    if (d.kind === 'qbr') {
      const last = await tx.qbrs.last(d.partnerId);
      const next = nextQbrDue({ tier: partner.tier, createdAt: partner.created_at }, last?.held_on, settings);
      if (next.dueOn !== d.payload.facts.dueOn) return `QBR re-planned for ${next.dueOn}`;
    }
    if (d.kind === 'stale') {
      const [last] = await tx.reminderSnapshot.lastActivity([d.partnerId]);
      if (last && last.at > d.payload.facts.knownSince) return 'partner active again';
    }
    return null;
  }

  const insert = (tx: Tables, specs: readonly NewDeliverySpec[]): Promise<number> => {
    const at = nowIso();
    return tx.deliveries.insertAll(
      specs.map((s) => toNewDelivery(s, at)),
      (key) => `superseded by ${key}`,
    );
  };

  /** Admin notices about a reminder that could not be delivered (none when no admins are set). */
  function noticeSpecs(
    d: Delivery,
    notice: Omit<AdminNotice, 'failedKey' | 'failedTarget' | 'reminderKind' | 'partnerName'>,
  ): NewDeliverySpec[] {
    // A digest that could not be delivered is logged: the admins are not told each week.
    if (d.kind === 'notice' || d.kind === 'digest') return [];
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
  async function fallbackSpecs(
    tx: Tables,
    d: Delivery,
    reason: string,
  ): Promise<{ specs: NewDeliverySpec[]; fallback: DeliveryTarget | null }> {
    if (d.kind === 'notice' || d.kind === 'digest') return { specs: [], fallback: null };
    const owner = (await tx.partners.findById(d.partnerId))?.owner_user_id ?? null;
    const base = {
      itemKey: d.itemKey,
      kind: d.kind,
      partnerId: d.partnerId,
      itemId: d.itemId,
      dueAt: d.dueAt,
      notBefore: clock.now(),
    };
    const redirectedFrom = { target: d.target, reason };
    if (d.target.kind === 'channel' && owner) {
      const target: DeliveryTarget = { kind: 'user', userId: owner };
      const payload = { ...d.payload, facts: { ...d.payload.facts, role: 'owner' as const, redirectedFrom } };
      return { fallback: target, specs: [{ ...base, key: `${d.key}:dm`, target, payload }] };
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

  function giveUp(d: Delivery, failures: number, error: string): Promise<{ gaveUp: true; admins: number }> {
    return store.transaction(async (tx) => {
      await tx.deliveries.markFailed(d.id, `gave up after ${failures} attempts: ${error}`);
      const admins = await insert(tx, noticeSpecs(d, { reason: error, fallback: null, exhausted: true }));
      return { gaveUp: true, admins };
    });
  }

  return {
    /**
     * Rows just claimed (pending → sending, across workspaces) that are this workspace's: those no
     * longer wanted are cancelled, the rest returned to be posted.
     */
    vet(claimed: readonly Delivery[]): Promise<Delivery[]> {
      return store.transaction(async (tx) => {
        const out: Delivery[] = [];
        for (const d of claimed) {
          const reason = await unwanted(tx, d);
          if (reason) await tx.deliveries.cancel(d.id, `no longer due: ${reason}`);
          else out.push(d);
        }
        return out;
      });
    },
    /** Where a row is about to be posted; recorded before the post so a restart knows which history to read. */
    postingTo: (d: Delivery, channelId: string) => store.deliveries.setChannel(d.id, channelId),
    sent: (d: Delivery, ts: string, channelId: string): Promise<boolean> =>
      store.deliveries.markSent(d.id, ts, channelId, nowIso()),
    /** Not sent and not tried: back to pending (stopping, no longer alive, a channel waiting out a long Retry-After). */
    release: (d: Delivery, notBefore?: Date) => store.deliveries.release(d.id, notBefore?.toISOString()),
    /** A transient failure: try again after the policy's wait, or give up after its last retry and tell the admins. */
    async retry(d: Delivery, error: string): Promise<{ gaveUp: boolean; admins: number }> {
      const failures = d.attempts + 1;
      if (failures > retryPolicy.retries) return giveUp(d, failures, error);
      await store.deliveries.retryLater(d.id, error, retryAt(failures));
      return { gaveUp: false, admins: 0 };
    },
    /** Slack may or may not have the post (a timeout): it stays 'sending' until its channel's history says, read after the same wait as a retry. */
    async unknown(d: Delivery, error: string): Promise<{ gaveUp: boolean; admins: number }> {
      const failures = d.attempts + 1;
      if (failures > retryPolicy.retries) return giveUp(d, failures, error);
      await store.deliveries.markUnknown(d.id, `unknown: ${error}`, retryAt(failures));
      return { gaveUp: false, admins: 0 };
    },
    /** A permanent refusal (channel gone, bot removed, user deactivated): failed, the next target of the chain, and a notice to each admin. */
    refused(d: Delivery, error: string): Promise<{ fallback: DeliveryTarget | null; admins: number }> {
      return store.transaction(async (tx) => {
        await tx.deliveries.markFailed(d.id, error);
        const { specs, fallback } = await fallbackSpecs(tx, d, error);
        await insert(tx, specs);
        const admins = await insert(tx, noticeSpecs(d, { reason: error, fallback, exhausted: false }));
        return { fallback, admins };
      });
    },
    /** Not for this channel (health in a channel shared outside the company): sent to the owner's DM instead, no alarm. */
    redirect(d: Delivery, reason: string): Promise<DeliveryTarget | null> {
      return store.transaction(async (tx) => {
        await tx.deliveries.cancel(d.id, `redirected: ${reason}`);
        const { specs, fallback } = await fallbackSpecs(tx, d, reason);
        await insert(tx, specs);
        return fallback;
      });
    },
  };
}

export type OutboxStates = ReturnType<typeof outboxStates>;

import type { CompanyConfig } from '../../config/schema';
import type { Store } from '../../store';
import type { Clock } from '../clock';
import type { ReminderSettings } from '../reminders/model';
import { collectDigest } from './collect';
import { type DigestPayload, digestKey, isQuietWeek } from './model';
import { isoWeekOf, nextDigestAt } from './week';

/** Whether a person gets the digest in a DM, and when next. */
export interface DigestStatus {
  on: boolean;
  day: CompanyConfig['digest']['day'];
  hour: number;
  zone: string;
  next: Date | null;
  /** The workspace's digest channel, if it has one. */
  channel: string | null;
}

const userTarget = (userId: string) => `user:${userId}`;
const channelTarget = (channelId: string) => `channel:${channelId}`;
/** A target claimed but not finished comes due again by itself after this. */
export const DIGEST_CLAIM_MS = 60_000;

/**
 * One workspace's weekly digests: the channel named in its settings, and each person who turned
 * theirs on. Each goes through the reminder outbox once per target and ISO week (its key), so two
 * replicas, a restart or a retry never post a week twice.
 */
export function digestService(deps: {
  store: Store;
  clock: Clock;
  company: CompanyConfig;
  settings: ReminderSettings;
}) {
  const { store, clock, company, settings } = deps;
  const { day, hour } = company.digest;
  const nowIso = () => clock.now().toISOString();

  async function zoneOf(target: string): Promise<string> {
    if (!target.startsWith('user:')) return settings.defaultZone;
    const user = target.slice('user:'.length);
    return (await store.slackUsers.zones([user])).get(user) ?? settings.defaultZone;
  }
  const nextFor = async (target: string, now = clock.now()) => nextDigestAt(now, day, hour, await zoneOf(target));

  async function status(userId: string): Promise<DigestStatus> {
    const target = userTarget(userId);
    const on = await store.digests.has(target);
    return {
      on,
      day,
      hour,
      zone: await zoneOf(target),
      next: on ? await nextFor(target) : null,
      channel: company.digest.channel ?? null,
    };
  }

  return {
    status,
    /** `/partner digest on`: a weekly DM about the partners this person owns. */
    async subscribe(userId: string): Promise<DigestStatus & { changed: boolean }> {
      const target = userTarget(userId);
      // Their zone is read like an owner's, so the DM comes at their hour.
      await store.slackUsers.ensure([userId]);
      const changed = await store.digests.add(target, (await nextFor(target)).toISOString(), userId, nowIso());
      return { ...(await status(userId)), changed };
    },
    async unsubscribe(userId: string): Promise<DigestStatus & { changed: boolean }> {
      const changed = await store.digests.remove(userTarget(userId));
      return { ...(await status(userId)), changed };
    },
    /** The channel of the settings has a target and no other channel has one (at start, after settings are saved). */
    async syncChannel(): Promise<void> {
      const wanted = company.digest.channel ? channelTarget(company.digest.channel) : null;
      for (const t of await store.digests.channels()) if (t !== wanted) await store.digests.remove(t);
      if (wanted) await store.digests.add(wanted, (await nextFor(wanted)).toISOString(), null, nowIso());
    },
    /**
     * A target the schedule said was due (`scheduledAt`; '' when its day or hour changed): this
     * week's digest into the outbox, and the next one scheduled. Returns whether a digest was queued.
     */
    async plan(target: string, scheduledAt: string): Promise<boolean> {
      const now = clock.now();
      if (target.startsWith('channel:') && target !== channelTarget(company.digest.channel ?? '')) {
        await store.digests.remove(target);
        return false;
      }
      if (scheduledAt === '') {
        await store.digests.reschedule(target, (await nextFor(target, now)).toISOString());
        return false;
      }
      const zone = await zoneOf(target);
      const ownerId = target.startsWith('user:') ? target.slice('user:'.length) : null;
      const digest = await collectDigest(store, settings, { now, zone, ownerId });
      // A person with no partners gets nothing to read; a program's quiet week is still said.
      const worth = !(digest.scope === 'mine' && (digest.partners === 0 || isQuietWeek(digest)));
      const payload: DigestPayload = { digest };
      const queued = worth
        ? (await store.deliveries.insertAll(
            [
              {
                occurrence_key: digestKey(store.workspaceId, target, isoWeekOf(now, zone).week),
                item_key: `digest:${target}`,
                kind: 'digest',
                partner_id: null,
                item_id: null,
                target,
                channel_id: target.startsWith('channel:') ? target.slice('channel:'.length) : null,
                due_at: now.toISOString(),
                next_attempt_at: now.toISOString(),
                payload: JSON.stringify(payload),
                created_at: now.toISOString(),
              },
            ],
            (key) => `superseded by ${key}`,
          )) > 0
        : false;
      await store.digests.reschedule(target, (await nextFor(target, now)).toISOString());
      return queued;
    },
  };
}

export type DigestService = ReturnType<typeof digestService>;

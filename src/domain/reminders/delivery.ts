import type { DeliveryRow, NewDeliveryRow } from '../../store/reminders';
import type { DigestPayload } from '../digest/model';
import type { DeliveryTarget, Occurrence, OccurrenceLabel, ReminderFacts, ReminderKind } from './model';

/** An outbox row as the rest of the app sees it: the target and the message facts parsed. */

export interface AdminNotice {
  /** The Slack error that stopped the reminder, or `shared_channel`. */
  reason: string;
  failedKey: string;
  failedTarget: DeliveryTarget;
  reminderKind: ReminderKind;
  partnerName: string;
  /** Where the reminder went instead, if anywhere. */
  fallback: DeliveryTarget | null;
  /** The delivery gave up after retrying (not a refusal). */
  exhausted: boolean;
}

export interface DeliveryPayload {
  label: OccurrenceLabel;
  day: string;
  facts: ReminderFacts;
  notice?: AdminNotice;
}

interface OutboxRow {
  id: number;
  /** The workspace it is for: whose token posts it, whose settings and data it reads. */
  workspaceId: string;
  key: string;
  itemKey: string;
  target: DeliveryTarget;
  channelId: string | null;
  dueAt: Date;
  attempts: number;
  claimedWallMs: number | null;
}

/** A reminder about one partner, or an admin notice about one that could not be delivered. */
export interface ReminderDelivery extends OutboxRow {
  kind: ReminderKind | 'notice';
  partnerId: number;
  itemId: number | null;
  payload: DeliveryPayload;
}

/** The weekly digest: about many partners, so about none in particular. */
export interface DigestDelivery extends OutboxRow {
  kind: 'digest';
  partnerId: null;
  itemId: null;
  payload: DigestPayload;
}

export type Delivery = ReminderDelivery | DigestDelivery;

export const encodeTarget = (t: DeliveryTarget): string =>
  t.kind === 'channel' ? `channel:${t.channelId}` : `user:${t.userId}`;

export function decodeTarget(s: string): DeliveryTarget {
  const [kind, id = ''] = s.split(':');
  return kind === 'channel' ? { kind: 'channel', channelId: id } : { kind: 'user', userId: id };
}

/** The channel pacing applies to: a channel id, or the person a DM goes to. */
export const pacingKey = (d: Pick<Delivery, 'target'>): string => encodeTarget(d.target);

export function toDelivery(row: DeliveryRow): Delivery {
  const base: OutboxRow = {
    id: row.id,
    workspaceId: row.workspace_id,
    key: row.occurrence_key,
    itemKey: row.item_key,
    target: decodeTarget(row.target),
    channelId: row.channel_id,
    dueAt: new Date(row.due_at),
    attempts: row.attempts,
    claimedWallMs: row.claimed_wall_ms,
  };
  // Our own JSON, written by toNewDelivery (or the digest planner) from a typed payload.
  if (row.kind === 'digest')
    return {
      ...base,
      kind: 'digest',
      partnerId: null,
      itemId: null,
      payload: JSON.parse(row.payload) as DigestPayload,
    };
  return {
    ...base,
    kind: row.kind,
    partnerId: row.partner_id ?? 0,
    itemId: row.item_id,
    payload: JSON.parse(row.payload) as DeliveryPayload,
  };
}

export interface NewDeliverySpec {
  key: string;
  itemKey: string;
  kind: ReminderKind | 'notice';
  partnerId: number;
  itemId: number | null;
  target: DeliveryTarget;
  dueAt: Date;
  notBefore: Date;
  payload: DeliveryPayload;
}

export function toNewDelivery(spec: NewDeliverySpec, createdAt: string): NewDeliveryRow {
  return {
    occurrence_key: spec.key,
    item_key: spec.itemKey,
    kind: spec.kind,
    partner_id: spec.partnerId,
    item_id: spec.itemId,
    target: encodeTarget(spec.target),
    channel_id: spec.target.kind === 'channel' ? spec.target.channelId : null,
    due_at: spec.dueAt.toISOString(),
    next_attempt_at: spec.notBefore.toISOString(),
    payload: JSON.stringify(spec.payload),
    created_at: createdAt,
  };
}

/** A due occurrence becomes a row that may be sent at once (it is due). */
export function occurrenceRow(o: Occurrence, now: Date): NewDeliveryRow {
  return toNewDelivery(
    {
      key: o.key,
      itemKey: o.itemKey,
      kind: o.kind,
      partnerId: o.partnerId,
      itemId: o.itemId,
      target: o.target,
      dueAt: o.dueAt,
      notBefore: o.dueAt,
      payload: { label: o.label, day: o.day, facts: o.facts },
    },
    now.toISOString(),
  );
}

/**
 * How a transient failure (a 5xx, a network error before the request reached Slack, a timeout once
 * the channel's history says the post is not there) is retried: node-slack-sdk's
 * `tenRetriesInAboutThirtyMinutes`. The first retry comes after 1–2 s, each next one after about
 * 1.97 times as long, each drawn between one and two times its step so posts that failed together
 * do not come back together; after ten retries (15–30 minutes in all) the admins are told. A 429 is
 * not retried this way: its channel waits out Retry-After.
 */
export interface RetryPolicy {
  retries: number;
  factor: number;
  minDelayMs: number;
  randomize: boolean;
}
export const RETRY_POLICY: RetryPolicy = { retries: 10, factor: 1.96821, minDelayMs: 1_000, randomize: true };

/** The wait before retry number `retry` (1 for the first); `random` returns a number in [0, 1). */
export function retryDelayMs(retry: number, random: () => number, policy: RetryPolicy = RETRY_POLICY): number {
  const step = policy.minDelayMs * policy.factor ** Math.max(0, retry - 1);
  return Math.round(step * (policy.randomize ? 1 + random() : 1));
}

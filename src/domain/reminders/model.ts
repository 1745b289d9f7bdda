import type { CompanyConfig } from '../../config/schema';
import { WEEKDAY_NUMBERS, type Day } from './calendar';

/** The words of the reminder domain: kinds, settings, the data a tick reads and what it produces. */

export type ReminderKind = 'qbr' | 'milestone' | 'health' | 'stale';
export type TargetRole = 'channel' | 'owner' | 'admins';
export type OccurrenceLabel = 'before' | 'due' | 'overdue' | 'drop' | 'stale' | 'snooze';

/** Health drops older than this are not nudged: after a long outage, old news stays old. */
export const HEALTH_LOOKBACK_DAYS = 14;
/** Overdue QBRs are nudged weekly. */
export const QBR_OVERDUE_EVERY_DAYS = 7;

export interface ReminderSettings {
  readonly hour: number;
  readonly defaultZone: string;
  readonly workingDays: ReadonlySet<number>;
  readonly qbrDaysBefore: readonly number[];
  readonly milestoneDaysBefore: readonly number[];
  readonly milestoneOverdueEveryDays: number;
  readonly healthBelow: number;
  readonly healthDrop: number;
  readonly staleAfterDays: number;
  /** Lower-cased tier name → months between QBRs. */
  readonly cadence: ReadonlyMap<string, number>;
  /** For a tier no longer in the config: the lowest tier's cadence. */
  readonly fallbackCadence: number;
  readonly admins: readonly string[];
  readonly targets: Readonly<Record<ReminderKind, TargetRole>>;
}

const positiveOffsets = (xs: readonly number[]) => [...new Set(xs.filter((x) => x > 0))].sort((a, b) => b - a);

export function reminderSettings(company: CompanyConfig): ReminderSettings {
  const r = company.reminders;
  return {
    hour: r.hour,
    defaultZone: r.timezone,
    workingDays: new Set(r.working_days.map((d) => WEEKDAY_NUMBERS[d] ?? 0)),
    qbrDaysBefore: positiveOffsets(r.qbr_days_before),
    milestoneDaysBefore: positiveOffsets(r.milestone_days_before),
    milestoneOverdueEveryDays: r.milestone_overdue_every_days,
    healthBelow: r.health_below,
    healthDrop: r.health_drop,
    staleAfterDays: r.stale_after_days,
    cadence: new Map(company.tiers.map((t) => [t.name.toLowerCase(), t.qbr_every_months])),
    fallbackCadence: company.tiers.at(-1)?.qbr_every_months ?? 12,
    admins: company.admins,
    targets: r.targets,
  };
}

export interface SnapshotPartner {
  id: number;
  name: string;
  tier: string;
  stage: string;
  ownerUserId: string | null;
  channelId: string | null;
  createdAt: string;
}
export interface SnapshotMilestone {
  id: number;
  partnerId: number;
  title: string;
  dueOn: Day;
  createdAt: string;
}
export interface SnapshotHealthEvent {
  id: number;
  partnerId: number;
  score: number;
  previous: number | null;
  at: string;
}

/** Everything the due computation reads, for one slice of partners. */
export interface Snapshot {
  readonly partners: readonly SnapshotPartner[];
  /** Open milestones of those partners (at least every one whose first nudge may be due). */
  readonly milestones: readonly SnapshotMilestone[];
  readonly lastQbr: ReadonlyMap<number, { heldOn: Day; at: string }>;
  /** Health changes of the last HEALTH_LOOKBACK_DAYS, oldest first. */
  readonly health: readonly SnapshotHealthEvent[];
  /** Latest activity (notes, health, milestones, QBRs, changes) per partner. */
  readonly lastActivity: ReadonlyMap<number, string>;
  /** Item key → snoozed until (ISO instant). */
  readonly snoozes: ReadonlyMap<string, string>;
  /** Slack user id → IANA zone, as users.info last said. */
  readonly zones: ReadonlyMap<string, string>;
}

export type DeliveryTarget = { kind: 'channel'; channelId: string } | { kind: 'user'; userId: string };

/** What a nudge says; stored with the outbox row so the post (and its later edits) need no other read. */
export interface ReminderFacts {
  partnerName: string;
  /** The milestone's title. */
  title?: string;
  /** When the milestone or QBR is due. */
  dueOn?: Day;
  tier?: string;
  cadenceMonths?: number;
  lastQbrOn?: Day | null;
  score?: number;
  previous?: number | null;
  lastActivityOn?: Day;
  staleDays?: number;
  /** When PartnerOS first knew of this (item created, QBR recorded, health recorded): a nudge due before then is not "late". */
  knownSince: string;
  /** The recipient's zone, for dates and times in the message. */
  zone: string;
  /** Who it is for: the partner channel, the owner, or an admin. */
  role: 'channel' | 'owner' | 'admin';
  /** Set on a fallback: where it could not be posted, and why. */
  redirectedFrom?: { target: DeliveryTarget; reason: string };
}

export interface Occurrence {
  /** Unique forever: `milestone:42:overdue:2026-11-24`, `qbr:7:before14:2026-11-10`, `health:7:311`, `stale:7:2026-11-02`. */
  key: string;
  /** The thing reminded about: `milestone:42`, `qbr:7`, `health:7`, `stale:7`. */
  itemKey: string;
  kind: ReminderKind;
  partnerId: number;
  itemId: number | null;
  label: OccurrenceLabel;
  /** The calendar day the occurrence is about (in its key). */
  day: Day;
  /** The send instant: `hour` local on the first working day on or after `day`. */
  dueAt: Date;
  target: DeliveryTarget;
  facts: ReminderFacts;
}

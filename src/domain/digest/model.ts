import type { DeliveryTarget } from '../reminders/model';

/**
 * The weekly digest: what a week held for a program (a workspace's digest channel) or for one
 * person's partners (their DM). Facts only, in plain text; Slack rendering is src/slack/blocks.
 */

/** At most this many lines per list; the rest is counted. */
export const DIGEST_LIST_MAX = 8;

export interface DigestList<T> {
  items: T[];
  /** How many there were in all (items holds the first DIGEST_LIST_MAX). */
  total: number;
}

export interface Digest {
  /** 'program': every partner of the workspace; 'mine': the partners the recipient owns. */
  scope: 'program' | 'mine';
  /** ISO week, e.g. 2026-W49, and its Monday and Sunday in the recipient's zone. */
  week: string;
  from: string;
  to: string;
  zone: string;
  partners: number;
  wins: {
    stageUps: DigestList<{ partner: string; from: string; to: string }>;
    milestonesDone: DigestList<{ partner: string; title: string }>;
    qbrsHeld: DigestList<{ partner: string; on: string }>;
  };
  risks: {
    healthDrops: DigestList<{ partner: string; from: number | null; to: number; reason: string | null }>;
    overdue: DigestList<{ partner: string; title: string; dueOn: string }>;
    quiet: DigestList<{ partner: string; since: string }>;
  };
  qbrs: {
    thisWeek: DigestList<{ partner: string; dueOn: string }>;
    nextWeek: DigestList<{ partner: string; dueOn: string }>;
  };
  stalledRuns: DigestList<{ partner: string; playbook: string; since: string; permalink: string | null }>;
}

export interface DigestPayload {
  digest: Digest;
}

export function list<T>(all: readonly T[]): DigestList<T> {
  return { items: all.slice(0, DIGEST_LIST_MAX), total: all.length };
}

/** Nothing won, at risk, due or stalled: the digest says so in one line. */
export const isQuietWeek = (d: Digest): boolean =>
  [
    d.wins.stageUps,
    d.wins.milestonesDone,
    d.wins.qbrsHeld,
    d.risks.healthDrops,
    d.risks.overdue,
    d.risks.quiet,
    d.qbrs.thisWeek,
    d.qbrs.nextWeek,
    d.stalledRuns,
  ].every((l) => l.total === 0);

/** The outbox key: one digest per target and ISO week, whichever replica computes it, however often. */
export const digestKey = (workspaceId: string, target: string, week: string): string =>
  `digest:${workspaceId}:${target}:${week}`;

export const targetOf = (target: string): DeliveryTarget =>
  target.startsWith('channel:')
    ? { kind: 'channel', channelId: target.slice('channel:'.length) }
    : { kind: 'user', userId: target.slice('user:'.length) };

/** The digest's day as people write it. */
export const DAY_NAMES = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
} as const;

import type { Store } from '../../store';
import type { SnapshotPartnerRow } from '../../store/reminder-snapshot';
import { STAGES } from '../partners/model';
import { addDays, type Day, daysBetween, dayIn } from '../reminders/calendar';
import { isHealthDrop, nextQbrDue, quietSince } from '../reminders/due';
import type { ReminderSettings } from '../reminders/model';
import { loadSnapshot } from '../reminders/snapshot';
import { type Digest, list } from './model';
import { isoWeekOf } from './week';

/** A run untouched for longer than this is stalled. */
export const STALLED_RUN_DAYS = 7;
const WEEK_MS = 7 * 86_400_000;
const PAGE = 1_000;

/** Forward along the path a partner is meant to take; at risk sits below active, exited is no win. */
const RANK: Readonly<Record<string, number>> = Object.fromEntries(
  STAGES.map((s) => [s, s === 'at_risk' ? 2.5 : s === 'exited' ? -1 : STAGES.indexOf(s)]),
);
export const isStageUp = (from: string, to: string): boolean =>
  to !== 'exited' && to !== 'at_risk' && (RANK[to] ?? -1) > (RANK[from] ?? -1);

async function partnersOf(store: Store, ownerId: string | null): Promise<SnapshotPartnerRow[]> {
  if (ownerId) return store.reminderSnapshot.partnersOwnedBy(ownerId);
  const out: SnapshotPartnerRow[] = [];
  for (let after = 0; ; ) {
    const page = await store.reminderSnapshot.page(after, PAGE);
    out.push(...page);
    const last = page.at(-1);
    if (!last || page.length < PAGE) return out;
    after = last.id;
  }
}

function stageOf(detail: string): [string, string] | undefined {
  try {
    // Our own JSON (audit rows of `partner.stage`): `{ stage: [from, to] }`.
    const stage = (JSON.parse(detail) as { stage?: unknown }).stage;
    return Array.isArray(stage) && typeof stage[0] === 'string' && typeof stage[1] === 'string'
      ? [stage[0], stage[1]]
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The week that ended at `now` for a workspace's partners (`ownerId` null) or one person's: wins,
 * risks, QBRs this week and next, runs stalled. Read in pages and batches, once a week per target.
 */
export async function collectDigest(
  store: Store,
  settings: ReminderSettings,
  args: { now: Date; zone: string; ownerId: string | null },
): Promise<Digest> {
  const { now, zone } = args;
  const rows = await partnersOf(store, args.ownerId);
  const snapshot = await loadSnapshot(store, rows, settings, now);
  const names = new Map(rows.map((r) => [r.id, r.name]));
  const mine = (partnerId: number | null) => partnerId !== null && names.has(partnerId);
  const name = (partnerId: number) => names.get(partnerId) ?? '';
  const since = new Date(now.getTime() - WEEK_MS).toISOString();
  const today = dayIn(now, zone);
  const { week, monday, sunday } = isoWeekOf(now, zone);
  const [stages, done, held, health, overdue, stalled] = await Promise.all([
    store.digests.stageChanges(since),
    store.digests.milestonesDone(since),
    store.digests.qbrsHeld(addDays(today, -7)),
    store.digests.healthSince(since),
    store.digests.overdueMilestones(today),
    store.digests.stalledRuns(new Date(now.getTime() - STALLED_RUN_DAYS * 86_400_000).toISOString()),
  ]);
  const stageUps = stages.flatMap((s) => {
    const move = stageOf(s.detail);
    return mine(s.partner_id) && move && isStageUp(move[0], move[1])
      ? [{ partner: name(s.partner_id ?? 0), from: move[0], to: move[1] }]
      : [];
  });
  const quiet = snapshot.partners.flatMap((p) => {
    const { lastActivityOn } = quietSince(snapshot.lastActivity.get(p.id), p.createdAt, settings);
    return p.stage !== 'exited' && daysBetween(lastActivityOn, today) >= settings.staleAfterDays
      ? [{ partner: p.name, since: lastActivityOn }]
      : [];
  });
  const qbrsDue = (from: Day, to: Day) =>
    snapshot.partners.flatMap((p) => {
      if (p.stage === 'exited') return [];
      const { dueOn } = nextQbrDue(p, snapshot.lastQbr.get(p.id)?.heldOn, settings);
      return dueOn >= from && dueOn <= to ? [{ partner: p.name, dueOn }] : [];
    });
  const byDue = (a: { dueOn: string }, b: { dueOn: string }) => a.dueOn.localeCompare(b.dueOn);
  return {
    scope: args.ownerId ? 'mine' : 'program',
    week,
    from: monday,
    to: sunday,
    zone,
    partners: rows.length,
    wins: {
      stageUps: list(stageUps),
      milestonesDone: list(
        done.filter((m) => mine(m.partner_id)).map((m) => ({ partner: name(m.partner_id), title: m.title })),
      ),
      qbrsHeld: list(
        held.filter((q) => mine(q.partner_id)).map((q) => ({ partner: name(q.partner_id), on: q.held_on })),
      ),
    },
    risks: {
      healthDrops: list(
        health
          .filter((e) => mine(e.partner_id) && isHealthDrop(e, settings))
          .map((e) => ({ partner: name(e.partner_id), from: e.previous, to: e.score, reason: e.note })),
      ),
      overdue: list(
        overdue
          .filter((m) => mine(m.partner_id))
          .map((m) => ({ partner: name(m.partner_id), title: m.title, dueOn: m.due_on })),
      ),
      quiet: list(quiet.sort((a, b) => a.since.localeCompare(b.since))),
    },
    qbrs: {
      thisWeek: list(qbrsDue(monday, sunday).sort(byDue)),
      nextWeek: list(qbrsDue(addDays(monday, 7), addDays(sunday, 7)).sort(byDue)),
    },
    stalledRuns: list(
      stalled
        .filter((r) => mine(r.partner_id))
        .map((r) => ({
          partner: name(r.partner_id),
          playbook: r.playbook_id,
          since: r.updated_at.slice(0, 10),
          permalink: r.permalink,
        })),
    ),
  };
}

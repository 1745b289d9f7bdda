import type { Database } from '../../store';
import type { SettledRow } from '../../store/retention';
import type { Clock } from '../clock';
import type { DeliveryPayload } from './delivery';
import { quietSince } from './due';
import { HEALTH_LOOKBACK_DAYS, QBR_OVERDUE_EVERY_DAYS, type ReminderSettings } from './model';

/**
 * What is pruned once a day, and why that keeps every reminder exactly once.
 *
 * An outbox row is what stops an occurrence from being posted again: a tick that computes an
 * occurrence whose key is already in `reminder_deliveries` inserts nothing. So a settled row (sent,
 * failed, cancelled) may go only once the due rules can no longer compute its key:
 * - milestones and QBRs: the rules return only an item's latest occurrence whose send time has
 *   passed, and an item's occurrences are never more than `gap` days apart (the longest lead time,
 *   the overdue repeat, a week for QBRs); a send moves at most six days to a working day and a day
 *   for time zones. An occurrence the rules can still return was due less than gap + 7 days ago;
 * - health drops: drops older than HEALTH_LOOKBACK_DAYS are not read, and a nudge is due after its drop;
 * - quiet partners: the same key (the day the quiet period started) comes back at every tick for as
 *   long as the partner stays quiet, however old. Such a row is kept until the partner has been
 *   active since: the next quiet period has another key;
 * - fallbacks, admin notices and snoozed nudges are made from a row or a click, never by the rules;
 *   the click that made a snooze acts once per post (below), and a snooze a week later has another key.
 * A margin of RETENTION_MARGIN_DAYS on top covers clocks and settings widened later (a longer lead time).
 *
 * `processed_events`: Slack retries an event within minutes and Bolt refuses a request signed more
 * than five minutes ago, so event keys are kept EVENT_RETENTION_DAYS. A reminder button's key
 * (`reminder:<occurrence key>`) is deleted with its outbox row, never before: while the row exists the
 * button acts once; once it is gone, the button answers that the reminder is no longer known.
 */

export const RETENTION_MARGIN_DAYS = 30;
export const EVENT_RETENTION_DAYS = 7;
/** A send moves to the next working day (at most six days on) and a zone shifts it by up to a day. */
const SHIFT_DAYS = 7;
const SLICE = 500;
const DAY_MS = 86_400_000;

/** Days a settled outbox row is kept at least (51 with the default settings). */
export function deliveryRetentionDays(s: ReminderSettings): number {
  const gap = Math.max(
    HEALTH_LOOKBACK_DAYS,
    QBR_OVERDUE_EVERY_DAYS,
    s.milestoneOverdueEveryDays,
    ...s.qbrDaysBefore,
    ...s.milestoneDaysBefore,
  );
  return gap + SHIFT_DAYS + RETENTION_MARGIN_DAYS;
}

export interface PruneReport {
  /** False when another process (or an earlier tick) already pruned today. */
  ran: boolean;
  deliveries: number;
  /** Settled rows old enough but kept: quiet partners still quiet. */
  kept: number;
  events: number;
  ms: number;
}

export interface PruneOptions {
  /** Called between slices so acks are served meanwhile. */
  pause?: () => Promise<void>;
  shouldStop?: () => boolean;
}

export function reminderRetention(deps: {
  database: Database;
  clock: Clock;
  /** partneros.yml's reminder settings: how long settled rows are kept. */
  settings: ReminderSettings;
  /** A workspace's own settings (its quiet period). */
  settingsOf: (workspaceId: string) => Promise<ReminderSettings>;
}) {
  const { database, clock, settings } = deps;

  /** A quiet-partner row stays while the rules would still compute its key: no activity since. */
  async function stillQuiet(rows: readonly SettledRow[]): Promise<Set<number>> {
    const keep = new Set<number>();
    const dayOf = new Map<number, string | null>();
    for (const r of rows) {
      if (r.kind !== 'stale' || r.partner_id === null) continue;
      if (!dayOf.has(r.partner_id)) {
        const store = database.workspace(r.workspace_id);
        const partner = await store.partners.findById(r.partner_id);
        const [last] = await store.reminderSnapshot.lastActivity([r.partner_id]);
        const quiet = partner && quietSince(last?.at, partner.created_at, await deps.settingsOf(r.workspace_id));
        dayOf.set(r.partner_id, quiet ? quiet.lastActivityOn : null);
      }
      // Our own JSON, written from a typed payload (delivery.ts).
      const quietSinceDay = (JSON.parse(r.payload) as DeliveryPayload).facts.lastActivityOn;
      if (quietSinceDay === undefined || dayOf.get(r.partner_id) === quietSinceDay) keep.add(r.id);
    }
    return keep;
  }

  /** Prunes once per UTC day across every process on the database (the day's key is claimed first). */
  async function pruneDaily(now: Date, options: PruneOptions = {}): Promise<PruneReport> {
    const started = performance.now();
    const report: PruneReport = { ran: false, deliveries: 0, kept: 0, events: 0, ms: 0 };
    if (!(await database.processedEvents.claim(`prune:${now.toISOString().slice(0, 10)}`, clock.now().toISOString())))
      return report;
    report.ran = true;
    const cutoff = new Date(now.getTime() - deliveryRetentionDays(settings) * DAY_MS).toISOString();
    for (let after = { dueAt: '', id: 0 }; !options.shouldStop?.(); ) {
      const rows = await database.retention.settledBefore(cutoff, after, SLICE);
      const last = rows.at(-1);
      if (!last) break;
      const keep = await stillQuiet(rows);
      report.kept += keep.size;
      report.deliveries += await database.retention.deleteSettled(rows.filter((r) => !keep.has(r.id)));
      after = { dueAt: last.due_at, id: last.id };
      await options.pause?.();
    }
    const eventCutoff = new Date(now.getTime() - EVENT_RETENTION_DAYS * DAY_MS).toISOString();
    for (let n = SLICE; n === SLICE && !options.shouldStop?.(); ) {
      n = await database.retention.deleteEventsBefore(eventCutoff, SLICE);
      report.events += n;
      await options.pause?.();
    }
    report.ms = performance.now() - started;
    return report;
  }

  return { pruneDaily };
}

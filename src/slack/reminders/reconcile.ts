import type { WebClient } from '@slack/web-api';
import type { Delivery } from '../../domain/reminders/delivery';
import type { ReminderProgram } from '../../domain/reminders/program';
import type { Logger } from '../../logging';
import { REMINDER_EVENT_TYPE } from '../blocks/reminder';
import { classify, REFUSALS } from './faults';
import type { DeliveryWorkspace } from './outbox';

/**
 * Rows left 'sending' (a crash between post and record, or a timeout) are settled from Slack's
 * own record before anything is sent again: every reminder post carries its occurrence key as
 * message metadata, so the channel's recent history says whether it was posted.
 */

/** How far before the claim to look: clock skew between this machine and Slack, and slow requests. */
export const HISTORY_MARGIN_MS = 10 * 60_000;
const PAGE_SIZE = 200;
const MAX_PAGES = 10;

export interface ReconcileReport {
  checked: number;
  confirmed: number;
  requeued: number;
  undecided: number;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** occurrence key → message ts, for our reminder posts in the channel since `oldestMs` (wall clock). */
async function postedKeys(client: WebClient, channel: string, oldestMs: number): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await client.conversations.history({
      channel,
      oldest: (oldestMs / 1000).toFixed(6),
      limit: PAGE_SIZE,
      include_all_metadata: true,
      ...(cursor ? { cursor } : {}),
    });
    for (const m of res.messages ?? []) {
      const meta: unknown = (m as { metadata?: unknown }).metadata;
      if (!isRecord(meta) || meta.event_type !== REMINDER_EVENT_TYPE || !isRecord(meta.event_payload)) continue;
      const key = meta.event_payload.occurrence_key;
      if (typeof key === 'string' && m.ts) found.set(key, m.ts);
    }
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!res.has_more || !cursor) break;
  }
  return found;
}

export async function reconcile(
  program: ReminderProgram,
  workspaceOf: (workspaceId: string) => Promise<DeliveryWorkspace | undefined>,
  logger: Logger,
  wallNow: () => number,
  signal: AbortSignal,
  /** The processes alive now: rows they hold are theirs to settle. */
  liveHolders: readonly string[],
  /** At a tick every row in doubt; between ticks only those whose check is due. */
  options: { all?: boolean } = {},
): Promise<ReconcileReport> {
  const report: ReconcileReport = { checked: 0, confirmed: 0, requeued: 0, undecided: 0 };
  // Channel ids are unique across workspaces; the first row says whose history to read.
  const byChannel = new Map<string, Delivery[]>();
  for (const d of await program.adoptInDoubt(liveHolders, options)) {
    report.checked += 1;
    // No channel recorded: the post was never sent (the channel is written before posting).
    if (!d.channelId) {
      await program.release(d);
      report.requeued += 1;
      continue;
    }
    byChannel.set(d.channelId, [...(byChannel.get(d.channelId) ?? []), d]);
  }
  for (const [channel, rows] of byChannel) {
    // Stopping: what is not settled stays 'sending', for the next start to settle.
    if (signal.aborted) break;
    const ws = await workspaceOf(rows[0]?.workspaceId ?? '');
    if (!ws) {
      // No token to read the history with: the workspace is stopped, its rows cancelled.
      await program.stopWorkspace(rows[0]?.workspaceId ?? '', 'workspace token gone');
      continue;
    }
    const { client, reminders } = ws;
    const oldest = Math.min(...rows.map((d) => d.claimedWallMs ?? wallNow())) - HISTORY_MARGIN_MS;
    let keys: Map<string, string>;
    try {
      keys = await postedKeys(client, channel, oldest);
    } catch (error) {
      const fault = classify(error);
      for (const d of rows) {
        if (fault.type === 'refused' && REFUSALS.has(fault.code)) {
          // We cannot read the channel (gone, or we were removed): posting again will tell, and fall back.
          await program.release(d);
          report.requeued += 1;
        } else {
          await reminders.unknown(d, `history: ${fault.code}`);
          report.undecided += 1;
        }
      }
      logger.warn(
        { kind: 'reminder', channel, error: fault.code, rows: rows.length },
        'could not read history to settle reminders in doubt',
      );
      continue;
    }
    for (const d of rows) {
      const ts = keys.get(d.key);
      if (ts) {
        await reminders.sent(d, ts, channel);
        report.confirmed += 1;
      } else {
        await program.release(d);
        report.requeued += 1;
      }
      logger.info(
        { kind: 'reminder', key: d.key, outcome: ts ? 'confirmed_from_history' : 'requeued_not_in_history' },
        'reminder',
      );
    }
  }
  return report;
}

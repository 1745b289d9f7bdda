import type { Db } from './db';

/** The reminder outbox (`reminder_deliveries`) and snoozes. Rules (what is due, what is wanted) live in the domain. */

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';
export type DeliveryKind = 'qbr' | 'milestone' | 'health' | 'stale' | 'notice';

export interface DeliveryRow {
  id: number;
  occurrence_key: string;
  item_key: string;
  kind: DeliveryKind;
  partner_id: number;
  item_id: number | null;
  target: string;
  channel_id: string | null;
  due_at: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  claimed_at: string | null;
  claimed_wall_ms: number | null;
  message_ts: string | null;
  last_error: string | null;
  payload: string;
  created_at: string;
  sent_at: string | null;
}

/** What an insert sets; status, attempts and the claim/result columns start at their defaults. */
export type NewDelivery = Pick<
  DeliveryRow,
  | 'occurrence_key'
  | 'item_key'
  | 'kind'
  | 'partner_id'
  | 'item_id'
  | 'target'
  | 'channel_id'
  | 'due_at'
  | 'next_attempt_at'
  | 'payload'
  | 'created_at'
>;

export interface SnoozeRow {
  item_key: string;
  partner_id: number;
  until_at: string;
  user_id: string;
  at: string;
}

export function deliveryStore(db: Db) {
  const insert = db.prepare<[NewDelivery]>(`
    INSERT INTO reminder_deliveries (occurrence_key, item_key, kind, partner_id, item_id, target, channel_id, due_at, next_attempt_at, payload, created_at)
    VALUES (@occurrence_key, @item_key, @kind, @partner_id, @item_id, @target, @channel_id, @due_at, @next_attempt_at, @payload, @created_at)
    ON CONFLICT (occurrence_key) DO NOTHING`);
  // A newer occurrence of an item for the same recipient makes its older, still unsent ones
  // pointless: they are never posted.
  const supersede = db.prepare<[string, string, string, string]>(`
    UPDATE reminder_deliveries SET status = 'cancelled', last_error = ?
    WHERE item_key = ? AND target = ? AND status = 'pending' AND occurrence_key <> ? AND kind <> 'notice'`);
  const claim = db.prepare<[string, number, string, number], DeliveryRow>(`
    UPDATE reminder_deliveries SET status = 'sending', claimed_at = ?, claimed_wall_ms = ?
    WHERE id IN (SELECT id FROM reminder_deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?)
    RETURNING *`);
  const byKey = db.prepare<[string], DeliveryRow>('SELECT * FROM reminder_deliveries WHERE occurrence_key = ?');
  const known = db.prepare<[string], number>('SELECT 1 FROM reminder_deliveries WHERE occurrence_key = ?').pluck();
  const byId = db.prepare<[number], DeliveryRow>('SELECT * FROM reminder_deliveries WHERE id = ?');
  const sending = db.prepare<[], DeliveryRow>("SELECT * FROM reminder_deliveries WHERE status = 'sending' ORDER BY id");
  const sendingDue = db.prepare<[string], DeliveryRow>(
    "SELECT * FROM reminder_deliveries WHERE status = 'sending' AND next_attempt_at <= ? ORDER BY id",
  );
  // Two reads of the (status, next_attempt_at) index: the first row of each status.
  const nextAttempt = db.prepare<[], { at: string | null }>(`
    SELECT min(at) AS at FROM (
      SELECT min(next_attempt_at) AS at FROM reminder_deliveries WHERE status = 'pending'
      UNION ALL SELECT min(next_attempt_at) FROM reminder_deliveries WHERE status = 'sending')`);
  const setChannel = db.prepare<[string, number]>('UPDATE reminder_deliveries SET channel_id = ? WHERE id = ?');
  const sent = db.prepare<[string, string, string, number]>(`
    UPDATE reminder_deliveries SET status = 'sent', message_ts = ?, channel_id = ?, sent_at = ?, last_error = NULL WHERE id = ? AND status = 'sending'`);
  const release = db.prepare<[number]>(
    "UPDATE reminder_deliveries SET status = 'pending' WHERE id = ? AND status = 'sending'",
  );
  const releaseAt = db.prepare<[string, number]>(
    "UPDATE reminder_deliveries SET status = 'pending', next_attempt_at = ? WHERE id = ? AND status = 'sending'",
  );
  const retry = db.prepare<[string, string, number]>(`
    UPDATE reminder_deliveries SET status = 'pending', attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ? AND status = 'sending'`);
  const unknown = db.prepare<[string, string, number]>(
    'UPDATE reminder_deliveries SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?',
  );
  const fail = db.prepare<[string, number]>(
    "UPDATE reminder_deliveries SET status = 'failed', last_error = ? WHERE id = ? AND status IN ('sending', 'pending')",
  );
  const cancel = db.prepare<[string, number]>(
    "UPDATE reminder_deliveries SET status = 'cancelled', last_error = ? WHERE id = ? AND status IN ('sending', 'pending')",
  );
  const cancelItem = db.prepare<[string, string]>(`
    UPDATE reminder_deliveries SET status = 'cancelled', last_error = ? WHERE item_key = ? AND status = 'pending' AND kind <> 'notice'`);
  const counts = db.prepare<[], { status: DeliveryStatus; n: number }>(
    'SELECT status, count(*) AS n FROM reminder_deliveries GROUP BY status',
  );

  return {
    /** Inserts each new occurrence once; an occurrence already known inserts nothing. Returns how many were new. Call inside a transaction. */
    insertAll(rows: readonly NewDelivery[], supersededBy: (key: string) => string): number {
      let inserted = 0;
      for (const row of rows) {
        if (insert.run(row).changes !== 1) continue;
        inserted += 1;
        supersede.run(supersededBy(row.occurrence_key), row.item_key, row.target, row.occurrence_key);
      }
      return inserted;
    },
    /** pending → sending for up to `limit` rows due at `now`. Call inside an IMMEDIATE transaction. */
    claim: (now: string, wallMs: number, limit: number): DeliveryRow[] => claim.all(now, wallMs, now, limit),
    byKey: (key: string): DeliveryRow | undefined => byKey.get(key),
    /** True when the occurrence is already in the outbox (whatever its status). */
    has: (key: string): boolean => known.get(key) !== undefined,
    byId: (id: number): DeliveryRow | undefined => byId.get(id),
    /** Rows in 'sending'; with `dueBy`, only those whose next attempt (a history check) is due by then. */
    sending: (dueBy?: string): DeliveryRow[] => (dueBy === undefined ? sending.all() : sendingDue.all(dueBy)),
    /** The earliest next_attempt_at of a row not yet settled. */
    nextAttemptAt: (): string | undefined => nextAttempt.get()?.at ?? undefined,
    /** Where the post goes, written before it is sent so a restart knows which history to read. */
    setChannel: (id: number, channelId: string) => void setChannel.run(channelId, id),
    markSent: (id: number, ts: string, channelId: string, at: string): boolean =>
      sent.run(ts, channelId, at, id).changes === 1,
    /** Back to pending, untouched: it was never sent (stopping, a lost lease, a channel waiting out a 429). */
    release: (id: number, nextAttemptAt?: string) =>
      void (nextAttemptAt ? releaseAt.run(nextAttemptAt, id) : release.run(id)),
    retryLater: (id: number, error: string, nextAttemptAt: string) => void retry.run(error, nextAttemptAt, id),
    /** Stays 'sending': Slack may or may not have it; the next tick reads the channel's history first. */
    markUnknown: (id: number, error: string, checkAt: string) => void unknown.run(error, checkAt, id),
    markFailed: (id: number, error: string) => void fail.run(error, id),
    cancel: (id: number, reason: string) => void cancel.run(reason, id),
    cancelPendingForItem: (itemKey: string, reason: string): number => cancelItem.run(reason, itemKey).changes,
    counts: (): Record<DeliveryStatus, number> => {
      const out: Record<DeliveryStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 };
      for (const r of counts.all()) out[r.status] = r.n;
      return out;
    },
  };
}

export function snoozeStore(db: Db) {
  const upsert = db.prepare<[SnoozeRow]>(`
    INSERT INTO reminder_snoozes (item_key, partner_id, until_at, user_id, at) VALUES (@item_key, @partner_id, @until_at, @user_id, @at)
    ON CONFLICT (item_key) DO UPDATE SET until_at = excluded.until_at, user_id = excluded.user_id, at = excluded.at`);
  const remove = db.prepare<[string]>('DELETE FROM reminder_snoozes WHERE item_key = ?');
  const inRange = db.prepare<[number, number], SnoozeRow>(
    'SELECT * FROM reminder_snoozes WHERE partner_id BETWEEN ? AND ?',
  );
  const forItem = db.prepare<[string], SnoozeRow>('SELECT * FROM reminder_snoozes WHERE item_key = ?');
  return {
    set: (row: SnoozeRow) => void upsert.run(row),
    clear: (itemKey: string) => void remove.run(itemKey),
    forPartners: (fromId: number, toId: number): SnoozeRow[] => inRange.all(fromId, toId),
    forItem: (itemKey: string): SnoozeRow | undefined => forItem.get(itemKey),
  };
}

export type DeliveryStore = ReturnType<typeof deliveryStore>;

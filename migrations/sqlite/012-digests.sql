-- The weekly digest. It goes through the reminder outbox like any reminder (one row per target
-- and ISO week: exactly once), but is about many partners, not one: the outbox's kind gains
-- 'digest' and its partner becomes optional. SQLite changes a CHECK or NOT NULL only by copying
-- the table; its indexes are made again below.
CREATE TABLE reminder_deliveries_new (
  id              INTEGER PRIMARY KEY,
  occurrence_key  TEXT    NOT NULL UNIQUE,
  item_key        TEXT    NOT NULL,
  kind            TEXT    NOT NULL CHECK (kind IN ('qbr', 'milestone', 'health', 'stale', 'notice', 'digest')),
  partner_id      INTEGER REFERENCES partners (id),  -- null for a digest
  item_id         INTEGER,
  target          TEXT    NOT NULL,
  channel_id      TEXT,
  due_at          TEXT    NOT NULL,
  status          TEXT    NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT    NOT NULL,
  claimed_at      TEXT,
  claimed_wall_ms INTEGER,
  message_ts      TEXT,
  last_error      TEXT,
  payload         TEXT    NOT NULL DEFAULT '{}',
  created_at      TEXT    NOT NULL,
  sent_at         TEXT,
  claimed_by      TEXT,
  workspace_id    TEXT    NOT NULL DEFAULT ''
);
INSERT INTO reminder_deliveries_new
  SELECT id, occurrence_key, item_key, kind, partner_id, item_id, target, channel_id, due_at, status, attempts,
         next_attempt_at, claimed_at, claimed_wall_ms, message_ts, last_error, payload, created_at, sent_at,
         claimed_by, workspace_id
  FROM reminder_deliveries;
DROP TABLE reminder_deliveries;
ALTER TABLE reminder_deliveries_new RENAME TO reminder_deliveries;
CREATE INDEX reminder_deliveries_due ON reminder_deliveries (status, next_attempt_at);
CREATE INDEX reminder_deliveries_item ON reminder_deliveries (item_key, status);
CREATE INDEX reminder_deliveries_settled ON reminder_deliveries (due_at) WHERE status IN ('sent', 'failed', 'cancelled');
CREATE INDEX reminder_deliveries_workspace ON reminder_deliveries (workspace_id, status);

-- Who gets a digest: a workspace's digest channel (its settings) and each person who asked for
-- one in a DM (`/partner digest on`). next_at is when the next one is due; a tick reads only the
-- rows whose instant has passed, through the index, like the reminder schedule.
CREATE TABLE digest_targets (
  workspace_id TEXT NOT NULL,
  target       TEXT NOT NULL,  -- channel:C… or user:U…
  next_at      TEXT NOT NULL,
  created_by   TEXT,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (workspace_id, target)
);
CREATE INDEX digest_targets_due ON digest_targets (next_at);

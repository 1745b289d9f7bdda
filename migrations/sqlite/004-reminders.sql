-- Reminders (DESIGN §3, §7): QBRs held, the delivery outbox, snoozes, the scheduler lease and
-- what we learnt about Slack users (time zone, DM channel). Number 004: 003 is the documents table.
-- Times are ISO-8601 UTC text from the app's clock unless a column says otherwise.

CREATE TABLE qbrs (
  id         INTEGER PRIMARY KEY,
  partner_id INTEGER NOT NULL REFERENCES partners (id),
  held_on    TEXT    NOT NULL,            -- calendar date, YYYY-MM-DD
  run_id     INTEGER,                     -- the qbr playbook run that recorded it (a later issue)
  user_id    TEXT    NOT NULL,
  at         TEXT    NOT NULL,
  -- Recording the same QBR twice (a double click, a retried command) changes nothing.
  UNIQUE (partner_id, held_on)
);

-- The outbox. One row per occurrence of a reminder (and per fallback or admin notice), keyed so
-- that computing the same occurrence again inserts nothing: exactly once starts here.
CREATE TABLE reminder_deliveries (
  id              INTEGER PRIMARY KEY,
  occurrence_key  TEXT    NOT NULL UNIQUE,  -- e.g. milestone:42:overdue:2026-11-24
  item_key        TEXT    NOT NULL,         -- e.g. milestone:42: later occurrences supersede earlier ones
  kind            TEXT    NOT NULL CHECK (kind IN ('qbr', 'milestone', 'health', 'stale', 'notice')),
  partner_id      INTEGER NOT NULL REFERENCES partners (id),
  item_id         INTEGER,                  -- milestone id, health event id
  target          TEXT    NOT NULL,         -- channel:C… or user:U… (a DM, opened at delivery)
  channel_id      TEXT,                     -- where it is (being) posted: known before the post is sent
  due_at          TEXT    NOT NULL,         -- the send instant: the local hour on the occurrence's day
  status          TEXT    NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT    NOT NULL,
  claimed_at      TEXT,                     -- app clock, when it went to 'sending'
  claimed_wall_ms INTEGER,                  -- machine wall clock then: compared with Slack message ts
  message_ts      TEXT,
  last_error      TEXT,
  payload         TEXT    NOT NULL DEFAULT '{}',  -- JSON: what the message says (names, dates, zone)
  created_at      TEXT    NOT NULL,
  sent_at         TEXT
);
CREATE INDEX reminder_deliveries_due ON reminder_deliveries (status, next_attempt_at);
CREATE INDEX reminder_deliveries_item ON reminder_deliveries (item_key, status);

-- Snooze moves the next nudge of one item; the recurrence itself is untouched.
CREATE TABLE reminder_snoozes (
  item_key   TEXT    PRIMARY KEY,
  partner_id INTEGER NOT NULL REFERENCES partners (id),
  until_at   TEXT    NOT NULL,
  user_id    TEXT    NOT NULL,
  at         TEXT    NOT NULL
);
CREATE INDEX reminder_snoozes_partner ON reminder_snoozes (partner_id);

-- One scheduler per database file. expires_at is wall-clock epoch ms, at most ~10 s ahead.
CREATE TABLE scheduler_lease (
  name       TEXT    PRIMARY KEY,
  holder     TEXT    NOT NULL,
  expires_at INTEGER NOT NULL
);

-- Recipients' time zones (users.info) and DM channels (conversations.open), refreshed daily.
CREATE TABLE slack_users (
  user_id    TEXT PRIMARY KEY,
  tz         TEXT,
  dm_channel TEXT,
  fetched_at TEXT NOT NULL
);

-- Recent health drops are read by time on every tick.
CREATE INDEX health_events_at ON health_events (at);
-- A partner's latest activity, read for every partner on every tick: answered from the index alone.
CREATE INDEX audit_log_activity ON audit_log (partner_id, at, action);

-- PostgreSQL twin of migrations/sqlite/002-processed-events.sql: identity keys, and BIGINT for ids and epoch milliseconds.

-- Slack retries events (same event_id) and users double-click: each key is acted on once.
CREATE TABLE processed_events (
  key TEXT COLLATE "C" PRIMARY KEY,
  at  TEXT COLLATE "C" NOT NULL
);

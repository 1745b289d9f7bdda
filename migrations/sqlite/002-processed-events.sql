-- Slack retries events (same event_id) and users double-click: each key is acted on once.
CREATE TABLE processed_events (
  key TEXT PRIMARY KEY,
  at  TEXT NOT NULL
);

-- Partner memory (DESIGN §3): partners, their health history, notes, milestones, and the audit log.
-- Times are ISO-8601 UTC text from the app's clock; due dates are calendar dates (YYYY-MM-DD).

CREATE TABLE partners (
  id            INTEGER PRIMARY KEY,
  name          TEXT    NOT NULL,
  -- NFKC, trimmed, spaces collapsed, lower-cased: COLLATE NOCASE folds ASCII only (É ≠ é).
  name_key      TEXT    NOT NULL UNIQUE,
  type          TEXT    CHECK (type IN ('reseller', 'referral', 'si', 'isv', 'technology')),
  tier          TEXT    NOT NULL,
  stage         TEXT    NOT NULL DEFAULT 'prospect'
                CHECK (stage IN ('prospect', 'recruiting', 'onboarding', 'active', 'growing', 'at_risk', 'exited')),
  health        INTEGER CHECK (health BETWEEN 0 AND 100),
  owner_user_id TEXT,
  channel_id    TEXT,
  vertical      TEXT,
  created_by    TEXT    NOT NULL,
  created_at    TEXT    NOT NULL,
  updated_at    TEXT    NOT NULL,
  archived_at   TEXT
);
CREATE INDEX partners_tier ON partners (tier) WHERE archived_at IS NULL;
CREATE INDEX partners_stage ON partners (stage) WHERE archived_at IS NULL;
CREATE INDEX partners_owner ON partners (owner_user_id) WHERE archived_at IS NULL;
CREATE INDEX partners_channel ON partners (channel_id);

CREATE TABLE health_events (
  id         INTEGER PRIMARY KEY,
  partner_id INTEGER NOT NULL REFERENCES partners (id),
  score      INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
  previous   INTEGER,
  note       TEXT,
  user_id    TEXT    NOT NULL,
  at         TEXT    NOT NULL
);
CREATE INDEX health_events_partner ON health_events (partner_id, id);

CREATE TABLE notes (
  id         INTEGER PRIMARY KEY,
  partner_id INTEGER NOT NULL REFERENCES partners (id),
  text       TEXT    NOT NULL,
  user_id    TEXT    NOT NULL,
  permalink  TEXT,
  at         TEXT    NOT NULL
);
CREATE INDEX notes_partner ON notes (partner_id, id);

CREATE TABLE milestones (
  id         INTEGER PRIMARY KEY,
  partner_id INTEGER NOT NULL REFERENCES partners (id),
  title      TEXT    NOT NULL,
  due_on     TEXT    NOT NULL,
  status     TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  done_at    TEXT,
  done_by    TEXT,
  created_by TEXT    NOT NULL,
  created_at TEXT    NOT NULL
);
CREATE INDEX milestones_partner ON milestones (partner_id, status, due_on);
CREATE INDEX milestones_open_due ON milestones (due_on) WHERE status = 'open';

CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  at         TEXT    NOT NULL,
  user_id    TEXT    NOT NULL,
  partner_id INTEGER REFERENCES partners (id),
  action     TEXT    NOT NULL,
  -- JSON: { field: [before, after] } or the values recorded.
  detail     TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_partner ON audit_log (partner_id, id);

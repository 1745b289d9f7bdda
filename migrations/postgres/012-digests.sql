-- PostgreSQL twin of migrations/sqlite/011-digests.sql: the outbox's kind gains 'digest' and its
-- partner becomes optional (a digest is about many partners); who gets a digest, and when next.
ALTER TABLE reminder_deliveries DROP CONSTRAINT reminder_deliveries_kind_check;
ALTER TABLE reminder_deliveries ADD CONSTRAINT reminder_deliveries_kind_check
  CHECK (kind IN ('qbr', 'milestone', 'health', 'stale', 'notice', 'digest'));
ALTER TABLE reminder_deliveries ALTER COLUMN partner_id DROP NOT NULL;

CREATE TABLE digest_targets (
  workspace_id TEXT COLLATE "C" NOT NULL,
  target       TEXT COLLATE "C" NOT NULL,
  next_at      TEXT COLLATE "C" NOT NULL,
  created_by   TEXT COLLATE "C",
  created_at   TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (workspace_id, target)
);
CREATE INDEX digest_targets_due ON digest_targets (next_at);

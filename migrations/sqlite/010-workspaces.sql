-- Many workspaces on one database. Every row belongs to a workspace: its Slack team id, or the
-- enterprise id of an organisation-wide install. Rows already on file get '' here; at start-up a
-- single-workspace program adopts them for the team auth.test names (src/store/workspaces.ts).
-- Partner names are unique per workspace, and the indexes a request uses lead with the workspace.

-- Installations made through "Add to Slack", one per workspace (or organisation).
CREATE TABLE slack_installations (
  workspace_id  TEXT PRIMARY KEY,
  team_id       TEXT,
  enterprise_id TEXT,
  is_enterprise INTEGER NOT NULL DEFAULT 0,
  -- What Bolt stores (tokens, bot ids, scopes), as JSON. Deleted on uninstall: a token is never kept.
  installation  TEXT NOT NULL,
  installer_id  TEXT,
  installed_at  TEXT NOT NULL
);

-- What PartnerOS knows of each workspace: when it was installed, and its own settings (JSON over
-- the partneros.yml defaults). uninstalled_at set: its tokens are gone and its reminders stop.
CREATE TABLE workspaces (
  id             TEXT PRIMARY KEY,
  name           TEXT,
  installed_at   TEXT NOT NULL,
  uninstalled_at TEXT,
  installer_id   TEXT,
  settings       TEXT,
  settings_at    TEXT
);

-- Partners: rebuilt, since SQLite changes a constraint only by copying the table (the migration
-- runner has foreign keys off and checks them afterwards). Its indexes and triggers go with it and
-- are made again below.
CREATE TABLE partners_new (
  id            INTEGER PRIMARY KEY,
  workspace_id  TEXT    NOT NULL DEFAULT '',
  name          TEXT    NOT NULL,
  -- NFKC, trimmed, spaces collapsed, lower-cased: COLLATE NOCASE folds ASCII only (É ≠ é).
  name_key      TEXT    NOT NULL,
  search_key    TEXT    NOT NULL DEFAULT '',
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
INSERT INTO partners_new (id, name, name_key, search_key, type, tier, stage, health, owner_user_id, channel_id,
                          vertical, created_by, created_at, updated_at, archived_at)
  SELECT id, name, name_key, search_key, type, tier, stage, health, owner_user_id, channel_id,
         vertical, created_by, created_at, updated_at, archived_at FROM partners;
DROP TABLE partners;
ALTER TABLE partners_new RENAME TO partners;
CREATE UNIQUE INDEX partners_name ON partners (workspace_id, name_key);
CREATE INDEX partners_tier ON partners (workspace_id, tier) WHERE archived_at IS NULL;
CREATE INDEX partners_stage ON partners (workspace_id, stage) WHERE archived_at IS NULL;
CREATE INDEX partners_owner ON partners (workspace_id, owner_user_id) WHERE archived_at IS NULL;
CREATE INDEX partners_channel ON partners (workspace_id, channel_id);
CREATE INDEX partners_search_key ON partners (workspace_id, search_key);

-- People: a Grid user (W…) may be in several workspaces, with a DM channel in each.
CREATE TABLE slack_users_new (
  workspace_id TEXT NOT NULL DEFAULT '',
  user_id      TEXT NOT NULL,
  tz           TEXT,
  dm_channel   TEXT,
  fetched_at   TEXT NOT NULL,
  PRIMARY KEY (workspace_id, user_id)
);
INSERT INTO slack_users_new (user_id, tz, dm_channel, fetched_at) SELECT user_id, tz, dm_channel, fetched_at FROM slack_users;
DROP TABLE slack_users;
ALTER TABLE slack_users_new RENAME TO slack_users;
CREATE INDEX slack_users_fetched ON slack_users (fetched_at);

-- The name search tables, per workspace (a trigram is rare or common within one workspace's names).
CREATE TABLE partner_name_words_new (
  workspace_id TEXT    NOT NULL DEFAULT '',
  word_run     TEXT    NOT NULL,
  partner_id   INTEGER NOT NULL REFERENCES partners (id),
  PRIMARY KEY (workspace_id, word_run, partner_id)
) WITHOUT ROWID;
INSERT INTO partner_name_words_new (word_run, partner_id) SELECT word_run, partner_id FROM partner_name_words;
DROP TABLE partner_name_words;
ALTER TABLE partner_name_words_new RENAME TO partner_name_words;

CREATE TABLE partner_name_trigrams_new (
  workspace_id TEXT    NOT NULL DEFAULT '',
  gram         TEXT    NOT NULL,
  partner_id   INTEGER NOT NULL REFERENCES partners (id),
  PRIMARY KEY (workspace_id, gram, partner_id)
) WITHOUT ROWID;
INSERT INTO partner_name_trigrams_new (gram, partner_id) SELECT gram, partner_id FROM partner_name_trigrams;
DROP TABLE partner_name_trigrams;
ALTER TABLE partner_name_trigrams_new RENAME TO partner_name_trigrams;

CREATE TABLE partner_name_gram_counts_new (
  workspace_id TEXT    NOT NULL DEFAULT '',
  gram         TEXT    NOT NULL,
  n            INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, gram)
) WITHOUT ROWID;
INSERT INTO partner_name_gram_counts_new (gram, n) SELECT gram, n FROM partner_name_gram_counts;
DROP TABLE partner_name_gram_counts;
ALTER TABLE partner_name_gram_counts_new RENAME TO partner_name_gram_counts;

-- Every other table gains its workspace; lookups by a partner stay on their partner indexes.
ALTER TABLE health_events ADD COLUMN workspace_id TEXT NOT NULL DEFAULT '';
ALTER TABLE notes ADD COLUMN workspace_id TEXT NOT NULL DEFAULT '';
ALTER TABLE milestones ADD COLUMN workspace_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN workspace_id TEXT NOT NULL DEFAULT '';
ALTER TABLE processed_events ADD COLUMN workspace_id TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN workspace_id TEXT NOT NULL DEFAULT '';
ALTER TABLE qbrs ADD COLUMN workspace_id TEXT NOT NULL DEFAULT '';
ALTER TABLE reminder_deliveries ADD COLUMN workspace_id TEXT NOT NULL DEFAULT '';
ALTER TABLE reminder_snoozes ADD COLUMN workspace_id TEXT NOT NULL DEFAULT '';
ALTER TABLE playbook_runs ADD COLUMN workspace_id TEXT NOT NULL DEFAULT '';
ALTER TABLE run_answers ADD COLUMN workspace_id TEXT NOT NULL DEFAULT '';
ALTER TABLE partner_answers ADD COLUMN workspace_id TEXT NOT NULL DEFAULT '';
ALTER TABLE reminder_schedule ADD COLUMN workspace_id TEXT NOT NULL DEFAULT '';
CREATE INDEX playbook_runs_listing ON playbook_runs (workspace_id, status, updated_at);
CREATE INDEX reminder_deliveries_workspace ON reminder_deliveries (workspace_id, status);
CREATE INDEX reminder_schedule_workspace ON reminder_schedule (workspace_id);
CREATE INDEX processed_events_workspace ON processed_events (workspace_id, at);

-- The partner triggers again (they went with the old table), now carrying the workspace.
CREATE TRIGGER partners_schedule_added AFTER INSERT ON partners BEGIN
  INSERT INTO reminder_schedule (partner_id, workspace_id) VALUES (NEW.id, NEW.workspace_id);
  INSERT OR IGNORE INTO slack_users (workspace_id, user_id, fetched_at)
    SELECT NEW.workspace_id, NEW.owner_user_id, '' WHERE NEW.owner_user_id IS NOT NULL;
END;
CREATE TRIGGER partners_schedule_changed AFTER UPDATE ON partners BEGIN
  UPDATE reminder_schedule SET next_at = '', version = version + 1 WHERE partner_id = NEW.id;
  INSERT OR IGNORE INTO slack_users (workspace_id, user_id, fetched_at)
    SELECT NEW.workspace_id, NEW.owner_user_id, '' WHERE NEW.owner_user_id IS NOT NULL;
END;

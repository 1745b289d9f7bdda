-- PostgreSQL twin of migrations/sqlite/010-workspaces.sql.

-- Many workspaces on one database. Every row belongs to a workspace: its Slack team id, or the
-- enterprise id of an organisation-wide install. Rows already on file get '' here; at start-up a
-- single-workspace program adopts them for the team auth.test names (src/store/workspaces.ts).
-- Partner names are unique per workspace, and the indexes a request uses lead with the workspace.

-- Installations made through "Add to Slack", one per workspace (or organisation).
CREATE TABLE slack_installations (
  workspace_id  TEXT COLLATE "C" PRIMARY KEY,
  team_id       TEXT COLLATE "C",
  enterprise_id TEXT COLLATE "C",
  is_enterprise INTEGER NOT NULL DEFAULT 0,
  -- What Bolt stores (tokens, bot ids, scopes), as JSON. Deleted on uninstall: a token is never kept.
  installation  TEXT COLLATE "C" NOT NULL,
  installer_id  TEXT COLLATE "C",
  installed_at  TEXT COLLATE "C" NOT NULL
);

-- What PartnerOS knows of each workspace: when it was installed, and its own settings (JSON over
-- the partneros.yml defaults). uninstalled_at set: its tokens are gone and its reminders stop.
CREATE TABLE workspaces (
  id             TEXT COLLATE "C" PRIMARY KEY,
  name           TEXT COLLATE "C",
  installed_at   TEXT COLLATE "C" NOT NULL,
  uninstalled_at TEXT COLLATE "C",
  installer_id   TEXT COLLATE "C",
  settings       TEXT COLLATE "C",
  settings_at    TEXT COLLATE "C"
);

ALTER TABLE partners ADD COLUMN workspace_id TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE partners DROP CONSTRAINT partners_name_key_key;
CREATE UNIQUE INDEX partners_name ON partners (workspace_id, name_key);
DROP INDEX partners_tier;
DROP INDEX partners_stage;
DROP INDEX partners_owner;
DROP INDEX partners_channel;
DROP INDEX partners_search_key;
CREATE INDEX partners_tier ON partners (workspace_id, tier) WHERE archived_at IS NULL;
CREATE INDEX partners_stage ON partners (workspace_id, stage) WHERE archived_at IS NULL;
CREATE INDEX partners_owner ON partners (workspace_id, owner_user_id) WHERE archived_at IS NULL;
CREATE INDEX partners_channel ON partners (workspace_id, channel_id);
CREATE INDEX partners_search_key ON partners (workspace_id, search_key);

-- People: a Grid user (W…) may be in several workspaces, with a DM channel in each.
ALTER TABLE slack_users ADD COLUMN workspace_id TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE slack_users DROP CONSTRAINT slack_users_pkey;
ALTER TABLE slack_users ADD PRIMARY KEY (workspace_id, user_id);

-- The name search tables, per workspace (a trigram is rare or common within one workspace's names).
ALTER TABLE partner_name_words ADD COLUMN workspace_id TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE partner_name_words DROP CONSTRAINT partner_name_words_pkey;
ALTER TABLE partner_name_words ADD PRIMARY KEY (workspace_id, word_run, partner_id);
ALTER TABLE partner_name_trigrams ADD COLUMN workspace_id TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE partner_name_trigrams DROP CONSTRAINT partner_name_trigrams_pkey;
ALTER TABLE partner_name_trigrams ADD PRIMARY KEY (workspace_id, gram, partner_id);
ALTER TABLE partner_name_gram_counts ADD COLUMN workspace_id TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE partner_name_gram_counts DROP CONSTRAINT partner_name_gram_counts_pkey;
ALTER TABLE partner_name_gram_counts ADD PRIMARY KEY (workspace_id, gram);

-- Every other table gains its workspace; lookups by a partner stay on their partner indexes.
ALTER TABLE health_events ADD COLUMN workspace_id TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE notes ADD COLUMN workspace_id TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE milestones ADD COLUMN workspace_id TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN workspace_id TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE processed_events ADD COLUMN workspace_id TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN workspace_id TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE qbrs ADD COLUMN workspace_id TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE reminder_deliveries ADD COLUMN workspace_id TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE reminder_snoozes ADD COLUMN workspace_id TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE playbook_runs ADD COLUMN workspace_id TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE run_answers ADD COLUMN workspace_id TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE partner_answers ADD COLUMN workspace_id TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE reminder_schedule ADD COLUMN workspace_id TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX playbook_runs_listing ON playbook_runs (workspace_id, status, updated_at);
CREATE INDEX reminder_deliveries_workspace ON reminder_deliveries (workspace_id, status);
CREATE INDEX reminder_schedule_workspace ON reminder_schedule (workspace_id);
CREATE INDEX processed_events_workspace ON processed_events (workspace_id, at);

-- The partner trigger, now carrying the workspace.
CREATE OR REPLACE FUNCTION partneros_replan_partner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO reminder_schedule (partner_id, workspace_id) VALUES (NEW.id, NEW.workspace_id);
  ELSE
    UPDATE reminder_schedule SET next_at = '', version = version + 1 WHERE partner_id = NEW.id;
  END IF;
  IF NEW.owner_user_id IS NOT NULL THEN
    INSERT INTO slack_users (workspace_id, user_id, fetched_at) VALUES (NEW.workspace_id, NEW.owner_user_id, '')
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

-- Every document rendered for a partner, kept forever: a new render is a new version, never an overwrite.
-- The row is written before the upload starts, so a failed upload still leaves the text and its version.
CREATE TABLE documents (
  id               INTEGER PRIMARY KEY,
  partner_id       INTEGER NOT NULL REFERENCES partners(id),
  run_id           INTEGER,
  template_id      TEXT NOT NULL,
  template_version TEXT NOT NULL,
  title            TEXT NOT NULL,
  version          INTEGER NOT NULL CHECK (version >= 1),
  rendered_text    TEXT NOT NULL,
  missing          TEXT NOT NULL DEFAULT '[]',
  status           TEXT NOT NULL DEFAULT 'rendered' CHECK (status IN ('rendered', 'uploaded', 'shared', 'failed')),
  slack_file_id    TEXT,
  channel_id       TEXT,
  thread_ts        TEXT,
  permalink        TEXT,
  last_error       TEXT,
  created_by       TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  UNIQUE (partner_id, template_id, version)
);
CREATE INDEX documents_by_partner ON documents (partner_id, id);

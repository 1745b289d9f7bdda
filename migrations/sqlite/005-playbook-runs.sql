-- Playbook runs: a state machine persisted after every transition (DESIGN §3, §5).
-- `seq` counts transitions; a button carries the seq it was drawn at, so a double click, a replayed
-- payload or two people at once move a run exactly once (UPDATE … WHERE seq = ?).
CREATE TABLE playbook_runs (
  id               INTEGER PRIMARY KEY,
  partner_id       INTEGER NOT NULL REFERENCES partners(id),
  playbook_id      TEXT NOT NULL,
  channel_id       TEXT,
  thread_ts        TEXT,
  -- A link to the root post, for /partner runs and App Home (chat.getPermalink once, at start).
  permalink        TEXT,
  step_index       INTEGER NOT NULL DEFAULT 0 CHECK (step_index >= 0),
  status           TEXT NOT NULL DEFAULT 'starting'
                   CHECK (status IN ('starting', 'active', 'paused', 'completed', 'abandoned')),
  seq              INTEGER NOT NULL DEFAULT 0,
  -- The current step's message and the coach reply that carries the pending question: edited as answers arrive.
  step_ts          TEXT,
  question_ts      TEXT,
  -- That reply without its question, so it can be edited once the question is answered.
  question_body    TEXT,
  -- Step ids skipped with the Skip button, JSON array.
  skipped          TEXT NOT NULL DEFAULT '[]',
  -- The coach said once in this thread that the LLM failed and the guided coach took over.
  fallback_noted   INTEGER NOT NULL DEFAULT 0,
  started_by       TEXT NOT NULL,
  started_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  completed_at     TEXT
);
CREATE UNIQUE INDEX playbook_runs_by_thread ON playbook_runs (channel_id, thread_ts) WHERE thread_ts IS NOT NULL;
CREATE INDEX playbook_runs_by_partner ON playbook_runs (partner_id, status);
-- One open run per partner and playbook: a second start resumes the first.
CREATE UNIQUE INDEX playbook_runs_one_open ON playbook_runs (partner_id, playbook_id)
  WHERE status IN ('starting', 'active', 'paused');

-- Every value given in a run, kept: a correction is a new row, the latest row per field wins.
-- value NULL: the user chose to leave an optional field empty.
CREATE TABLE run_answers (
  id         INTEGER PRIMARY KEY,
  run_id     INTEGER NOT NULL REFERENCES playbook_runs(id),
  step_id    TEXT NOT NULL,
  field_id   TEXT NOT NULL,
  value      TEXT,
  user_id    TEXT NOT NULL,
  at         TEXT NOT NULL
);
CREATE INDEX run_answers_by_run ON run_answers (run_id, field_id, id);

-- PostgreSQL twin of migrations/sqlite/011-demo-partners.sql.

-- The sample program `partneros demo` seeds: its partners carry demo = 1, so `demo --reset` can find
-- them (and everything that hangs off them) however the rows were changed since, and leave every
-- partner a person added alone. The mark travels with the row when a workspace adopts it.
ALTER TABLE partners ADD COLUMN demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1));
CREATE INDEX partners_demo ON partners (workspace_id) WHERE demo = 1;

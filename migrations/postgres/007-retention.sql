-- PostgreSQL twin of migrations/sqlite/007-retention.sql.

-- Daily pruning of what can no longer come back (src/domain/reminders/retention.ts says which rows
-- and why): settled outbox rows are walked by their send time, processed event keys by when seen.
CREATE INDEX reminder_deliveries_settled ON reminder_deliveries (due_at, id) WHERE status IN ('sent', 'failed', 'cancelled');
CREATE INDEX processed_events_at ON processed_events (at);

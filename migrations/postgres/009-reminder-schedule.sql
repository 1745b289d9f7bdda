-- PostgreSQL twin of migrations/sqlite/009-reminder-schedule.sql.

-- The reminder schedule: for each partner, the earliest instant at which one of its reminders (its
-- QBR, milestones, a health drop, quietness) can next fall due. A tick reads only the rows whose
-- instant has passed, through an index, so its cost follows what is due, not the program's size.
-- next_at '' means "work it out again at the next tick"; version counts those requests, so a
-- tick that computed from older data does not overwrite a newer request (compare-and-set).
CREATE TABLE reminder_schedule (
  partner_id BIGINT  PRIMARY KEY REFERENCES partners (id),
  next_at    TEXT COLLATE "C" NOT NULL DEFAULT '',
  version    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reminder_schedule_due ON reminder_schedule (next_at);
INSERT INTO reminder_schedule (partner_id) SELECT id FROM partners;

-- Whatever can move a partner's next reminder asks for it to be worked out again. In the schema,
-- not in each command, so no write path can forget it (an import, a playbook, a button).
CREATE FUNCTION partneros_replan_partner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO reminder_schedule (partner_id) VALUES (NEW.id);
  ELSE
    UPDATE reminder_schedule SET next_at = '', version = version + 1 WHERE partner_id = NEW.id;
  END IF;
  IF NEW.owner_user_id IS NOT NULL THEN
    INSERT INTO slack_users (user_id, fetched_at) VALUES (NEW.owner_user_id, '') ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION partneros_replan() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  pid BIGINT;
BEGIN
  IF TG_OP = 'DELETE' THEN pid := OLD.partner_id; ELSE pid := NEW.partner_id; END IF;
  UPDATE reminder_schedule SET next_at = '', version = version + 1 WHERE partner_id = pid;
  RETURN NULL;
END $$;

CREATE TRIGGER partners_schedule AFTER INSERT OR UPDATE ON partners
  FOR EACH ROW EXECUTE FUNCTION partneros_replan_partner();
CREATE TRIGGER milestones_schedule AFTER INSERT OR UPDATE ON milestones
  FOR EACH ROW EXECUTE FUNCTION partneros_replan();
CREATE TRIGGER health_schedule AFTER INSERT ON health_events FOR EACH ROW EXECUTE FUNCTION partneros_replan();
CREATE TRIGGER notes_schedule AFTER INSERT ON notes FOR EACH ROW EXECUTE FUNCTION partneros_replan();
CREATE TRIGGER qbrs_schedule AFTER INSERT ON qbrs FOR EACH ROW EXECUTE FUNCTION partneros_replan();
-- Any change a person makes is activity (quiet-partner reminders); snoozing one is not.
CREATE TRIGGER audit_schedule AFTER INSERT ON audit_log
  FOR EACH ROW WHEN (NEW.partner_id IS NOT NULL AND NEW.action <> 'reminder.snoozed')
  EXECUTE FUNCTION partneros_replan();
CREATE TRIGGER snoozes_schedule AFTER INSERT OR UPDATE OR DELETE ON reminder_snoozes
  FOR EACH ROW EXECUTE FUNCTION partneros_replan();

-- Owners of partners already on file get their zone read too.
INSERT INTO slack_users (user_id, fetched_at)
  SELECT DISTINCT owner_user_id, '' FROM partners WHERE owner_user_id IS NOT NULL
  ON CONFLICT DO NOTHING;
-- Zones to read again are found through fetched_at, not by scanning every partner's owner.
CREATE INDEX slack_users_fetched ON slack_users (fetched_at);

-- Which process holds a 'sending' row. With several processes on one database, a row whose
-- holder stopped renewing its liveness is taken over (after reading the channel's history).
ALTER TABLE reminder_deliveries ADD COLUMN claimed_by TEXT COLLATE "C";

-- Small facts the app keeps about itself, e.g. which reminder settings the schedule was planned with.
CREATE TABLE app_meta (
  key   TEXT COLLATE "C" PRIMARY KEY,
  value TEXT COLLATE "C" NOT NULL
);

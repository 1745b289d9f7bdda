-- The reminder schedule: for each partner, the earliest instant at which one of its reminders (its
-- QBR, milestones, a health drop, quietness) can next fall due. A tick reads only the rows whose
-- instant has passed, through an index, so its cost follows what is due, not the program's size.
-- next_at '' means "work it out again at the next tick"; version counts those requests, so a
-- tick that computed from older data does not overwrite a newer request (compare-and-set).
CREATE TABLE reminder_schedule (
  partner_id INTEGER PRIMARY KEY REFERENCES partners (id),
  next_at    TEXT    NOT NULL DEFAULT '',
  version    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reminder_schedule_due ON reminder_schedule (next_at);
INSERT INTO reminder_schedule (partner_id) SELECT id FROM partners;

-- Whatever can move a partner's next reminder asks for it to be worked out again. In the schema,
-- not in each command, so no write path can forget it (an import, a playbook, a button).
CREATE TRIGGER partners_schedule_added AFTER INSERT ON partners BEGIN
  INSERT INTO reminder_schedule (partner_id) VALUES (NEW.id);
  INSERT OR IGNORE INTO slack_users (user_id, fetched_at) SELECT NEW.owner_user_id, '' WHERE NEW.owner_user_id IS NOT NULL;
END;
CREATE TRIGGER partners_schedule_changed AFTER UPDATE ON partners BEGIN
  UPDATE reminder_schedule SET next_at = '', version = version + 1 WHERE partner_id = NEW.id;
  INSERT OR IGNORE INTO slack_users (user_id, fetched_at) SELECT NEW.owner_user_id, '' WHERE NEW.owner_user_id IS NOT NULL;
END;
CREATE TRIGGER milestones_schedule_added AFTER INSERT ON milestones BEGIN
  UPDATE reminder_schedule SET next_at = '', version = version + 1 WHERE partner_id = NEW.partner_id;
END;
CREATE TRIGGER milestones_schedule_changed AFTER UPDATE ON milestones BEGIN
  UPDATE reminder_schedule SET next_at = '', version = version + 1 WHERE partner_id = NEW.partner_id;
END;
CREATE TRIGGER health_schedule AFTER INSERT ON health_events BEGIN
  UPDATE reminder_schedule SET next_at = '', version = version + 1 WHERE partner_id = NEW.partner_id;
END;
CREATE TRIGGER notes_schedule AFTER INSERT ON notes BEGIN
  UPDATE reminder_schedule SET next_at = '', version = version + 1 WHERE partner_id = NEW.partner_id;
END;
CREATE TRIGGER qbrs_schedule AFTER INSERT ON qbrs BEGIN
  UPDATE reminder_schedule SET next_at = '', version = version + 1 WHERE partner_id = NEW.partner_id;
END;
-- Any change a person makes is activity (quiet-partner reminders); snoozing one is not.
CREATE TRIGGER audit_schedule AFTER INSERT ON audit_log
  WHEN NEW.partner_id IS NOT NULL AND NEW.action <> 'reminder.snoozed' BEGIN
  UPDATE reminder_schedule SET next_at = '', version = version + 1 WHERE partner_id = NEW.partner_id;
END;
CREATE TRIGGER snoozes_schedule_set AFTER INSERT ON reminder_snoozes BEGIN
  UPDATE reminder_schedule SET next_at = '', version = version + 1 WHERE partner_id = NEW.partner_id;
END;
CREATE TRIGGER snoozes_schedule_moved AFTER UPDATE ON reminder_snoozes BEGIN
  UPDATE reminder_schedule SET next_at = '', version = version + 1 WHERE partner_id = NEW.partner_id;
END;
CREATE TRIGGER snoozes_schedule_cleared AFTER DELETE ON reminder_snoozes BEGIN
  UPDATE reminder_schedule SET next_at = '', version = version + 1 WHERE partner_id = OLD.partner_id;
END;

-- Owners of partners already on file get their zone read too.
INSERT OR IGNORE INTO slack_users (user_id, fetched_at)
  SELECT DISTINCT owner_user_id, '' FROM partners WHERE owner_user_id IS NOT NULL;
-- Zones to read again are found through fetched_at, not by scanning every partner's owner.
CREATE INDEX slack_users_fetched ON slack_users (fetched_at);

-- Which process holds a 'sending' row. With several processes on one database, a row whose
-- holder stopped renewing its liveness is taken over (after reading the channel's history).
ALTER TABLE reminder_deliveries ADD COLUMN claimed_by TEXT;

-- Small facts the app keeps about itself, e.g. which reminder settings the schedule was planned with.
CREATE TABLE app_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

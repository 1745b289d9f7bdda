-- Answers given outside a playbook run (the "Fill in missing values" form of a document), per partner.
-- Every value is kept: a correction is a new row. Later documents and runs read the latest value per field
-- across these rows and the partner's run answers, whichever was given last.
CREATE TABLE partner_answers (
  id          INTEGER PRIMARY KEY,
  partner_id  INTEGER NOT NULL REFERENCES partners(id),
  field_id    TEXT NOT NULL,
  value       TEXT NOT NULL,
  -- The document whose form the value was typed into.
  template_id TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  at          TEXT NOT NULL
);
CREATE INDEX partner_answers_by_partner ON partner_answers (partner_id, field_id, id);

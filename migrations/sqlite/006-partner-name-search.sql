-- Forgiving partner names: `/partner show acme` finds Acme Corp when it is the only match, and a
-- name that is not on file is answered with the closest ones. Everything a look-up needs is in
-- the database, so a partner added through one process is found through any other at once.
-- The folding (accents dropped, punctuation as spaces) is the app's own: partneros_search_key and
-- partneros_name_terms are registered by the store before migrations run (src/store/name-search.ts).

-- The name as searched: "Société Générale S.A." → "societe generale s a". A prefix of it, or of
-- its words, is an indexed range.
ALTER TABLE partners ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
UPDATE partners SET search_key = partneros_search_key(name);
CREATE INDEX partners_search_key ON partners (search_key);

-- Every run of whole words that ends a name, after its first word ("labs group", "group" for
-- Helix Labs Group): "labs" is then found as a whole word of it with one indexed range.
CREATE TABLE partner_name_words (
  word_run   TEXT    NOT NULL,
  partner_id INTEGER NOT NULL REFERENCES partners (id),
  PRIMARY KEY (word_run, partner_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO partner_name_words (word_run, partner_id)
  SELECT t.term, p.id FROM partners p, partneros_name_terms(p.name) t WHERE t.kind = 'run';

-- Trigrams of each name: the candidates for "did you mean" are the names sharing the most trigrams
-- with what was typed, found through this index instead of by scanning every name.
CREATE TABLE partner_name_trigrams (
  gram       TEXT    NOT NULL,
  partner_id INTEGER NOT NULL REFERENCES partners (id),
  PRIMARY KEY (gram, partner_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO partner_name_trigrams (gram, partner_id)
  SELECT t.term, p.id FROM partners p, partneros_name_terms(p.name) t WHERE t.kind = 'gram';

-- How many names hold each trigram: a look-up reads the postings of the rarest trigrams typed, up to
-- a budget, so its cost stays bounded however many names share "ion" or " co". Names never change
-- and partners are never deleted, so counts only grow (partners.insert keeps them).
CREATE TABLE partner_name_gram_counts (
  gram TEXT    PRIMARY KEY,
  n    INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO partner_name_gram_counts (gram, n) SELECT gram, count(*) FROM partner_name_trigrams GROUP BY gram;

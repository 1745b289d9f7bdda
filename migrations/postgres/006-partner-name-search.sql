-- PostgreSQL twin of migrations/sqlite/006-partner-name-search.sql. A PostgreSQL database starts
-- empty at this release (migrate-db copies these tables with the partners), so there are no names
-- on file to fill in here; partners.insert keeps the tables from then on.

-- The name as searched: "Société Générale S.A." → "societe generale s a". A prefix of it, or of
-- its words, is an indexed range (byte order, as on SQLite: the column collates "C").
ALTER TABLE partners ADD COLUMN search_key TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX partners_search_key ON partners (search_key);

-- Every run of whole words that ends a name, after its first word ("labs group", "group" for
-- Helix Labs Group): "labs" is then found as a whole word of it with one indexed range.
CREATE TABLE partner_name_words (
  word_run   TEXT COLLATE "C" NOT NULL,
  partner_id BIGINT NOT NULL REFERENCES partners (id),
  PRIMARY KEY (word_run, partner_id)
);

-- Trigrams of each name: the candidates for "did you mean" are the names sharing the most trigrams
-- with what was typed, found through this index instead of by scanning every name.
CREATE TABLE partner_name_trigrams (
  gram       TEXT COLLATE "C" NOT NULL,
  partner_id BIGINT NOT NULL REFERENCES partners (id),
  PRIMARY KEY (gram, partner_id)
);

-- How many names hold each trigram: a look-up reads the postings of the rarest trigrams typed, up to
-- a budget, so its cost stays bounded however many names share "ion" or " co".
CREATE TABLE partner_name_gram_counts (
  gram TEXT COLLATE "C" PRIMARY KEY,
  n    INTEGER NOT NULL
);

import type { Statement } from 'better-sqlite3';
import type { Db } from './db';
import { nameKey, nameTerms, searchKey, trigrams } from './name-key';

export interface PartnerRow {
  id: number;
  name: string;
  /** The name as searched (see searchKey): never shown. */
  search_key: string;
  type: string | null;
  tier: string;
  stage: string;
  health: number | null;
  owner_user_id: string | null;
  channel_id: string | null;
  vertical: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
}

export interface NewPartnerRow {
  name: string;
  type: string | null;
  tier: string;
  stage: string;
  owner_user_id: string | null;
  channel_id: string | null;
  vertical: string | null;
  created_by: string;
  at: string;
}

/** Columns a command may change; the name is fixed at creation. */
export type PartnerPatch = Partial<
  Pick<PartnerRow, 'tier' | 'stage' | 'health' | 'owner_user_id' | 'channel_id' | 'type' | 'vertical' | 'archived_at'>
>;

/** A name that shares trigrams with a typed one: a candidate for "did you mean". */
export interface SimilarName {
  id: number;
  name: string;
  archived: boolean;
}

/** Trigram postings a "did you mean" reads at most (beyond its three rarest trigrams). */
const POSTING_BUDGET = 1_500;
const MIN_GRAMS = 3;

/** Sorts after any character a name can hold: `key + END` bounds a prefix range in SQLite's binary order. */
const END = '\u{10FFFF}';

export interface PartnerFilter {
  tier?: string;
  stage?: string;
  owner?: string;
}

const PATCHABLE = [
  'tier',
  'stage',
  'health',
  'owner_user_id',
  'channel_id',
  'type',
  'vertical',
  'archived_at',
] as const;

export function partnerStore(db: Db) {
  const insert = db.prepare<[NewPartnerRow & { name_key: string; search_key: string }]>(`
    INSERT INTO partners (name, name_key, search_key, type, tier, stage, owner_user_id, channel_id, vertical, created_by, created_at, updated_at)
    VALUES (@name, @name_key, @search_key, @type, @tier, @stage, @owner_user_id, @channel_id, @vertical, @created_by, @at, @at)`);
  const insertRun = db.prepare<[string, number]>(
    'INSERT OR IGNORE INTO partner_name_words (word_run, partner_id) VALUES (?, ?)',
  );
  const insertGram = db.prepare<[string, number]>(
    'INSERT OR IGNORE INTO partner_name_trigrams (gram, partner_id) VALUES (?, ?)',
  );
  const countGram = db.prepare<[string]>(
    'INSERT INTO partner_name_gram_counts (gram, n) VALUES (?, 1) ON CONFLICT (gram) DO UPDATE SET n = n + 1',
  );
  const insertAll = db.transaction((row: NewPartnerRow): number => {
    const id = Number(
      insert.run({ ...row, name_key: nameKey(row.name), search_key: searchKey(row.name) }).lastInsertRowid,
    );
    const terms = nameTerms(row.name);
    for (const run of terms.runs) insertRun.run(run, id);
    for (const gram of terms.grams) if (insertGram.run(gram, id).changes === 1) countGram.run(gram);
    return id;
  });
  const byKey = db.prepare<[string], PartnerRow>('SELECT * FROM partners WHERE name_key = ?');
  const byId = db.prepare<[number], PartnerRow>('SELECT * FROM partners WHERE id = ?');
  // Current partners whose search key is the typed words or begins with them as whole words
  // (`acme` → “acme corp”), or that have them as a run of whole words (`labs` → “helix labs group”);
  // with `prefix`, also names that merely begin with the typed text (`glob` → “globex”). Each part
  // is one range of an index and stops at the limit, so a common word (“group”) stays cheap.
  type Range = { q: string; qEnd: string; qs: string; qsEnd: string; limit: number };
  const fittingSql = (start: string) => `
    SELECT * FROM partners WHERE id IN (
      SELECT id FROM (SELECT id FROM partners WHERE archived_at IS NULL AND (${start}) LIMIT @limit)
      UNION SELECT id FROM (
        SELECT w.partner_id AS id FROM partner_name_words w JOIN partners p ON p.id = w.partner_id
        WHERE (w.word_run = @q OR (w.word_run >= @qs AND w.word_run < @qsEnd)) AND p.archived_at IS NULL LIMIT @limit)
    ) ORDER BY search_key, id LIMIT @limit`;
  const byWords = db.prepare<[Range], PartnerRow>(
    fittingSql('search_key = @q OR (search_key >= @qs AND search_key < @qsEnd)'),
  );
  const byPrefix = db.prepare<[Range], PartnerRow>(fittingSql('search_key >= @q AND search_key < @qEnd'));
  const byKeys = db.prepare<[string], PartnerRow>(`
    SELECT * FROM partners WHERE archived_at IS NULL AND search_key IN (SELECT value FROM json_each(?)) ORDER BY id`);
  const gramCounts = db.prepare<[string], { gram: string; n: number }>(
    'SELECT gram, n FROM partner_name_gram_counts WHERE gram IN (SELECT value FROM json_each(?))',
  );
  // Names sharing the most of the given trigrams with the typed text, best Dice coefficient first.
  // Reads the posting list of each of those trigrams (an index range each), never every name.
  const similar = db.prepare<
    [{ grams: string; n: number; min: number; limit: number }],
    { id: number; name: string; archived: number }
  >(`
    SELECT p.id, p.name, p.archived_at IS NOT NULL AS archived FROM (
      SELECT partner_id AS id, count(*) AS hits FROM partner_name_trigrams
      WHERE gram IN (SELECT value FROM json_each(@grams)) GROUP BY partner_id HAVING hits >= @min
    ) g JOIN partners p ON p.id = g.id
    ORDER BY g.hits * 2.0 / (@n + length(p.search_key) + 2) DESC, p.id LIMIT @limit`);
  // One statement per combination of filters, so SQLite can use the tier/stage/owner indexes
  // (an `@x IS NULL OR col = @x` condition makes it scan every partner instead).
  type Params = [Record<string, unknown>];
  const filtered = new Map<string, { list: Statement<Params, PartnerRow>; count: Statement<Params, { n: number }> }>();
  const statementsFor = (f: PartnerFilter) => {
    const cols = (['tier', 'stage', 'owner'] as const).filter((k) => f[k] !== undefined);
    const key = cols.join(',');
    let s = filtered.get(key);
    if (!s) {
      const where = ['archived_at IS NULL', ...cols.map((c) => `${c === 'owner' ? 'owner_user_id' : c} = @${c}`)].join(
        ' AND ',
      );
      s = {
        list: db.prepare<Params, PartnerRow>(
          `SELECT * FROM partners WHERE ${where} ORDER BY name_key LIMIT @limit OFFSET @offset`,
        ),
        count: db.prepare<Params, { n: number }>(`SELECT count(*) AS n FROM partners WHERE ${where}`),
      };
      filtered.set(key, s);
    }
    return s;
  };
  const params = (f: PartnerFilter) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined));
  const byOwner = db.prepare<[string, number], PartnerRow>(
    'SELECT * FROM partners WHERE archived_at IS NULL AND owner_user_id = ? ORDER BY name_key LIMIT ?',
  );
  const archive = db.prepare<[string, string, number]>(
    'UPDATE partners SET archived_at = ?, updated_at = ? WHERE id = ? AND archived_at IS NULL',
  );
  const updates = new Map(
    PATCHABLE.map((col) => [col, db.prepare(`UPDATE partners SET ${col} = ?, updated_at = ? WHERE id = ?`)]),
  );

  return {
    /** Returns the new id; throws SQLITE_CONSTRAINT_UNIQUE when the name is taken. */
    insert: (row: NewPartnerRow): number => insertAll(row),
    findByName: (name: string): PartnerRow | undefined => byKey.get(nameKey(name)),
    findById: (id: number): PartnerRow | undefined => byId.get(id),
    /**
     * Current partners a typed name fits without being their exact name: whole words of the name
     * (“acme” → Acme Corp, “labs” → Helix Labs Group), or with `prefix` also the beginning of the
     * name cut mid-word (“glob” → Globex). Up to `limit`, by search key.
     */
    fitting(text: string, options: { prefix: boolean; limit: number }): PartnerRow[] {
      const q = searchKey(text);
      if (!q) return [];
      const range = { q, qEnd: `${q}${END}`, qs: `${q} `, qsEnd: `${q} ${END}`, limit: options.limit };
      return (options.prefix ? byPrefix : byWords).all(range);
    },
    /** Current partners whose search key is one of `keys` (already folded with searchKey). */
    withSearchKeys: (keys: readonly string[]): PartnerRow[] => (keys.length ? byKeys.all(JSON.stringify(keys)) : []),
    /**
     * Up to `limit` names sharing trigrams with any of `texts`, most alike first, archived ones
     * included: the candidates a "did you mean" is chosen from. A name must share at least a
     * third of the trigrams read that belong to the shortest text.
     */
    similarNames(texts: readonly string[], limit: number): SimilarName[] {
      const sets = texts.map((t) => trigrams(searchKey(t))).filter((g) => g.length > 0);
      if (sets.length === 0) return [];
      const typed = [...new Set(sets.flat())];
      const held = new Map(gramCounts.all(JSON.stringify(typed)).map((r) => [r.gram, r.n]));
      // The rarest trigrams first, up to a budget of postings: a name like the typed one shares its
      // rare trigrams too, and the common ones (“ion”, “ co”) would cost the most to read.
      const chosen: string[] = [];
      let postings = 0;
      for (const [gram, n] of [...held].sort((a, b) => a[1] - b[1])) {
        if (chosen.length >= MIN_GRAMS && postings + n > POSTING_BUDGET) break;
        chosen.push(gram);
        postings += n;
      }
      if (chosen.length === 0) return [];
      const shortest = sets.reduce((a, b) => (b.length < a.length ? b : a));
      const min = Math.max(1, Math.floor(chosen.filter((g) => shortest.includes(g)).length / 3));
      return similar
        .all({ grams: JSON.stringify(chosen), n: typed.length, min, limit })
        .map((r) => ({ id: r.id, name: r.name, archived: r.archived === 1 }));
    },
    list: (filter: PartnerFilter, limit: number, offset: number): PartnerRow[] =>
      statementsFor(filter).list.all({ ...params(filter), limit, offset }),
    count: (filter: PartnerFilter): number => statementsFor(filter).count.get(params(filter))?.n ?? 0,
    ownedBy: (userId: string, limit: number): PartnerRow[] => byOwner.all(userId, limit),
    /** False when it was archived already (a second click, or someone else first). */
    archive: (id: number, at: string): boolean => archive.run(at, at, id).changes === 1,
    update(id: number, patch: PartnerPatch, at: string): void {
      for (const col of PATCHABLE) {
        if (col in patch) updates.get(col)?.run(patch[col] ?? null, at, id);
      }
    },
  };
}

export type PartnerStore = ReturnType<typeof partnerStore>;

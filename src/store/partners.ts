import { type Kysely, sql } from 'kysely';
import { nameKey, searchKey, trigrams } from './name-key';
import { insertPartners, type NewPartnerRow, partnersByNameKeys } from './partner-batch';
import type { DB, PartnerRow } from './schema';

export type { NewPartnerRow, PartnerRow };

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

export interface PartnerFilter {
  tier?: string;
  stage?: string;
  owner?: string;
}

/** Trigram postings a "did you mean" reads at most (beyond its three rarest trigrams). */
const POSTING_BUDGET = 1_500;
const MIN_GRAMS = 3;

/**
 * Sorts after any character a name can hold: `key + END` bounds a prefix range in byte order
 * (SQLite's text order; PostgreSQL's columns collate "C" for the same order).
 */
const END = '\u{10FFFF}';

export function partnerStore(db: Kysely<DB>, ws: string) {
  const partners = () => db.selectFrom('partners').where('workspace_id', '=', ws);
  /** Only the given filters become conditions, so the tier/stage/owner indexes can be used. */
  const filtered = (f: PartnerFilter) => {
    let q = partners().where('archived_at', 'is', null);
    if (f.tier !== undefined) q = q.where('tier', '=', f.tier);
    if (f.stage !== undefined) q = q.where('stage', '=', f.stage);
    if (f.owner !== undefined) q = q.where('owner_user_id', '=', f.owner);
    return q;
  };

  /**
   * Current partners whose search key is the typed words or begins with them as whole words
   * (`acme` → “acme corp”), or that have them as a run of whole words (`labs` → “helix labs
   * group”); with `prefix`, also names that merely begin with the typed text (`glob` → “globex”).
   * Each part is one range of an index and stops at the limit, so a common word stays cheap.
   */
  const fittingIds = (q: string, prefix: boolean, limit: number) => {
    const byName = partners()
      .select('id')
      .where('archived_at', 'is', null)
      .where((eb) =>
        prefix
          ? eb.and([eb('search_key', '>=', q), eb('search_key', '<', `${q}${END}`)])
          : eb.or([
              eb('search_key', '=', q),
              eb.and([eb('search_key', '>=', `${q} `), eb('search_key', '<', `${q} ${END}`)]),
            ]),
      )
      .limit(limit);
    const byWords = db
      .selectFrom('partner_name_words as w')
      .innerJoin('partners as p', 'p.id', 'w.partner_id')
      .select('w.partner_id as id')
      .where('w.workspace_id', '=', ws)
      .where('p.workspace_id', '=', ws)
      .where((eb) =>
        eb.or([
          eb('w.word_run', '=', q),
          eb.and([eb('w.word_run', '>=', `${q} `), eb('w.word_run', '<', `${q} ${END}`)]),
        ]),
      )
      .where('p.archived_at', 'is', null)
      .limit(limit);
    return [byName, byWords] as const;
  };

  return {
    /** Returns the new id; throws a unique violation (see isUniqueViolation) when the name is taken. */
    async insert(row: NewPartnerRow): Promise<number> {
      const ids = await insertPartners(db, ws, [row]);
      const id = ids.get(nameKey(row.name));
      if (id === undefined) throw new Error(`the insert of partner ${row.name} returned no id`);
      return id;
    },
    /** Many new partners in a few statements; their ids by name key. Throws a unique violation when a name is taken. */
    insertMany: (rows: readonly NewPartnerRow[]): Promise<Map<string, number>> => insertPartners(db, ws, rows),
    /** Partners (archived ones included) whose name key is one of `keys` (already folded with nameKey). */
    withNameKeys: (keys: readonly string[]): Promise<PartnerRow[]> => partnersByNameKeys(db, ws, keys),
    findByName: (name: string): Promise<PartnerRow | undefined> =>
      partners().selectAll().where('name_key', '=', nameKey(name)).executeTakeFirst(),
    /** A partner of this workspace by id; another workspace's id finds nothing. */
    findById: (id: number): Promise<PartnerRow | undefined> =>
      partners().selectAll().where('id', '=', id).executeTakeFirst(),
    /**
     * Current partners a typed name fits without being their exact name: whole words of the name
     * (“acme” → Acme Corp, “labs” → Helix Labs Group), or with `prefix` also the beginning of the
     * name cut mid-word (“glob” → Globex). Up to `limit`, by search key.
     */
    async fitting(text: string, options: { prefix: boolean; limit: number }): Promise<PartnerRow[]> {
      const q = searchKey(text);
      if (!q) return [];
      const [byName, byWords] = fittingIds(q, options.prefix, options.limit);
      const ids = [...(await byName.execute()), ...(await byWords.execute())].map((r) => r.id);
      if (ids.length === 0) return [];
      return partners()
        .selectAll()
        .where('id', 'in', [...new Set(ids)])
        .orderBy('search_key')
        .orderBy('id')
        .limit(options.limit)
        .execute();
    },
    /** Current partners whose search key is one of `keys` (already folded with searchKey). */
    withSearchKeys: (keys: readonly string[]): Promise<PartnerRow[]> =>
      keys.length === 0
        ? Promise.resolve([])
        : partners()
            .selectAll()
            .where('archived_at', 'is', null)
            .where('search_key', 'in', [...keys])
            .orderBy('id')
            .execute(),
    /**
     * Up to `limit` names sharing trigrams with any of `texts`, most alike first, archived ones
     * included: the candidates a "did you mean" is chosen from. A name must share at least a
     * third of the trigrams read that belong to the shortest text.
     */
    async similarNames(texts: readonly string[], limit: number): Promise<SimilarName[]> {
      const sets = texts.map((t) => trigrams(searchKey(t))).filter((g) => g.length > 0);
      if (sets.length === 0) return [];
      const typed = [...new Set(sets.flat())];
      const counts = await db
        .selectFrom('partner_name_gram_counts')
        .select(['gram', 'n'])
        .where('workspace_id', '=', ws)
        .where('gram', 'in', typed)
        .execute();
      // The rarest trigrams first, up to a budget of postings: a name like the typed one shares its
      // rare trigrams too, and the common ones (“ion”, “ co”) would cost the most to read.
      const chosen: string[] = [];
      let postings = 0;
      for (const { gram, n } of counts.sort((a, b) => a.n - b.n)) {
        if (chosen.length >= MIN_GRAMS && postings + n > POSTING_BUDGET) break;
        chosen.push(gram);
        postings += n;
      }
      if (chosen.length === 0) return [];
      const shortest = sets.reduce((a, b) => (b.length < a.length ? b : a));
      const min = Math.max(1, Math.floor(chosen.filter((g) => shortest.includes(g)).length / 3));
      const hits = db
        .selectFrom('partner_name_trigrams')
        .select(['partner_id as id', sql<number>`count(*)`.as('hits')])
        .where('workspace_id', '=', ws)
        .where('gram', 'in', chosen)
        .groupBy('partner_id')
        .having(sql<number>`count(*)`, '>=', min)
        .as('g');
      // Best Dice coefficient first.
      const rows = await db
        .selectFrom(hits)
        .innerJoin('partners as p', 'p.id', 'g.id')
        .select(['p.id', 'p.name', 'p.archived_at'])
        .orderBy(sql`g.hits * 2.0 / (${typed.length} + length(p.search_key) + 2)`, 'desc')
        .orderBy('p.id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ id: r.id, name: r.name, archived: r.archived_at !== null }));
    },
    list: (filter: PartnerFilter, limit: number, offset: number): Promise<PartnerRow[]> =>
      filtered(filter).selectAll().orderBy('name_key').limit(limit).offset(offset).execute(),
    async count(filter: PartnerFilter): Promise<number> {
      const row = await filtered(filter)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    ownedBy: (userId: string, limit: number): Promise<PartnerRow[]> =>
      partners()
        .selectAll()
        .where('archived_at', 'is', null)
        .where('owner_user_id', '=', userId)
        .orderBy('name_key')
        .limit(limit)
        .execute(),
    /** False when it was archived already (a second click, or someone else first). */
    async archive(id: number, at: string): Promise<boolean> {
      const r = await db
        .updateTable('partners')
        .set({ archived_at: at, updated_at: at })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .where('archived_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async update(id: number, patch: PartnerPatch, at: string): Promise<void> {
      if (Object.keys(patch).length === 0) return;
      await db
        .updateTable('partners')
        .set({ ...patch, updated_at: at })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .execute();
    },
  };
}

export type PartnerStore = ReturnType<typeof partnerStore>;

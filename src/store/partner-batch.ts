import type { Kysely } from 'kysely';
import { nameKey, nameTerms, searchKey } from './name-key';
import type { DB, PartnerRow } from './schema';
import { inTransaction } from './tx';

export interface NewPartnerRow {
  name: string;
  type: string | null;
  tier: string;
  stage: string;
  owner_user_id: string | null;
  channel_id: string | null;
  vertical: string | null;
  /** Set with its first health event; absent: none yet. */
  health?: number | null;
  created_by: string;
  at: string;
}

/**
 * Rows per statement. Both engines bind at most some tens of thousands of parameters (SQLite
 * 32,766, PostgreSQL 65,535); 500 partners of 14 columns stay far below, and larger statements
 * gain nothing measurable.
 */
const CHUNK = 500;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Inserts partners with what they are found by (whole-word runs, trigrams and their counts), a
 * few statements per chunk rather than per partner: an import of thousands of rows stays a matter
 * of seconds. Returns each new id by its name key; throws a unique violation when a name is taken.
 */
export function insertPartners(
  db: Kysely<DB>,
  ws: string,
  rows: readonly NewPartnerRow[],
): Promise<Map<string, number>> {
  return inTransaction(db, async (trx) => {
    const ids = new Map<string, number>();
    for (const part of chunks(rows)) {
      const inserted = await trx
        .insertInto('partners')
        .values(
          part.map(({ at, health, ...rest }) => ({
            ...rest,
            health: health ?? null,
            workspace_id: ws,
            name_key: nameKey(rest.name),
            search_key: searchKey(rest.name),
            created_at: at,
            updated_at: at,
          })),
        )
        // By key, not by position: PostgreSQL does not promise RETURNING in VALUES order.
        .returning(['id', 'name_key'])
        .execute();
      for (const r of inserted) ids.set(r.name_key, r.id);
    }
    const words: { workspace_id: string; word_run: string; partner_id: number }[] = [];
    const grams: { workspace_id: string; gram: string; partner_id: number }[] = [];
    const counts = new Map<string, number>();
    for (const row of rows) {
      const id = ids.get(nameKey(row.name));
      if (id === undefined) continue;
      const terms = nameTerms(row.name);
      for (const word_run of terms.runs) words.push({ workspace_id: ws, word_run, partner_id: id });
      for (const gram of terms.grams) {
        grams.push({ workspace_id: ws, gram, partner_id: id });
        counts.set(gram, (counts.get(gram) ?? 0) + 1);
      }
    }
    for (const part of chunks(words, 2 * CHUNK))
      await trx
        .insertInto('partner_name_words')
        .values(part)
        .onConflict((oc) => oc.doNothing())
        .execute();
    for (const part of chunks(grams, 2 * CHUNK)) await trx.insertInto('partner_name_trigrams').values(part).execute();
    const gramCounts = [...counts].map(([gram, n]) => ({ workspace_id: ws, gram, n }));
    for (const part of chunks(gramCounts, 2 * CHUNK))
      await trx
        .insertInto('partner_name_gram_counts')
        .values(part)
        .onConflict((oc) =>
          oc
            .columns(['workspace_id', 'gram'])
            .doUpdateSet((eb) => ({ n: eb('partner_name_gram_counts.n', '+', eb.ref('excluded.n')) })),
        )
        .execute();
    return ids;
  });
}

/** Partners of a workspace by name key (archived ones included), however many keys. */
export async function partnersByNameKeys(db: Kysely<DB>, ws: string, keys: readonly string[]): Promise<PartnerRow[]> {
  const out: PartnerRow[] = [];
  for (const part of chunks([...new Set(keys)]))
    out.push(
      ...(await db
        .selectFrom('partners')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('name_key', 'in', part)
        .execute()),
    );
  return out;
}

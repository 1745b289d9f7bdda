import type { Kysely } from 'kysely';
import { nameKey } from './name-key';
import type { DB, PartnerRow } from './schema';

export type { PartnerRow };

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

export interface PartnerFilter {
  tier?: string;
  stage?: string;
  owner?: string;
}

export function partnerStore(db: Kysely<DB>) {
  /** Only the given filters become conditions, so the tier/stage/owner indexes can be used. */
  const filtered = (f: PartnerFilter) => {
    let q = db.selectFrom('partners').where('archived_at', 'is', null);
    if (f.tier !== undefined) q = q.where('tier', '=', f.tier);
    if (f.stage !== undefined) q = q.where('stage', '=', f.stage);
    if (f.owner !== undefined) q = q.where('owner_user_id', '=', f.owner);
    return q;
  };

  return {
    /** Returns the new id; throws a unique violation (see isUniqueViolation) when the name is taken. */
    async insert(row: NewPartnerRow): Promise<number> {
      const { at, ...rest } = row;
      const inserted = await db
        .insertInto('partners')
        .values({ ...rest, name_key: nameKey(row.name), created_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      return inserted.id;
    },
    findByName: (name: string): Promise<PartnerRow | undefined> =>
      db.selectFrom('partners').selectAll().where('name_key', '=', nameKey(name)).executeTakeFirst(),
    findById: (id: number): Promise<PartnerRow | undefined> =>
      db.selectFrom('partners').selectAll().where('id', '=', id).executeTakeFirst(),
    list: (filter: PartnerFilter, limit: number, offset: number): Promise<PartnerRow[]> =>
      filtered(filter).selectAll().orderBy('name_key').limit(limit).offset(offset).execute(),
    async count(filter: PartnerFilter): Promise<number> {
      const row = await filtered(filter)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    ownedBy: (userId: string, limit: number): Promise<PartnerRow[]> =>
      db
        .selectFrom('partners')
        .selectAll()
        .where('archived_at', 'is', null)
        .where('owner_user_id', '=', userId)
        .orderBy('name_key')
        .limit(limit)
        .execute(),
    async update(id: number, patch: PartnerPatch, at: string): Promise<void> {
      if (Object.keys(patch).length === 0) return;
      await db
        .updateTable('partners')
        .set({ ...patch, updated_at: at })
        .where('id', '=', id)
        .execute();
    },
  };
}

export type PartnerStore = ReturnType<typeof partnerStore>;

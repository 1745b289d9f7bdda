import type { Statement } from 'better-sqlite3';
import type { Db } from './db';
import { nameKey } from './name-key';

export interface PartnerRow {
  id: number;
  name: string;
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
  const insert = db.prepare<[NewPartnerRow & { name_key: string }]>(`
    INSERT INTO partners (name, name_key, type, tier, stage, owner_user_id, channel_id, vertical, created_by, created_at, updated_at)
    VALUES (@name, @name_key, @type, @tier, @stage, @owner_user_id, @channel_id, @vertical, @created_by, @at, @at)`);
  const byKey = db.prepare<[string], PartnerRow>('SELECT * FROM partners WHERE name_key = ?');
  const byId = db.prepare<[number], PartnerRow>('SELECT * FROM partners WHERE id = ?');
  const version = db.prepare<[], { n: number; max_id: number | null; archived: number }>(
    'SELECT count(*) AS n, max(id) AS max_id, count(archived_at) AS archived FROM partners',
  );
  const names = db.prepare<[], { id: number; name: string; archived: number }>(
    'SELECT id, name, archived_at IS NOT NULL AS archived FROM partners',
  );
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
  const updates = new Map(
    PATCHABLE.map((col) => [col, db.prepare(`UPDATE partners SET ${col} = ?, updated_at = ? WHERE id = ?`)]),
  );

  return {
    /** Returns the new id; throws SQLITE_CONSTRAINT_UNIQUE when the name is taken. */
    insert(row: NewPartnerRow): number {
      return Number(insert.run({ ...row, name_key: nameKey(row.name) }).lastInsertRowid);
    },
    findByName: (name: string): PartnerRow | undefined => byKey.get(nameKey(name)),
    findById: (id: number): PartnerRow | undefined => byId.get(id),
    /** Changes whenever a partner is added or archived (names never change). */
    namesVersion: (): string => {
      const v = version.get();
      return `${v?.n}:${v?.max_id}:${v?.archived}`;
    },
    allNames: () => names.all().map((r) => ({ id: r.id, name: r.name, archived: r.archived === 1 })),
    list: (filter: PartnerFilter, limit: number, offset: number): PartnerRow[] =>
      statementsFor(filter).list.all({ ...params(filter), limit, offset }),
    count: (filter: PartnerFilter): number => statementsFor(filter).count.get(params(filter))?.n ?? 0,
    ownedBy: (userId: string, limit: number): PartnerRow[] => byOwner.all(userId, limit),
    update(id: number, patch: PartnerPatch, at: string): void {
      for (const col of PATCHABLE) {
        if (col in patch) updates.get(col)?.run(patch[col] ?? null, at, id);
      }
    },
  };
}

export type PartnerStore = ReturnType<typeof partnerStore>;

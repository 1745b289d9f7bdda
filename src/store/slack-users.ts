import type { Kysely } from 'kysely';
import type { DB, SlackUserRow } from './schema';

export type { SlackUserRow };

/** What Slack told us about people we remind, in one workspace: their time zone and the DM channel with them. */
export function slackUserStore(db: Kysely<DB>, ws: string) {
  const users = () => db.selectFrom('slack_users').where('workspace_id', '=', ws);
  return {
    get: (userId: string): Promise<SlackUserRow | undefined> =>
      users().selectAll().where('user_id', '=', userId).executeTakeFirst(),
    /** Known zones of these people (those without one are left out). */
    async zones(userIds: readonly string[]): Promise<Map<string, string>> {
      const zones = new Map<string, string>();
      for (let i = 0; i < userIds.length; i += 500) {
        const rows = await users()
          .select(['user_id', 'tz'])
          .where('user_id', 'in', userIds.slice(i, i + 500))
          .where('tz', 'is not', null)
          .execute();
        for (const r of rows) if (r.tz) zones.set(r.user_id, r.tz);
      }
      return zones;
    },
    /**
     * Saves what users.info said; returns the zone known before (undefined: never asked), so the
     * caller can tell a change. fetched_at is when the zone was read.
     */
    async saveTz(userId: string, tz: string | null, at: string): Promise<string | null | undefined> {
      const before = await users().select('tz').where('user_id', '=', userId).executeTakeFirst();
      await db
        .insertInto('slack_users')
        .values({ workspace_id: ws, user_id: userId, tz, fetched_at: at })
        .onConflict((oc) =>
          oc
            .columns(['workspace_id', 'user_id'])
            .doUpdateSet((eb) => ({ tz: eb.ref('excluded.tz'), fetched_at: eb.ref('excluded.fetched_at') })),
        )
        .execute();
      return before ? before.tz : undefined;
    },
    // fetched_at '' marks a row made for its DM channel whose zone has not been read yet.
    async saveDm(userId: string, channelId: string): Promise<void> {
      await db
        .insertInto('slack_users')
        .values({ workspace_id: ws, user_id: userId, dm_channel: channelId, fetched_at: '' })
        .onConflict((oc) =>
          oc.columns(['workspace_id', 'user_id']).doUpdateSet((eb) => ({ dm_channel: eb.ref('excluded.dm_channel') })),
        )
        .execute();
    },
    /** Makes sure these people (the admins) have a row, so their zone is read. */
    async ensure(userIds: readonly string[]): Promise<void> {
      if (userIds.length === 0) return;
      await db
        .insertInto('slack_users')
        .values(userIds.map((user_id) => ({ workspace_id: ws, user_id, fetched_at: '' })))
        .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doNothing())
        .execute();
    },
  };
}

/**
 * Across workspaces, for the scheduler: up to `limit` people whose zone was read before `cutoff`
 * (or never), oldest first, through the fetched_at index. Owners get a row when they are given a
 * partner (a trigger).
 */
export function staleZones(db: Kysely<DB>) {
  return async (cutoff: string, limit: number): Promise<{ workspaceId: string; userId: string }[]> => {
    const rows = await db
      .selectFrom('slack_users')
      .select(['workspace_id', 'user_id'])
      .where('fetched_at', '<', cutoff)
      // People of an uninstalled workspace cannot be read (no token): left in, they would fill every
      // batch and nobody else's zone would ever be read.
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('workspaces')
              .select('workspaces.id')
              .whereRef('workspaces.id', '=', 'slack_users.workspace_id')
              .where('workspaces.uninstalled_at', 'is not', null),
          ),
        ),
      )
      .orderBy('fetched_at')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ workspaceId: r.workspace_id, userId: r.user_id }));
  };
}

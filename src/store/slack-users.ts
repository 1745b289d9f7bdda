import type { Db } from './db';

export interface SlackUserRow {
  user_id: string;
  tz: string | null;
  dm_channel: string | null;
  fetched_at: string;
}

/** What Slack told us about people we remind: their time zone and the DM channel with them. */
export function slackUserStore(db: Db) {
  const get = db.prepare<[string], SlackUserRow>('SELECT * FROM slack_users WHERE user_id = ?');
  const all = db.prepare<[], SlackUserRow>('SELECT * FROM slack_users');
  const saveTz = db.prepare<[string, string | null, string]>(`
    INSERT INTO slack_users (user_id, tz, fetched_at) VALUES (?, ?, ?)
    ON CONFLICT (user_id) DO UPDATE SET tz = excluded.tz, fetched_at = excluded.fetched_at`);
  // fetched_at is when the time zone was read: a row made for its DM channel has not read it yet.
  const saveDm = db.prepare<[string, string]>(`
    INSERT INTO slack_users (user_id, dm_channel, fetched_at) VALUES (?, ?, '')
    ON CONFLICT (user_id) DO UPDATE SET dm_channel = excluded.dm_channel`);
  const owners = db.prepare<[], { id: string }>(
    'SELECT DISTINCT owner_user_id AS id FROM partners WHERE archived_at IS NULL AND owner_user_id IS NOT NULL',
  );
  return {
    get: (userId: string): SlackUserRow | undefined => get.get(userId),
    all: (): SlackUserRow[] => all.all(),
    saveTz: (userId: string, tz: string | null, at: string) => void saveTz.run(userId, tz, at),
    saveDm: (userId: string, channelId: string) => void saveDm.run(userId, channelId),
    /** Everyone who owns an active partner. */
    owners: (): string[] => owners.all().map((r) => r.id),
  };
}

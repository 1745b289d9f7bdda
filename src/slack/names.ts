import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logging';
import { slackErrorCode } from './errors';

const TTL_MS = 10 * 60_000;

/**
 * People's and channels' names for documents, which leave Slack as files where `<@U123>` means nothing.
 * Looked up after the ack (users.info, conversations.info), remembered ten minutes; null when Slack cannot say.
 */
export function nameLookup(logger: Logger, now: () => number = Date.now) {
  const cache = new Map<string, { name: string | null; at: number }>();
  async function cached(key: string, fetch: () => Promise<string | null>): Promise<string | null> {
    const hit = cache.get(key);
    if (hit && now() - hit.at < TTL_MS) return hit.name;
    let name: string | null = null;
    try {
      name = await fetch();
    } catch (error) {
      logger.warn({ kind: 'name_lookup', key, error: slackErrorCode(error) }, 'could not look up a name');
      return null;
    }
    cache.set(key, { name, at: now() });
    return name;
  }
  return {
    user: (client: WebClient, id: string | null): Promise<string | null> => (id ? cached(`u:${id}`, async () => {
      const { user } = await client.users.info({ user: id });
      return user?.profile?.real_name || user?.real_name || user?.profile?.display_name || user?.name || null;
    }) : Promise.resolve(null)),
    channel: (client: WebClient, id: string | null): Promise<string | null> => (id ? cached(`c:${id}`, async () => {
      const { channel } = await client.conversations.info({ channel: id });
      return channel?.name ? `#${channel.name}` : null;
    }) : Promise.resolve(null)),
  };
}

export type NameLookup = ReturnType<typeof nameLookup>;

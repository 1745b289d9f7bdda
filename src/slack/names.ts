import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logging';
import { slackErrorCode } from './errors';

const TTL_MS = 10 * 60_000;
/**
 * Whether a channel is shared outside the company decides what may be posted there, so that fact
 * is read again after a minute: each process (replica) keeps its own memory, and a channel shared
 * since must not wait ten minutes in any of them.
 */
export const SHARED_TTL_MS = 60_000;

export interface ChannelFacts {
  name: string | null;
  shared: boolean;
}

/**
 * What Slack tells us about people (users.info) and channels (conversations.info), remembered ten
 * minutes per id in this process: names for documents, which leave Slack as files where `<@U123>`
 * means nothing (a stale display name is harmless), and whether a channel is shared outside the
 * company (kept a minute). Looked up after the ack; undefined/null when Slack cannot say.
 */
export function nameLookup(logger: Logger, now: () => number = Date.now) {
  const cache = new Map<string, { value: unknown; at: number }>();
  async function cached<T>(key: string, fetch: () => Promise<T>, maxAgeMs = TTL_MS): Promise<T | undefined> {
    const hit = cache.get(key);
    if (hit && now() - hit.at < maxAgeMs) return hit.value as T;
    try {
      const value = await fetch();
      cache.set(key, { value, at: now() });
      return value;
    } catch (error) {
      logger.warn({ kind: 'slack_lookup', key, error: slackErrorCode(error) }, 'could not look up a user or channel');
      return undefined;
    }
  }
  const channelFacts = (client: WebClient, id: string, maxAgeMs = TTL_MS): Promise<ChannelFacts | undefined> =>
    cached(
      `c:${id}`,
      async () => {
        const { channel: c } = await client.conversations.info({ channel: id });
        return {
          name: c?.name ? `#${c.name}` : null,
          shared: Boolean(c?.is_ext_shared || c?.is_pending_ext_shared || (c?.is_shared && c?.is_org_shared === false)),
        };
      },
      maxAgeMs,
    );
  return {
    user: async (client: WebClient, id: string | null): Promise<string | null> =>
      id
        ? ((await cached(`u:${id}`, async () => {
            const { user } = await client.users.info({ user: id });
            return user?.profile?.real_name || user?.real_name || user?.profile?.display_name || user?.name || null;
          })) ?? null)
        : null,
    channel: async (client: WebClient, id: string | null): Promise<string | null> =>
      id ? ((await channelFacts(client, id))?.name ?? null) : null,
    channelFacts,
    /** Whether a person is an admin or owner of the workspace (Slack's own roles, not PartnerOS's admins list). */
    isWorkspaceAdmin: async (client: WebClient, workspaceId: string, id: string): Promise<boolean> =>
      // Per workspace: a Grid user (W…) may be an admin in one and not in another.
      (await cached(`a:${workspaceId}:${id}`, async () => {
        const { user } = await client.users.info({ user: id });
        return Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner);
      })) ?? false,
  };
}

export type NameLookup = ReturnType<typeof nameLookup>;

import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logging';
import { slackErrorCode } from './errors';

const TTL_MS = 10 * 60_000;

/**
 * Whether a channel is shared with another organisation (Slack Connect), from conversations.info,
 * remembered for ten minutes per channel. If Slack cannot tell us (an install without the
 * channels:read scope), the channel is treated as internal and the reason is logged.
 */
export function sharedChannelCheck(logger: Logger, now: () => number = Date.now) {
  const known = new Map<string, { shared: boolean; at: number }>();
  return async (client: WebClient, channelId: string): Promise<boolean> => {
    const hit = known.get(channelId);
    if (hit && now() - hit.at < TTL_MS) return hit.shared;
    try {
      const info = await client.conversations.info({ channel: channelId });
      const c = info.channel;
      const shared = Boolean(c?.is_ext_shared || c?.is_pending_ext_shared || c?.is_shared && c?.is_org_shared === false);
      known.set(channelId, { shared, at: now() });
      return shared;
    } catch (error) {
      logger.warn({ kind: 'channel_info', channel: channelId, error: slackErrorCode(error) }, 'could not tell whether the channel is shared');
      return false;
    }
  };
}

export type SharedChannelCheck = ReturnType<typeof sharedChannelCheck>;

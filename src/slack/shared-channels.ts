import type { WebClient } from '@slack/web-api';
import { type NameLookup, SHARED_TTL_MS } from './names';

/**
 * Whether a channel is shared with another organisation (Slack Connect), from conversations.info
 * (read again after a minute, see names.ts). If Slack cannot tell us (an install without the
 * channels:read scope), the channel is treated as internal; the lookup logs why.
 */
export function sharedChannelCheck(names: NameLookup) {
  return async (client: WebClient, channelId: string): Promise<boolean> =>
    (await names.channelFacts(client, channelId, SHARED_TTL_MS))?.shared ?? false;
}

export type SharedChannelCheck = ReturnType<typeof sharedChannelCheck>;

import { LogLevel, WebClient } from '@slack/web-api';
import { announceable } from '../domain/partners/privacy';
import type { Change } from '../domain/partners/service';
import { renderChangesNotice } from '../slack/blocks/change';
import { slackErrorCode } from '../slack/errors';
import { ownerByEmail } from '../slack/import-file';

/** A Web API client for a command, with the workspace's bot token. */
export function cliWebClient(token: string, apiUrl: string | undefined): WebClient {
  return new WebClient(token, {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    // stdout is the command's own output: the client's warnings stay out of it.
    logLevel: LogLevel.ERROR,
    retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
    timeout: 10_000,
  });
}

/**
 * The import's few words with Slack, with the workspace's bot token: owner e-mails looked up
 * (users.lookupByEmail) and change notices posted in partner channels, as the app does.
 */
export function cliSlack(token: string, apiUrl: string | undefined) {
  const client = cliWebClient(token, apiUrl);
  const shared = new Map<string, boolean>();

  async function isShared(channel: string): Promise<boolean> {
    const known = shared.get(channel);
    if (known !== undefined) return known;
    const info = await client.conversations.info({ channel }).catch(() => undefined);
    const c = info?.channel;
    // Not known: treated as shared, so health and notes stay internal.
    const outside =
      !c || Boolean(c?.is_ext_shared || c?.is_pending_ext_shared || (c?.is_shared && c?.is_org_shared === false));
    shared.set(channel, outside);
    return outside;
  }

  return {
    lookupEmail: ownerByEmail(client),
    /**
     * One notice per partner in its channel; health and notes are left out of channels shared outside
     * the company unless allowed. Returns how many were posted and why the others were not.
     */
    async announce(
      changes: readonly Change[][],
      allowInternal: boolean,
    ): Promise<{ posted: number; failed: { channel: string; error: string }[] }> {
      let posted = 0;
      const failed: { channel: string; error: string }[] = [];
      for (const group of changes) {
        const channel = group[0]?.partner.channelId;
        if (!channel) continue;
        const visible = announceable(group, await isShared(channel), allowInternal);
        if (visible.length === 0) continue;
        try {
          await client.chat.postMessage({ channel, ...renderChangesNotice(visible), unfurl_links: false });
          posted += 1;
        } catch (error) {
          failed.push({ channel, error: slackErrorCode(error) });
        }
      }
      return { posted, failed };
    },
  };
}

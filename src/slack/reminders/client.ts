import { WebClient } from '@slack/web-api';
import type { Config } from '../../config/schema';
import { boltLogger, type Logger } from '../../logging';

/** Default request timeout of the delivery client. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * The WebClients that deliver reminders, one per workspace token, separate from Bolt's
 *: with the defaults a 429 pauses every call of the client and a timeout
 * is retried for half an hour, so a post that reached Slack could be sent again. Here nothing is
 * retried by the client: the outbox owns retries, paces each channel itself, and treats a timeout
 * as "check Slack before resending".
 */
export function deliveryClients(config: Config, logger: Logger, timeoutMs = DELIVERY_TIMEOUT_MS) {
  const clients = new Map<string, WebClient>();
  const log = boltLogger(logger.child({ component: 'reminder-delivery' }));
  return {
    forToken(token: string): WebClient {
      let client = clients.get(token);
      if (!client) {
        // Tokens of workspaces long gone are not kept for ever.
        if (clients.size > 5_000) clients.clear();
        client = new WebClient(token, {
          ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
          retryConfig: { retries: 0 },
          rejectRateLimitedCalls: true,
          timeout: timeoutMs,
          logger: log,
        });
        clients.set(token, client);
      }
      return client;
    },
  };
}

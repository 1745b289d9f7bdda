import { WebClient } from '@slack/web-api';
import type { Config } from '../../config/schema';
import { boltLogger, type Logger } from '../../logging';

/** Default request timeout of the delivery client. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * The WebClient that delivers reminders, separate from Bolt's (PLATFORM-NOTES trap 2): with the
 * defaults a 429 pauses every call of the client and a timeout is retried for half an hour, so a
 * post that reached Slack could be sent again. Here nothing is retried by the client: the outbox
 * owns retries, paces each channel itself, and treats a timeout as "check Slack before resending".
 */
export function deliveryClient(config: Config, logger: Logger, timeoutMs = DELIVERY_TIMEOUT_MS): WebClient {
  return new WebClient(config.slack.botToken, {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    logger: boltLogger(logger.child({ component: 'reminder-delivery' })),
  });
}

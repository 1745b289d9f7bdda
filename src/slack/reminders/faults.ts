import { ErrorCode, type WebAPIHTTPError, type WebAPIRateLimitedError, type WebAPIRequestError } from '@slack/web-api';
import { slackErrorCode } from '../errors';

/**
 * What a failed Web API call means for the outbox. The delivery WebClient never retries on its own
 * (retries: 0, rejectRateLimitedCalls), so every failure lands here once and the outbox decides.
 */
export type Fault =
  /** 429: this channel waits Retry-After; other channels go on. */
  | { type: 'rate_limited'; retryAfterMs: number; code: string }
  /** Slack did not take it (5xx, connection refused): retry later with backoff. */
  | { type: 'transient'; code: string }
  /** Slack may have taken it (timeout, connection cut mid-way): read the channel history before any resend. */
  | { type: 'unknown'; code: string }
  /** This target will never take it: fall back to the next one and tell the admins. */
  | { type: 'refused'; code: string }
  /** The workspace's own token is refused: nothing of the workspace can be posted until it is installed again. */
  | { type: 'token'; code: string };

/** Slack's answers about the token itself, whatever the target. */
export const TOKEN_REFUSALS = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
]);

/** The target is gone or closed to us; retrying cannot help. */
export const REFUSALS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'channel_is_archived',
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'ekm_access_denied',
  'team_access_not_granted',
  'invalid_channel',
  'user_is_restricted',
  'missing_scope',
  'not_allowed_token_type',
]);

/** Slack's own transient platform errors. */
const TRANSIENT = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
  'team_added_to_org',
]);

/** Network errors that happen before a request reaches Slack: resending cannot duplicate. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function causeCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('E') && code === code.toUpperCase()) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function classify(error: unknown): Fault {
  const code = error && typeof error === 'object' && 'code' in error ? (error as { code: unknown }).code : undefined;
  if (code === ErrorCode.RateLimitedError) {
    const retryAfter = (error as WebAPIRateLimitedError).retryAfter;
    return {
      type: 'rate_limited',
      retryAfterMs: Math.max(1, Number.isFinite(retryAfter) ? retryAfter : 1) * 1000,
      code: 'ratelimited',
    };
  }
  if (code === ErrorCode.PlatformError) {
    const slack = slackErrorCode(error);
    if (slack === 'ratelimited') return { type: 'rate_limited', retryAfterMs: 1000, code: slack };
    if (TRANSIENT.has(slack)) return { type: 'transient', code: slack };
    if (TOKEN_REFUSALS.has(slack)) return { type: 'token', code: slack };
    // Anything else Slack refuses (invalid_blocks, msg_too_long…) would be refused again: no retry loop.
    return { type: 'refused', code: slack };
  }
  if (code === ErrorCode.HTTPError) return { type: 'transient', code: `http_${(error as WebAPIHTTPError).statusCode}` };
  if (code === ErrorCode.RequestError) {
    const original = (error as WebAPIRequestError).original;
    if (original?.name === 'TimeoutError' || original?.name === 'AbortError')
      return { type: 'unknown', code: 'timeout' };
    const net = causeCode(original);
    if (net && NEVER_SENT.has(net)) return { type: 'transient', code: net };
    return { type: 'unknown', code: net ?? 'request_error' };
  }
  return { type: 'transient', code: error instanceof Error ? error.name : 'unknown_error' };
}

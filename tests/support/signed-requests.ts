/**
 * Requests into the app's HTTP front door, signed exactly as Slack signs them
 * (docs.slack.dev/authentication/verifying-requests-from-slack):
 *   x-slack-signature = 'v0=' + hex(HMAC_SHA256(secret, 'v0:' + timestamp + ':' + rawBody))
 * Commands and interactivity are `application/x-www-form-urlencoded` with no charset — Bolt's HTTPReceiver
 * compares the header exactly and answers 400 otherwise (platform notes 0.7). Events are `application/json`.
 *
 * The ack bodies Slack would show are held to Slack's limits (slack-limits.ts): a slash command's reply, and the
 * view of a view_submission's `response_action: 'update' | 'push'`. One over a limit rejects the send with the
 * broken rules, as Slack would refuse to show it.
 */
import { createHmac } from 'node:crypto';
import {
  blockActionPayload,
  commandBody,
  eventEnvelope,
  viewSubmissionPayload,
  type BlockActionOptions,
  type CommandFields,
  type EventOptions,
  type Payload,
} from './slack-payloads';
import { TEST_IDS, TEST_TEAM, type FakeTeam } from './slack-ids';
import { checkAckBody, describeVerdict } from './slack-verdicts';

export interface SlackHttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Raw body; '' for a bare ack. */
  text: string;
  /** The body parsed, when it is a JSON object. */
  json: Record<string, unknown> | undefined;
}

export interface SignOptions {
  /** Unix seconds; default now. Older than 5 minutes is rejected by Bolt (401); future times pass. */
  timestamp?: number;
  /** Sign with another secret to get a bad signature. */
  secret?: string;
}

export interface SlackSenderOptions {
  /** The endpoint that receives everything, e.g. http://127.0.0.1:PORT/slack/events. */
  baseUrl: string;
  signingSecret: string;
  /** Where response_urls point (the fake Slack); without it they point at a closed loopback port. */
  apiFake?: { responseUrl(id?: string): string };
  sign?: SignOptions;
  /** The workspace every request comes from (team_id, enterprise, authorizations); default the test workspace. */
  team?: FakeTeam;
}

export interface SlackSender {
  /** A slash command (default '/partner' from U0ALICE in C0GENERAL); `overrides` replaces any form field. */
  command(text: string, overrides?: Partial<CommandFields>): Promise<SlackHttpResponse>;
  /** An Events API `event_callback` delivery of `event`. */
  event(event: Payload, options?: EventOptions): Promise<SlackHttpResponse>;
  /** Any interactivity payload, sent as `payload=<json>`. */
  action(payload: Payload): Promise<SlackHttpResponse>;
  /** A `block_actions` click. */
  blockAction(options: BlockActionOptions): Promise<SlackHttpResponse>;
  /** A modal submission (`view` needs callback_id; see inputValues). */
  viewSubmission(view: Payload, user?: string): Promise<SlackHttpResponse>;
  /** Exactly this body and these headers, nothing signed or added — for malformed requests. */
  raw(body: string, headers: Record<string, string>): Promise<SlackHttpResponse>;
  /** The same sender, signing with another timestamp and/or secret (stale or forged requests). */
  signWith(options: SignOptions): SlackSender;
  /** The same sender, for requests from another workspace (or organisation), as Slack would send them. */
  as(team: FakeTeam): SlackSender;
  /** The workspace this sender's requests come from. */
  readonly team: FakeTeam;
}

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** The `x-slack-signature` value Slack would send for this body. */
export function slackSignature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/** Content-type, timestamp and signature headers for a body. */
export function signedHeaders(
  rawBody: string,
  contentType: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(secret, timestamp, rawBody),
  };
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<SlackHttpResponse> {
  const res = await fetch(url, { method: 'POST', body, headers });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      json = parsed as Record<string, unknown>; // narrowed just above
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: Object.fromEntries(res.headers.entries()), text, json };
}

/** Throws when Slack would refuse (or a house rule forbids) the ack body in `res`. */
function checkAck(kind: 'command' | 'interactive', res: SlackHttpResponse): SlackHttpResponse {
  if (res.status !== 200) return res;
  const verdict = checkAckBody(kind, res.json ?? res.text);
  if (verdict.error || verdict.warnings.length) throw new Error(describeVerdict(`the ${kind} ack body`, verdict));
  return res;
}

export function slackSender(options: SlackSenderOptions): SlackSender {
  const { baseUrl, signingSecret, apiFake, sign = {}, team = TEST_TEAM } = options;
  let offline = 0;
  // Port 9 (discard) on loopback is closed here, so a respond() without a fake fails fast instead of hanging.
  const responseUrl = (): string => {
    if (apiFake) return apiFake.responseUrl();
    offline += 1;
    return `http://127.0.0.1:9/respond/none-${offline}`;
  };

  const send = (body: string, contentType: string, extra: Record<string, string> = {}): Promise<SlackHttpResponse> =>
    post(baseUrl, body, {
      ...signedHeaders(body, contentType, sign.secret ?? signingSecret, sign.timestamp),
      ...extra,
    });

  const action = async (payload: Payload): Promise<SlackHttpResponse> =>
    checkAck(
      'interactive',
      await send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM_CONTENT_TYPE),
    );

  return {
    command: async (text, overrides) =>
      checkAck(
        'command',
        await send(
          new URLSearchParams({ ...commandBody(text, responseUrl(), overrides, team) }).toString(),
          FORM_CONTENT_TYPE,
        ),
      ),
    event: (event, eventOptions = {}) => {
      const retry: Record<string, string> =
        eventOptions.retryNum === undefined
          ? {}
          : {
              'x-slack-retry-num': String(eventOptions.retryNum),
              'x-slack-retry-reason': eventOptions.retryReason ?? 'http_timeout',
            };
      return send(JSON.stringify(eventEnvelope(event, { team, ...eventOptions })), 'application/json', retry);
    },
    action,
    blockAction: (actionOptions) => action(blockActionPayload({ team, ...actionOptions }, responseUrl)),
    viewSubmission: (view, user = TEST_IDS.alice) => action(viewSubmissionPayload(view, user, team)),
    raw: (body, headers) => post(baseUrl, body, headers),
    signWith: (override) => slackSender({ ...options, sign: { ...sign, ...override } }),
    as: (other) => slackSender({ ...options, team: other }),
    team,
  };
}

/**
 * Bodies shaped like the ones Slack sends (docs.slack.dev: slash commands, Events API `event_callback`,
 * `block_actions`, `view_submission`). Shared by the signed HTTP sender and the Socket Mode fake, so both
 * front doors receive the same payloads. Defaults: team T0TEST, user U0ALICE, channel C0GENERAL.
 */
import { randomUUID } from 'node:crypto';
import { TEST_IDS, TEST_TEAM, channelNameFor, userNameFor, type FakeTeam } from './slack-ids';

export type Payload = Record<string, unknown>;

let seq = 0;
const nextSeq = (): number => (seq += 1);

export function triggerId(): string {
  return `${Date.now()}.${nextSeq()}.fa4e5ec3b11d0f7c`;
}

/** Fields a slash command carries (all strings, as in the form body). Override any of them. */
export interface CommandFields {
  token: string;
  team_id: string;
  team_domain: string;
  channel_id: string;
  channel_name: string;
  user_id: string;
  user_name: string;
  command: string;
  text: string;
  api_app_id: string;
  is_enterprise_install: string;
  enterprise_id?: string;
  enterprise_name?: string;
  response_url: string;
  trigger_id: string;
}

/** What a workspace puts in every payload: its team, its organisation on Enterprise Grid, whether the install is org-wide. */
function enterpriseFields(team: FakeTeam): { enterprise_id?: string; enterprise_name?: string } {
  return team.enterprise ? { enterprise_id: team.enterprise.id, enterprise_name: team.enterprise.name } : {};
}

export function commandBody(
  text: string,
  responseUrl: string,
  overrides: Partial<CommandFields> = {},
  team: FakeTeam = TEST_TEAM,
): CommandFields {
  const channel = overrides.channel_id ?? TEST_IDS.general;
  const user = overrides.user_id ?? TEST_IDS.alice;
  return {
    token: 'verification-token-unused',
    team_id: team.teamId,
    team_domain: team.teamDomain,
    ...enterpriseFields(team),
    channel_id: channel,
    channel_name: channelNameFor(channel),
    user_id: user,
    user_name: userNameFor(user),
    command: '/partner',
    text,
    api_app_id: TEST_IDS.appId,
    is_enterprise_install: String(team.orgWide),
    response_url: responseUrl,
    trigger_id: triggerId(),
    ...overrides,
  };
}

export interface EventOptions {
  /** Defaults to a fresh unique id; pass the same id twice to simulate a redelivery. */
  eventId?: string;
  /** Sent as X-Slack-Retry-Num over HTTP, retry_attempt over Socket Mode. */
  retryNum?: number;
  /** Default 'http_timeout' when retryNum is given. */
  retryReason?: string;
  /** The workspace it comes from (default the test workspace). */
  team?: FakeTeam;
}

/** The `event_callback` envelope around an inner event (`{type:'app_mention', user, text, channel, ts}` …). */
export function eventEnvelope(event: Payload, options: EventOptions = {}): Payload {
  const now = Math.floor(Date.now() / 1000);
  const eventTs = typeof event.ts === 'string' ? event.ts : `${now}.${String(nextSeq()).padStart(6, '0')}`;
  const team = options.team ?? TEST_TEAM;
  return {
    token: 'verification-token-unused',
    team_id: team.teamId,
    ...(team.enterprise ? { enterprise_id: team.enterprise.id } : {}),
    api_app_id: TEST_IDS.appId,
    event: { event_ts: eventTs, ...event },
    type: 'event_callback',
    event_id: options.eventId ?? `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
    event_time: now,
    // The installation the event is delivered to: an org-wide one names the organisation and no team.
    authorizations: [
      {
        enterprise_id: team.enterprise?.id ?? null,
        team_id: team.orgWide ? null : team.teamId,
        user_id: team.botUserId,
        is_bot: true,
        is_enterprise_install: team.orgWide,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-fake-${nextSeq()}`,
  };
}

function userObject(user: string, team: FakeTeam): Payload {
  return { id: user, username: userNameFor(user), name: userNameFor(user), team_id: team.teamId };
}

/** `team`, `enterprise` and `is_enterprise_install` of an interactivity payload (an org-wide install has no team). */
function interactiveTeam(team: FakeTeam): Payload {
  return {
    team: team.orgWide
      ? null
      : {
          id: team.teamId,
          domain: team.teamDomain,
          ...(team.enterprise ? { enterprise_id: team.enterprise.id, enterprise_name: team.enterprise.name } : {}),
        },
    enterprise: team.enterprise ? { ...team.enterprise } : null,
    is_enterprise_install: team.orgWide,
  };
}

export interface BlockActionOptions {
  actionId: string;
  value?: string;
  blockId?: string;
  /** Default U0ALICE. */
  user?: string;
  /** Default C0GENERAL for message actions; omitted for view actions unless given. */
  channel?: string;
  /** The message holding the button (needs `ts`); a minimal bot message is made up when neither this nor view is given. */
  message?: Payload;
  /** For actions in a modal or the Home tab (needs `id`). */
  view?: Payload;
  /** Extra fields of the action itself, e.g. `{ type: 'static_select', selected_option: {...} }`. */
  action?: Payload;
  /** Default: a fresh response URL from the fake, for message actions only. */
  responseUrl?: string;
  /** The workspace it comes from (default the test workspace). */
  team?: FakeTeam;
}

export function blockActionPayload(opts: BlockActionOptions, responseUrl: () => string): Payload {
  const user = opts.user ?? TEST_IDS.alice;
  const team = opts.team ?? TEST_TEAM;
  const inView = opts.view !== undefined;
  const channel = opts.channel ?? (inView ? undefined : TEST_IDS.general);
  const message =
    opts.message ??
    (inView
      ? undefined
      : {
          type: 'message',
          ts: `${Math.floor(Date.now() / 1000)}.000100`,
          text: '',
          user: team.botUserId,
          bot_id: team.botId,
        });
  const viewId = inView && typeof opts.view?.id === 'string' ? opts.view.id : undefined;
  return {
    type: 'block_actions',
    user: userObject(user, team),
    api_app_id: TEST_IDS.appId,
    token: 'verification-token-unused',
    container: inView
      ? { type: 'view', view_id: viewId }
      : { type: 'message', message_ts: message?.ts, channel_id: channel, is_ephemeral: false },
    trigger_id: triggerId(),
    ...interactiveTeam(team),
    ...(channel ? { channel: { id: channel, name: channelNameFor(channel) } } : {}),
    ...(message ? { message, response_url: opts.responseUrl ?? responseUrl() } : {}),
    ...(inView ? { view: opts.view } : {}),
    state: { values: {} },
    actions: [
      {
        type: 'button',
        action_id: opts.actionId,
        block_id: opts.blockId ?? 'block',
        action_ts: `${Date.now() / 1000}`,
        ...(opts.value === undefined ? {} : { value: opts.value }),
        ...opts.action,
      },
    ],
  };
}

/** A modal submission. `view` needs at least `callback_id`; state values usually come from `inputValues`. */
export function viewSubmissionPayload(
  view: Payload,
  user: string = TEST_IDS.alice,
  team: FakeTeam = TEST_TEAM,
): Payload {
  const id = typeof view.id === 'string' ? view.id : `V${String(nextSeq()).padStart(8, '0')}`;
  return {
    type: 'view_submission',
    ...interactiveTeam(team),
    user: userObject(user, team),
    api_app_id: TEST_IDS.appId,
    token: 'verification-token-unused',
    trigger_id: triggerId(),
    view: {
      id,
      team_id: team.teamId,
      type: 'modal',
      blocks: [],
      private_metadata: '',
      callback_id: '',
      state: { values: {} },
      hash: `${Date.now()}.fake`,
      title: { type: 'plain_text', text: 'Modal' },
      root_view_id: id,
      app_id: TEST_IDS.appId,
      bot_id: team.botId,
      ...view,
    },
    response_urls: [],
  };
}

/**
 * `view.state.values` from `{ 'block_id.action_id': value }`; a string is a plain_text_input, an object is
 * used as the action state as is (e.g. `{ type: 'static_select', selected_option: { value: 'gold' } }`).
 */
export function inputValues(values: Record<string, string | Payload>): {
  values: Record<string, Record<string, Payload>>;
} {
  const out: Record<string, Record<string, Payload>> = {};
  for (const [key, value] of Object.entries(values)) {
    const [blockId = key, actionId = key] = key.split('.');
    out[blockId] = {
      ...out[blockId],
      [actionId]: typeof value === 'string' ? { type: 'plain_text_input', value } : value,
    };
  }
  return { values: out };
}

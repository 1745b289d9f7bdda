import type { AddressInfo } from 'node:net';
import { App, LogLevel, webApi } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, takeUnclaimedBreaches, type FakeSlack } from '../support/fake-slack';
import { startFakeSocketMode, type FakeSocketMode } from '../support/fake-socket-mode';
import { commandBody } from '../support/slack-payloads';
import { slackSender } from '../support/signed-requests';
import { TEST_APP_TOKEN, TEST_BOT_TOKEN } from '../support/slack-ids';
import { SLACK_LIMITS } from '../support/slack-limits';
import { checkMessage, checkView } from '../support/slack-verdicts';

type Json = Record<string, unknown>;

const x = (n: number): string => 'x'.repeat(n);
const plain = (text: string) => ({ type: 'plain_text' as const, text });
const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (over: Json = {}) => ({ type: 'button', action_id: 'a', text: plain('Go'), ...over });
const option = (text: string, value = 'v') => ({ text: plain(text), value });
const select = (over: Json = {}) => ({ type: 'static_select', action_id: 's', options: [option('One')], ...over });
const input = (element: Json) => ({ type: 'input', block_id: 'i', label: plain('Label'), element });
const modal = (over: Json = {}) => ({
  type: 'modal',
  title: plain('Title'),
  submit: plain('Save'),
  blocks: [section('hi')],
  ...over,
});
const post = (blocks: unknown[], over: Json = {}) => ({ channel: 'C1', text: 'fallback', blocks, ...over });

const quiet = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

interface LimitCase {
  name: string;
  method: string;
  limit: number;
  /** The params of a call `n` long/many. */
  params: (n: number) => Json;
  error: string;
  /** What the refusal's details must say: the json-pointer (and the rule). */
  says: string;
}

const CASES: LimitCase[] = [
  {
    name: 'blocks in a message',
    method: 'chat.postMessage',
    limit: 50,
    params: (n) => post(Array.from({ length: n }, () => ({ type: 'divider' }))),
    error: 'invalid_blocks',
    says: 'no more than 50 items allowed (got 51) [json-pointer:/blocks]',
  },
  {
    name: 'blocks in a modal',
    method: 'views.open',
    limit: 100,
    params: (n) => ({
      trigger_id: 't',
      view: modal({ blocks: Array.from({ length: n }, () => ({ type: 'divider' })) }),
    }),
    error: 'invalid_arguments',
    says: '[json-pointer:/view/blocks]',
  },
  {
    name: 'blocks on App Home',
    method: 'views.publish',
    limit: 100,
    params: (n) => ({ user_id: 'U1', view: { type: 'home', blocks: Array.from({ length: n }, () => section('p')) } }),
    error: 'invalid_arguments',
    says: 'no more than 100 items allowed (got 101) [json-pointer:/view/blocks]',
  },
  {
    name: 'section text',
    method: 'chat.postMessage',
    limit: 3000,
    params: (n) => post([section(x(n))]),
    error: 'invalid_blocks',
    says: 'must be less than 3001 characters (got 3001) [json-pointer:/blocks/0/text/text]',
  },
  {
    name: 'header text',
    method: 'chat.postMessage',
    limit: 150,
    params: (n) => post([{ type: 'header', text: plain(x(n)) }]),
    error: 'invalid_blocks',
    says: 'must be less than 151 characters (got 151) [json-pointer:/blocks/0/text/text]',
  },
  {
    name: 'button text',
    method: 'chat.postEphemeral',
    limit: 75,
    params: (n) => ({ ...post([{ type: 'actions', elements: [button({ text: plain(x(n)) })] }]), user: 'U1' }),
    error: 'invalid_blocks',
    says: '[json-pointer:/blocks/0/elements/0/text/text]',
  },
  {
    name: 'modal title',
    method: 'views.push',
    limit: 24,
    params: (n) => ({ trigger_id: 't', view: modal({ title: plain(x(n)) }) }),
    error: 'invalid_arguments',
    says: 'must be less than 25 characters (got 25) [json-pointer:/view/title/text]',
  },
  {
    name: 'modal submit',
    method: 'views.update',
    limit: 24,
    params: (n) => ({ view_id: 'V1', view: modal({ submit: plain(x(n)) }) }),
    error: 'invalid_arguments',
    says: '[json-pointer:/view/submit/text]',
  },
  {
    name: 'modal close',
    method: 'views.open',
    limit: 24,
    params: (n) => ({ trigger_id: 't', view: modal({ close: plain(x(n)) }) }),
    error: 'invalid_arguments',
    says: '[json-pointer:/view/close/text]',
  },
  {
    name: 'private_metadata',
    method: 'views.open',
    limit: 3000,
    params: (n) => ({ trigger_id: 't', view: modal({ private_metadata: x(n) }) }),
    error: 'invalid_arguments',
    says: '[json-pointer:/view/private_metadata]',
  },
  {
    name: 'section fields',
    method: 'chat.update',
    limit: 10,
    params: (n) => ({
      ...post([{ type: 'section', fields: Array.from({ length: n }, () => ({ type: 'mrkdwn', text: 'f' })) }]),
      ts: '1.000001',
    }),
    error: 'invalid_blocks',
    says: 'no more than 10 items allowed (got 11) [json-pointer:/blocks/0/fields]',
  },
  {
    name: 'field text',
    method: 'chat.postMessage',
    limit: 2000,
    params: (n) => post([{ type: 'section', fields: [{ type: 'mrkdwn', text: x(n) }] }]),
    error: 'invalid_blocks',
    says: '[json-pointer:/blocks/0/fields/0/text]',
  },
  {
    name: 'context elements',
    method: 'chat.postMessage',
    limit: 10,
    params: (n) =>
      post([{ type: 'context', elements: Array.from({ length: n }, () => ({ type: 'mrkdwn', text: 'c' })) }]),
    error: 'invalid_blocks',
    says: '[json-pointer:/blocks/0/elements]',
  },
  {
    name: 'actions elements',
    method: 'chat.postMessage',
    limit: 25,
    params: (n) =>
      post([{ type: 'actions', elements: Array.from({ length: n }, (_, i) => button({ action_id: `a${i}` })) }]),
    error: 'invalid_blocks',
    says: 'no more than 25 items allowed (got 26) [json-pointer:/blocks/0/elements]',
  },
  {
    name: 'block_id',
    method: 'chat.postMessage',
    limit: 255,
    params: (n) => post([{ type: 'divider', block_id: x(n) }]),
    error: 'invalid_blocks',
    says: '[json-pointer:/blocks/0/block_id]',
  },
  {
    name: 'action_id',
    method: 'views.open',
    limit: 255,
    params: (n) => ({ trigger_id: 't', view: modal({ blocks: [input(select({ action_id: x(n) }))] }) }),
    error: 'invalid_arguments',
    says: '[json-pointer:/view/blocks/0/element/action_id]',
  },
  {
    name: 'option text',
    method: 'views.open',
    limit: 75,
    params: (n) => ({ trigger_id: 't', view: modal({ blocks: [input(select({ options: [option(x(n))] }))] }) }),
    error: 'invalid_arguments',
    says: 'must be less than 76 characters (got 76) [json-pointer:/view/blocks/0/element/options/0/text/text]',
  },
  {
    name: 'option value',
    method: 'views.open',
    limit: 150,
    params: (n) => ({ trigger_id: 't', view: modal({ blocks: [input(select({ options: [option('One', x(n))] }))] }) }),
    error: 'invalid_arguments',
    says: '[json-pointer:/view/blocks/0/element/options/0/value]',
  },
  {
    name: 'select options',
    method: 'views.open',
    limit: 100,
    params: (n) => ({
      trigger_id: 't',
      view: modal({
        blocks: [input(select({ options: Array.from({ length: n }, (_, i) => option(`o${i}`, `v${i}`)) }))],
      }),
    }),
    error: 'invalid_arguments',
    says: 'no more than 100 items allowed (got 101) [json-pointer:/view/blocks/0/element/options]',
  },
  {
    name: 'message text',
    method: 'chat.postMessage',
    limit: SLACK_LIMITS.messageText,
    params: (n) => ({ channel: 'C1', text: x(n) }),
    error: 'msg_too_long',
    says: '[json-pointer:/text]',
  },
  {
    name: 'summed block text',
    method: 'chat.postMessage',
    limit: SLACK_LIMITS.messageBlockChars,
    // Four sections, each within its own 3,000: together n characters.
    params: (n) => post([...Array.from({ length: 3 }, () => section(x(2750))), section(x(n - 3 * 2750))]),
    error: 'msg_blocks_too_long',
    says: 'total less than 11001 characters (got 11001) [json-pointer:/blocks]',
  },
  {
    name: 'markdown block',
    method: 'chat.postMessage',
    limit: 12_000,
    params: (n) => ({ channel: 'C1', text: 'fallback', blocks: [{ type: 'markdown', text: x(n) }] }),
    error: 'invalid_blocks',
    says: '[json-pointer:/blocks/0/text]',
  },
  {
    name: 'file comment',
    method: 'files.completeUploadExternal',
    limit: SLACK_LIMITS.messageText,
    params: (n) => ({ files: [{ id: 'F-none' }], initial_comment: x(n) }),
    error: 'msg_too_long',
    says: '[json-pointer:/text]',
  },
];

describe('the fake Slack refuses what Slack refuses', () => {
  let slack: FakeSlack;
  let client: webApi.WebClient;

  beforeAll(async () => {
    slack = await startFakeSlack();
    client = new webApi.WebClient(TEST_BOT_TOKEN, {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
      logger: quiet, // the client logs every refusal's details; here they are what the test asserts
    });
  });
  afterEach(() => slack.reset());
  afterAll(() => slack.close());

  const refusal = async (method: string, params: Json) =>
    (await client.apiCall(method, params).then(
      () => undefined,
      (e: unknown) => e,
    )) as { data?: { error?: string; response_metadata?: { messages?: string[] } } } | undefined;

  it.each(CASES)('$name: $limit passes, one more is refused', async ({ method, limit, params, error, says }) => {
    const atLimit = await refusal(method, params(limit));
    // The file comment's upload does not exist; that is file_not_found, not a limit.
    if (method !== 'files.completeUploadExternal') expect(atLimit).toBeUndefined();
    else expect(atLimit?.data?.error).toBe('file_not_found');
    expect(slack.takeBreaches()).toEqual([]);

    const over = await refusal(method, params(limit + 1));
    expect(over?.data?.error).toBe(error);
    expect(over?.data?.response_metadata?.messages?.join('\n')).toContain(says);
    const [breach] = slack.takeBreaches();
    expect(breach).toMatchObject({ method, error, refused: true });
    expect(breach?.describe()).toContain(says);
  });

  it('refuses an empty options list, and an initial option that is not among the options', async () => {
    const empty = await refusal('views.open', {
      trigger_id: 't',
      view: modal({ blocks: [input(select({ options: [] }))] }),
    });
    expect(empty?.data?.error).toBe('invalid_arguments');
    expect(empty?.data?.response_metadata?.messages).toContain(
      '[ERROR] must have at least 1 item [json-pointer:/view/blocks/0/element/options]',
    );
    const stray = await refusal('views.open', {
      trigger_id: 't',
      view: modal({ blocks: [input(select({ initial_option: option('Two', 'two') }))] }),
    });
    expect(stray?.data?.response_metadata?.messages?.join()).toContain('/view/blocks/0/element/initial_option');
    expect(slack.takeBreaches()).toHaveLength(2);
  });

  it('refuses empty text, an unknown block type and a modal with inputs but no submit', async () => {
    const blank = await refusal('chat.postMessage', post([section('')]));
    expect(blank?.data?.response_metadata?.messages).toContain(
      '[ERROR] must be more than 0 characters [json-pointer:/blocks/0/text/text]',
    );
    const odd = await refusal('chat.postMessage', post([{ type: 'sectoin', text: plain('x') }]));
    expect(odd?.data?.response_metadata?.messages?.join()).toContain('unsupported block type: sectoin');
    const noSubmit = await refusal('views.open', {
      trigger_id: 't',
      view: modal({ submit: undefined, blocks: [input(select())] }),
    });
    expect(noSubmit?.data?.response_metadata?.messages?.join()).toContain('[json-pointer:/view/submit]');
    expect(slack.takeBreaches().map((b) => b.error)).toEqual(['invalid_blocks', 'invalid_blocks', 'invalid_arguments']);
  });

  it('accepts blocks without a fallback text, as Slack does, but keeps it as a house-rule breach', async () => {
    await expect(client.chat.postMessage({ channel: 'C1', text: '', blocks: [section('hi')] })).resolves.toMatchObject({
      ok: true,
    });
    const [breach] = slack.takeBreaches();
    expect(breach).toMatchObject({ method: 'chat.postMessage', error: undefined, refused: false });
    expect(breach?.describe()).toContain('`text` fallback');
  });

  it('refuses an over-limit response_url POST the way Slack does: HTTP 400, the bare error code', async () => {
    const res = await fetch(slack.responseUrl('R9'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x', blocks: [{ type: 'header', text: plain(x(151)) }] }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe('invalid_blocks');
    expect(slack.responses('R9')).toEqual([]);
    expect(slack.takeBreaches()[0]).toMatchObject({ method: 'respond', error: 'invalid_blocks' });
  });

  it('keeps a breach no test took for the after-each check, until it is claimed', async () => {
    await refusal('chat.postMessage', post([section(x(3001))]));
    const unclaimed = takeUnclaimedBreaches();
    expect(unclaimed.map((b) => b.error)).toEqual(['invalid_blocks']);
    // Claimed by the check: the fake still lists it, but it is nobody's to take any more.
    expect(slack.breaches()).toHaveLength(1);
    expect(slack.takeBreaches()).toEqual([]);
  });

  it('checks the whole payload in one place: every broken rule is listed', () => {
    const verdict = checkMessage({
      text: 'f',
      blocks: [{ type: 'header', text: plain(x(200)) }, section(x(3100)), { type: 'actions', elements: [] }],
    });
    expect(verdict.error).toBe('invalid_blocks');
    expect(verdict.messages).toHaveLength(3);
    expect(checkView(modal({ title: plain(x(30)), private_metadata: x(4000) }), 'modal').messages).toHaveLength(2);
    expect(checkView({ type: 'home', blocks: [] }, 'modal').messages.join()).toContain('must be modal');
  });
});

describe('the fake Slack knows its tokens', () => {
  let slack: FakeSlack;

  beforeAll(async () => {
    slack = await startFakeSlack();
  });
  afterAll(() => slack.close());

  const call = async (token: string | undefined, method = 'auth.test') => {
    const res = await fetch(`${slack.apiUrl}${method}`, {
      method: 'POST',
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return (await res.json()) as { ok: boolean; error?: string };
  };

  it('answers not_authed without a token and invalid_auth for one it does not know', async () => {
    expect(await call(undefined)).toEqual({ ok: false, error: 'not_authed' });
    expect(await call('xoxb-stranger')).toEqual({ ok: false, error: 'invalid_auth' });
    expect(await call(TEST_BOT_TOKEN)).toMatchObject({ ok: true, user_id: 'UBOT' });
  });

  it('records the token of every call, refused or not', async () => {
    const before = slack.calls('auth.test').length;
    await call('xoxb-recorded');
    expect(slack.calls('auth.test').slice(before)[0]?.token).toBe('xoxb-recorded');
  });

  it('takes an app token only for apps.connections.open, and a bot token everywhere else', async () => {
    expect(await call('xapp-test-token', 'auth.test')).toEqual({ ok: false, error: 'not_allowed_token_type' });
    expect(await call(TEST_BOT_TOKEN, 'apps.connections.open')).toEqual({
      ok: false,
      error: 'not_allowed_token_type',
    });
  });

  it('refuses a revoked token from then on, with the code asked for, and knows a token it is given', async () => {
    slack.allowToken('xoxb-other-workspace');
    expect(await call('xoxb-other-workspace')).toMatchObject({ ok: true });
    slack.revokeToken('xoxb-other-workspace');
    expect(await call('xoxb-other-workspace')).toEqual({ ok: false, error: 'invalid_auth' });
    slack.revokeToken('xoxb-other-workspace', 'token_revoked');
    expect(await call('xoxb-other-workspace')).toEqual({ ok: false, error: 'token_revoked' });
    slack.allowToken('xoxb-other-workspace');
    expect(await call('xoxb-other-workspace')).toMatchObject({ ok: true });
  });
});

describe('ack bodies are held to the same limits', () => {
  const secret = 'limits-secret';
  let slack: FakeSlack;
  let app: App;
  let port: number;

  beforeAll(async () => {
    slack = await startFakeSlack();
    app = new App({
      token: TEST_BOT_TOKEN,
      signingSecret: secret,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/partner', async ({ command, ack }) => {
      if (command.text === 'long') await ack({ text: 'f', blocks: [section(x(3001))] });
      else if (command.text === 'bare') await ack({ blocks: [section('no fallback')] });
      else await ack({ text: 'fine', blocks: [section('fine')] });
    });
    app.view('partner.add', async ({ ack }) => {
      await ack({ response_action: 'update', view: { type: 'modal', title: plain(x(30)), blocks: [] } });
    });
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    port = (server.address() as AddressInfo).port; // a TCP listener always reports AddressInfo
  });
  afterAll(async () => {
    await app.stop();
    await slack.close();
  });

  const sender = () =>
    slackSender({ baseUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret: secret, apiFake: slack });

  it('rejects a slash command ack over a limit, naming the rule', async () => {
    await expect(sender().command('fine')).resolves.toMatchObject({ status: 200 });
    await expect(sender().command('long')).rejects.toThrow(
      /invalid_blocks[\s\S]*must be less than 3001 characters \(got 3001\) \[json-pointer:\/blocks\/0\/text\/text\]/,
    );
    await expect(sender().command('bare')).rejects.toThrow(/`text` fallback/);
  });

  it('rejects a view_submission ack whose new view breaks a limit', async () => {
    await expect(sender().viewSubmission({ callback_id: 'partner.add', state: { values: {} } })).rejects.toThrow(
      /invalid_arguments[\s\S]*\/view\/title\/text/,
    );
  });
});

describe('Socket Mode acks are held to the same limits', () => {
  let slack: FakeSlack;
  let socket: FakeSocketMode;
  let app: App;

  beforeAll(async () => {
    slack = await startFakeSlack();
    socket = await startFakeSocketMode({ slack });
    app = new App({
      token: TEST_BOT_TOKEN,
      appToken: TEST_APP_TOKEN,
      socketMode: true,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/partner', async ({ command, ack }) => {
      await ack({ text: 'f', blocks: Array.from({ length: command.text === 'many' ? 51 : 1 }, () => section('b')) });
    });
    await app.start();
    await socket.waitForConnection();
  });
  afterAll(async () => {
    await app.stop();
    await socket.close();
    await slack.close();
  });

  it('rejects a slash command ack payload with 51 blocks, and passes one with 1', async () => {
    await expect(
      socket.sendEnvelope('slash_commands', { ...commandBody('one', slack.responseUrl()) }),
    ).resolves.toMatchObject({
      payload: { text: 'f' },
    });
    await expect(
      socket.sendEnvelope('slash_commands', { ...commandBody('many', slack.responseUrl()) }),
    ).rejects.toThrow(/invalid_blocks[\s\S]*no more than 50 items allowed \(got 51\) \[json-pointer:\/blocks\]/);
  });
});

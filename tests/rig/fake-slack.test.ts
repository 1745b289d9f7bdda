import { App, LogLevel, verifySlackRequest, webApi } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { startFakeSocketMode, type FakeSocketMode } from '../support/fake-socket-mode';
import { FORM_CONTENT_TYPE, signedHeaders, slackSender } from '../support/signed-requests';
import { commandBody } from '../support/slack-payloads';
import { TEST_APP_TOKEN } from '../support/slack-ids';
import { until } from '../support/until';

describe('fake Slack Web API', () => {
  let slack: FakeSlack;
  let client: webApi.WebClient;

  beforeAll(async () => {
    slack = await startFakeSlack();
    client = new webApi.WebClient('xoxb-test-token', {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logLevel: LogLevel.ERROR,
    });
  });
  afterEach(() => slack.reset());
  afterAll(() => slack.close());

  it('records a real WebClient post with decoded blocks and the bearer token', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Acme*' } }];
    const res = await client.chat.postMessage({ channel: 'C1', text: 'hello', blocks });
    expect(res.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(res.message?.bot_id).toBe('BBOT');
    const [call] = slack.calls('chat.postMessage');
    expect(call?.params).toMatchObject({ channel: 'C1', text: 'hello', blocks });
    expect(call?.headers.authorization).toBe('Bearer xoxb-test-token');
  });

  it('gives each post a unique, increasing ts', async () => {
    const a = await client.chat.postMessage({ channel: 'C1', text: 'a' });
    const b = await client.chat.postMessage({ channel: 'C1', text: 'b' });
    expect(a.ts).not.toBe(b.ts);
    expect(Number(b.ts)).toBeGreaterThan(Number(a.ts));
  });

  it('answers auth.test like Slack', async () => {
    await expect(client.auth.test()).resolves.toMatchObject({
      ok: true,
      team_id: 'T0TEST',
      user_id: 'UBOT',
      bot_id: 'BBOT',
    });
  });

  it('returns posted metadata from conversations.history, newest first', async () => {
    const metadata = { event_type: 'partner_card', event_payload: { partner_id: 42 } };
    await client.chat.postMessage({ channel: 'C2', text: 'first', metadata });
    await client.chat.postMessage({ channel: 'C2', text: 'second' });
    const history = await client.conversations.history({ channel: 'C2', include_all_metadata: true });
    expect(history.messages?.map((m) => m.text)).toEqual(['second', 'first']);
    expect(history.messages?.[1]?.metadata).toEqual(metadata);
    const plain = await client.conversations.history({ channel: 'C2' });
    expect(plain.messages?.[1]?.metadata).toBeUndefined();
  });

  it('runs files.uploadV2 end to end and keeps the bytes', async () => {
    await client.filesUploadV2({ channel_id: 'C3', filename: 'qbr.md', content: '# QBR\n', title: 'QBR' });
    expect(slack.calls().map((c) => c.method)).toEqual([
      'files.getUploadURLExternal',
      'upload',
      'files.completeUploadExternal',
    ]);
    const [upload] = slack.uploads();
    expect(upload).toMatchObject({ filename: 'qbr.md', title: 'QBR', channelId: 'C3', completed: true });
    expect(upload?.bytes?.toString('utf8')).toBe('# QBR\n');
  });

  it('fails the next call with a platform error, once, only in the chosen channel', async () => {
    slack.failNext('chat.postMessage', 'not_in_channel', { channel: 'C9' });
    await client.chat.postMessage({ channel: 'C1', text: 'elsewhere' });
    const error: unknown = await client.chat.postMessage({ channel: 'C9', text: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(webApi.WebAPIPlatformError);
    expect(error).toMatchObject({ data: { error: 'not_in_channel' } });
    await expect(client.chat.postMessage({ channel: 'C9', text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('rate-limits with 429 and Retry-After', async () => {
    slack.rateLimitNext('chat.postMessage', 7, 1);
    const error: unknown = await client.chat.postMessage({ channel: 'C1', text: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(webApi.WebAPIRateLimitedError);
    expect(error).toMatchObject({ retryAfter: 7 });
    expect(slack.calls('chat.postMessage')[0]?.status).toBe(429);
  });

  it('answers an injected HTTP error status', async () => {
    slack.httpErrorNext('users.info', 503, 1);
    await expect(client.users.info({ user: 'U1' })).rejects.toBeInstanceOf(webApi.WebAPIHTTPError);
  });

  it('serves per-user time zones, DMs, views and unknown methods', async () => {
    slack.setUserTz('U0BOB', 'Europe/Berlin');
    expect((await client.users.info({ user: 'U0BOB' })).user?.tz).toBe('Europe/Berlin');
    expect((await client.users.info({ user: 'U0ALICE' })).user?.tz).toBe('America/New_York');
    expect((await client.conversations.open({ users: 'U0BOB' })).channel?.id).toBe('DU0BOB');
    const published = await client.views.publish({ user_id: 'U0BOB', view: { type: 'home', blocks: [] } });
    expect(published.view?.id).toMatch(/^V/);
    const error: unknown = await client.apiCall('nope.nothing').catch((e: unknown) => e);
    expect(error).toMatchObject({ data: { error: 'unknown_method' } });
  });

  it('records what is POSTed to a response_url', async () => {
    const url = slack.responseUrl('abc');
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"hi"}',
    });
    expect(res.status).toBe(200);
    expect(slack.responses('abc')[0]?.body).toEqual({ text: 'hi' });
  });
});

describe('signed requests', () => {
  it('are accepted by Bolt verifySlackRequest', () => {
    const body = new URLSearchParams({ ...commandBody('list', 'http://127.0.0.1:9/r') }).toString();
    const headers = signedHeaders(body, FORM_CONTENT_TYPE, 'shh');
    const verify = (secret: string): void =>
      verifySlackRequest({
        signingSecret: secret,
        body,
        headers: {
          'x-slack-signature': headers['x-slack-signature'] ?? '',
          'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
        },
      });
    expect(() => verify('shh')).not.toThrow();
    expect(() => verify('other')).toThrow();
  });

  it('post to a server with the exact content type, signature and a parsed reply', async () => {
    const target = await startFakeSlack(); // any recording HTTP server will do
    try {
      const send = slackSender({ baseUrl: `${target.apiUrl}echo.command`, signingSecret: 'shh', apiFake: target });
      const res = await send.signWith({ timestamp: 1000 }).command('show Acme');
      expect(res.status).toBe(200);
      // A command form carries a `token` field (the legacy verification token), which is no API token.
      expect(res.json).toEqual({ ok: false, error: 'invalid_auth' });
      const [call] = target.calls('echo.command');
      expect(call?.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(call?.headers['x-slack-request-timestamp']).toBe('1000');
      expect(call?.params).toMatchObject({
        command: '/partner',
        text: 'show Acme',
        user_id: 'U0ALICE',
        channel_id: 'C0GENERAL',
      });
      expect(String(call?.params.response_url)).toContain(`${target.url}/respond/`);
    } finally {
      await target.close();
    }
  });
});

describe('fake Socket Mode with a real Bolt app', () => {
  let slack: FakeSlack;
  let socket: FakeSocketMode;
  let app: App;

  beforeAll(async () => {
    slack = await startFakeSlack();
    socket = await startFakeSocketMode({ slack });
    app = new App({
      token: 'xoxb-test-token',
      appToken: TEST_APP_TOKEN,
      socketMode: true,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/partner', async ({ ack }) => {
      await ack('pong');
    });
    await app.start();
    await socket.waitForConnection();
  });
  afterAll(async () => {
    await app.stop();
    await socket.close();
    await slack.close();
  });

  it('connects through apps.connections.open with the app token', async () => {
    const [open] = slack.calls('apps.connections.open');
    expect(open?.headers.authorization).toBe(`Bearer ${TEST_APP_TOKEN}`);
    await until(() => socket.connectionCount() === 1, { message: 'one socket' });
  });

  it('acks a /partner slash command envelope with the listener’s reply', async () => {
    const ack = await socket.sendEnvelope('slash_commands', { ...commandBody('', slack.responseUrl()) });
    expect(ack.payload).toEqual({ text: 'pong' });
  });
});

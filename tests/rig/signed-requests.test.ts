import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { FORM_CONTENT_TYPE, signedHeaders, slackSender, type SlackSender } from '../support/signed-requests';
import { inputValues } from '../support/slack-payloads';
import { until } from '../support/until';

/** A plain Bolt app in HTTP mode: proves the sender's payloads route the way Slack's do. */
describe('signed requests into a real Bolt HTTP receiver', () => {
  const secret = 'rig-secret';
  let slack: FakeSlack;
  let app: App;
  let send: SlackSender;
  const seen: string[] = [];

  beforeAll(async () => {
    slack = await startFakeSlack();
    app = new App({
      token: 'xoxb-test-token',
      signingSecret: secret,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/partner', async ({ command, ack, respond }) => {
      await ack({ text: `got ${command.text} from ${command.user_id}` });
      await respond({ text: 'later' });
    });
    app.event('app_mention', async ({ event, context, say }) => {
      seen.push(`mention ${event.text} retry=${context.retryNum ?? 0}`);
      await say({ text: 'hi', thread_ts: event.ts });
    });
    app.action('partner.snooze', async ({ ack, body }) => {
      await ack();
      seen.push(`action ${body.type} ${'actions' in body ? JSON.stringify(body.actions[0]) : ''}`);
    });
    app.view('partner.add', async ({ ack, view }) => {
      const name = view.state.values.name?.input?.value ?? '';
      await ack(name ? undefined : { response_action: 'errors', errors: { name: 'Required' } });
    });
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    const { port } = server.address() as AddressInfo; // a TCP listener always reports AddressInfo
    send = slackSender({ baseUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret: secret, apiFake: slack });
  });
  afterAll(async () => {
    await app.stop();
    await slack.close();
  });

  it('acks a slash command with its body and respond() reaches the fake response_url', async () => {
    const res = await send.command('show Acme');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ text: 'got show Acme from U0ALICE' });
    await until(() => slack.responses().length === 1, { message: 'respond() POST' });
    expect(slack.responses()[0]?.body).toMatchObject({ text: 'later' });
  });

  it('delivers events with an empty ack, retries marked, and the reply through the fake', async () => {
    const res = await send.event(
      { type: 'app_mention', user: 'U0ALICE', text: '<@UBOT> hello', channel: 'C0GENERAL', ts: '1700000000.000100' },
      { retryNum: 1 },
    );
    expect(res).toMatchObject({ status: 200, text: '' });
    const post = await until(() => slack.calls('chat.postMessage')[0]);
    expect(post.params).toMatchObject({ channel: 'C0GENERAL', thread_ts: '1700000000.000100' });
    expect(seen).toContain('mention <@UBOT> hello retry=1');
  });

  it('routes block actions by action_id', async () => {
    const res = await send.blockAction({ actionId: 'partner.snooze', value: '42' });
    expect(res).toMatchObject({ status: 200, text: '' });
    await until(() => seen.some((s) => s.startsWith('action block_actions') && s.includes('"value":"42"')));
  });

  it('routes view submissions by callback_id and returns the ack body', async () => {
    const bad = await send.viewSubmission({ callback_id: 'partner.add', state: inputValues({ 'name.input': '' }) });
    expect(bad.json).toEqual({ response_action: 'errors', errors: { name: 'Required' } });
    const good = await send.viewSubmission({
      callback_id: 'partner.add',
      state: inputValues({ 'name.input': 'Acme' }),
    });
    expect(good).toMatchObject({ status: 200, text: '' });
  });

  it('is refused when stale, forged or sent with a charset', async () => {
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await send.signWith({ timestamp: stale }).command('list')).status).toBe(401);
    expect((await send.signWith({ secret: 'wrong' }).command('list')).status).toBe(401);
    const body = 'command=%2Fpartner&text=list';
    const headers = {
      ...signedHeaders(body, FORM_CONTENT_TYPE, secret),
      'content-type': `${FORM_CONTENT_TYPE}; charset=utf-8`,
    };
    expect((await send.raw(body, headers)).status).toBe(400);
  });
});

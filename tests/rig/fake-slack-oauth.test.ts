/** The fake Slack's "Add to Slack" side and its many workspaces, checked with the real WebClient. */
import { LogLevel, webApi } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { blockActionPayload, commandBody, eventEnvelope, viewSubmissionPayload } from '../support/slack-payloads';
import { fakeTeam, TEST_BOT_TOKEN, TEST_TEAM, workspaceKeyOf } from '../support/slack-ids';

const client = (slack: FakeSlack, token?: string) =>
  new webApi.WebClient(token, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });

const ORG = { id: 'E0ORG', name: 'Org Inc' };
const ALPHA = fakeTeam('T0ALPHA', { teamName: 'Alpha', installer: 'U0ANNA' });
const ORG_WIDE = fakeTeam('T0EAST', { enterprise: ORG, orgWide: true, installer: 'W0ADMIN' });

describe('oauth.v2.access', () => {
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await startFakeSlack();
    slack.setOAuthClient({ clientId: '111.222', clientSecret: 'shh' });
  });
  afterEach(() => slack.reset());
  afterAll(() => slack.close());

  const exchange = (code: string, extra: Record<string, string> = {}) =>
    client(slack).oauth.v2.access({ client_id: '111.222', client_secret: 'shh', code, ...extra });

  it('trades a code for a bot token of that workspace, as Slack answers', async () => {
    const code = slack.authorize(ALPHA, { scope: 'commands,chat:write' });
    const res = await exchange(code);
    expect(res).toMatchObject({
      ok: true,
      access_token: expect.stringMatching(/^xoxb-T0ALPHA-/),
      token_type: 'bot',
      scope: 'commands,chat:write',
      bot_user_id: ALPHA.botUserId,
      app_id: 'A0PARTNEROS',
      team: { id: 'T0ALPHA', name: 'Alpha' },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: 'U0ANNA' },
    });
    expect(slack.teamOf(res.access_token)).toEqual(ALPHA);
    // The new token works and knows who it is; the exchange itself carried none.
    await expect(client(slack, res.access_token).auth.test()).resolves.toMatchObject({
      team_id: 'T0ALPHA',
      user_id: ALPHA.botUserId,
      bot_id: ALPHA.botId,
      is_enterprise_install: false,
    });
    expect(slack.calls('oauth.v2.access')[0]?.token).toBeUndefined();
  });

  it('answers an org-wide install with no team and the organisation', async () => {
    const res = await exchange(slack.authorize(ORG_WIDE));
    expect(res).toMatchObject({
      team: null,
      enterprise: ORG,
      is_enterprise_install: true,
      authed_user: { id: 'W0ADMIN' },
    });
    await expect(client(slack, res.access_token).auth.test()).resolves.toMatchObject({
      team_id: 'E0ORG',
      enterprise_id: 'E0ORG',
      is_enterprise_install: true,
    });
    expect(workspaceKeyOf(ORG_WIDE)).toBe('E0ORG');
  });

  it('refuses a wrong client id or secret, an unknown, used or invalidated code, and another redirect_uri', async () => {
    const code = slack.authorize(ALPHA, { redirectUri: 'https://a.example/slack/oauth_redirect' });
    const refused = async (p: Promise<unknown>) =>
      ((await p.catch((e: { data?: { error?: string } }) => e.data)) as { error?: string }).error;
    expect(await refused(client(slack).oauth.v2.access({ client_id: 'nope', client_secret: 'shh', code }))).toBe(
      'invalid_client_id',
    );
    expect(await refused(client(slack).oauth.v2.access({ client_id: '111.222', client_secret: 'nope', code }))).toBe(
      'bad_client_secret',
    );
    expect(await refused(exchange('never-issued'))).toBe('invalid_code');
    expect(await refused(exchange(code))).toBe('bad_redirect_uri');
    await expect(exchange(code, { redirect_uri: 'https://a.example/slack/oauth_redirect' })).resolves.toMatchObject({
      ok: true,
    });
    expect(await refused(exchange(code, { redirect_uri: 'https://a.example/slack/oauth_redirect' }))).toBe(
      'invalid_code',
    );
    const other = slack.authorize(ALPHA);
    slack.invalidateCode(other);
    expect(await refused(exchange(other))).toBe('invalid_code');
  });

  it('takes the client credentials as HTTP Basic auth too', async () => {
    const code = slack.authorize(ALPHA);
    const res = await fetch(`${slack.apiUrl}oauth.v2.access`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('111.222:shh').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ code }).toString(),
    });
    expect(await res.json()).toMatchObject({ ok: true, team: { id: 'T0ALPHA' } });
  });
});

describe('tokens of many workspaces', () => {
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await startFakeSlack();
  });
  afterAll(() => slack.close());

  it('answers auth.test for the token it is called with, and invalid_auth once that token is revoked', async () => {
    slack.allowToken('xoxb-alpha', ALPHA);
    await expect(client(slack, TEST_BOT_TOKEN).auth.test()).resolves.toMatchObject({
      team_id: 'T0TEST',
      user_id: 'UBOT',
    });
    await expect(client(slack, 'xoxb-alpha').auth.test()).resolves.toMatchObject({ team_id: 'T0ALPHA', team: 'Alpha' });
    slack.revokeToken('xoxb-alpha', 'token_revoked');
    await expect(client(slack, 'xoxb-alpha').auth.test()).rejects.toMatchObject({ data: { error: 'token_revoked' } });
    await expect(client(slack, 'xoxb-unknown').auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    // What a test asks of a recorded call: whose token it was, revoked or not.
    expect(slack.teamOf('xoxb-alpha')).toEqual(ALPHA);
    expect(slack.teamOf('xoxb-unknown')).toBeUndefined();
    expect(slack.teamOf(TEST_BOT_TOKEN)).toEqual(TEST_TEAM);
  });

  it('records the token of every call', async () => {
    slack.allowToken('xoxb-alpha-2', ALPHA);
    await client(slack, 'xoxb-alpha-2').chat.postMessage({ channel: 'C0ALPHA', text: 'hi' });
    const [post] = slack.calls('chat.postMessage');
    expect(post?.token).toBe('xoxb-alpha-2');
    expect(slack.messages('C0ALPHA')[0]).toMatchObject({ user: ALPHA.botUserId, bot_id: ALPHA.botId });
  });
});

describe('payloads from another workspace', () => {
  it('carry its team, its organisation and whether the install is org-wide, where Slack puts them', () => {
    expect(commandBody('list', 'u', {}, ALPHA)).toMatchObject({ team_id: 'T0ALPHA', is_enterprise_install: 'false' });
    expect(commandBody('list', 'u', {}, ORG_WIDE)).toMatchObject({
      team_id: 'T0EAST',
      enterprise_id: 'E0ORG',
      is_enterprise_install: 'true',
    });
    expect(eventEnvelope({ type: 'app_home_opened' }, { team: ORG_WIDE })).toMatchObject({
      team_id: 'T0EAST',
      enterprise_id: 'E0ORG',
      authorizations: [{ enterprise_id: 'E0ORG', team_id: null, is_enterprise_install: true }],
    });
    expect(blockActionPayload({ actionId: 'x', team: ALPHA }, () => 'u')).toMatchObject({
      team: { id: 'T0ALPHA' },
      enterprise: null,
      is_enterprise_install: false,
      user: { team_id: 'T0ALPHA' },
    });
    expect(viewSubmissionPayload({ callback_id: 'x' }, 'W0ADMIN', ORG_WIDE)).toMatchObject({
      team: null,
      enterprise: ORG,
      is_enterprise_install: true,
      user: { id: 'W0ADMIN', team_id: 'T0EAST' },
    });
    // The default is the test workspace, as before.
    expect(commandBody('list', 'u')).toMatchObject({ team_id: 'T0TEST', is_enterprise_install: 'false' });
    expect(commandBody('list', 'u')).not.toHaveProperty('enterprise_id');
  });
});

/**
 * "Add to Slack" through the real app: GET /slack/install, Slack's authorize page (the fake), and
 * GET /slack/oauth_redirect, in HTTP mode and in Socket Mode, on either database engine.
 */
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { startFakeSocketMode, type FakeSocketMode } from '../support/fake-socket-mode';
import { authorizeLinkOf, getPage, pageText } from '../support/install';
import { commandBody } from '../support/slack-payloads';
import { fakeTeam } from '../support/slack-ids';
import { TEST_CLIENT_ID, TEST_STATE_SECRET, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { ALPHA, BETA, ackText, actedFor, manifestScopes, startTestApp } from './support';

let t: TestApp | undefined;
let slack: FakeSlack | undefined;
let socket: FakeSocketMode | undefined;
afterEach(async () => {
  await t?.stop();
  await socket?.close();
  await slack?.close();
  t = undefined;
  socket = undefined;
  slack = undefined;
});

const many = async (env: Record<string, string> = {}): Promise<TestApp> => {
  t = await startTestApp({ workspaces: 'many', env });
  return t;
};

/** A state as Bolt signs it (an HS256 JWT of the install options and the time it was made). */
function signedState(secret: string, madeAt: Date): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = part({ alg: 'HS256', typ: 'JWT' });
  const body = part({
    installOptions: { scopes: manifestScopes() },
    now: madeAt.toJSON(),
    random: 4242,
    iat: Math.floor(madeAt.getTime() / 1000),
  });
  const signature = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

describe('GET /slack/install', () => {
  it('answers /healthz with 200 before any workspace is installed', async () => {
    const app = await many();
    const res = await fetch(`${app.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, database: 'reachable' });
    expect(await app.running.database.workspaces.list()).toEqual([]);
  });

  it("leads to Slack's authorize page with the client id, the manifest's bot scopes and a state", async () => {
    const app = await many();
    const page = await getPage(`${app.baseUrl}/slack/install`);
    expect([200, 302]).toContain(page.status);
    const link = authorizeLinkOf(page);
    expect(`${link.url.origin}${link.url.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
    expect(link.clientId).toBe(TEST_CLIENT_ID);
    expect(link.scopes).toEqual(manifestScopes());
    expect(link.state).toMatch(/\S{20,}/);
    // Without SLACK_REDIRECT_URI Slack uses the app's configured one.
    expect(link.redirectUri).toBeNull();
    // Each visit gets its own state.
    expect(authorizeLinkOf(await getPage(`${app.baseUrl}/slack/install`)).state).not.toBe(link.state);
  });

  it('names SLACK_REDIRECT_URI on the link, and the code exchange names the same address', async () => {
    const redirect = 'https://partneros.example.com/slack/oauth_redirect';
    const app = await many({ SLACK_REDIRECT_URI: redirect });
    const installed = await app.install(ALPHA);
    expect(installed.link.redirectUri).toBe(redirect);
    const [exchange] = app.slack.calls('oauth.v2.access');
    expect(exchange?.params).toMatchObject({ redirect_uri: redirect, code: installed.code, client_id: TEST_CLIENT_ID });
    expect(exchange?.response).toMatchObject({ ok: true });
  });
});

describe('GET /slack/oauth_redirect', () => {
  it('stores the installation and shows a page that says what to do next', async () => {
    const app = await many();
    const installed = await app.install(ALPHA);
    expect(installed.callback.status).toBe(200);
    expect(installed.callback.headers.get('content-type')).toContain('text/html');
    const text = pageText(installed.callback.html);
    expect(text).toContain('installed in Alpha Works');
    expect(text).toContain('/partner help');
    expect(text).toContain('/invite @PartnerOS');
    expect(text).not.toMatch(/error|fail/i);
    // The token stays on the server.
    expect(installed.callback.html).not.toContain(installed.token ?? 'no token');

    // The exchange went to SLACK_API_URL with the app's credentials, and nothing before it used a token.
    const [exchange] = app.slack.calls('oauth.v2.access');
    expect(exchange?.params).toMatchObject({ code: installed.code, client_id: TEST_CLIENT_ID });
    expect(exchange?.token).toBeUndefined();

    const [ws] = await app.running.database.workspaces.list();
    expect(ws).toMatchObject({ id: 'T0ALPHA', name: 'Alpha Works', installed: true, partners: 0 });
    expect(await app.running.database.workspaces.installation('T0ALPHA')).toContain(installed.token);

    // The workspace is served at once, with its own token.
    const res = await installed.send.command('add "Acme Corp"', { user_id: 'U0ANNA' });
    expect(ackText(res)).toContain('Acme Corp');
    expect((await installed.store.partners.findByName('Acme Corp'))?.created_by).toBe('U0ANNA');
  });

  it('does not need the cookie of the browser that started the install', async () => {
    const app = await many();
    const installed = await app.install(ALPHA, { cookies: false });
    expect(pageText(installed.callback.html)).toContain('installed in Alpha Works');
  });

  const failures: [string, (app: TestApp) => Promise<string>][] = [
    ['a state the app never issued', async () => 'made-up-state'],
    ['a state signed with another secret', async () => signedState('not-our-secret', new Date())],
    ['a state older than ten minutes', async () => signedState(TEST_STATE_SECRET, new Date(Date.now() - 11 * 60_000))],
    [
      'a state issued by this app but altered',
      async (app) => {
        const state = authorizeLinkOf(await getPage(`${app.baseUrl}/slack/install`)).state ?? '';
        return `${state.slice(0, -2)}${state.endsWith('AA') ? 'BB' : 'AA'}`;
      },
    ],
  ];
  for (const [what, stateFor] of failures) {
    it(`exchanges no code and installs nothing for ${what}`, async () => {
      const app = await many();
      const code = app.slack.authorize(ALPHA, { scope: manifestScopes().join(',') });
      const page = await getPage(
        `${app.baseUrl}/slack/oauth_redirect?${new URLSearchParams({ code, state: await stateFor(app) })}`,
      );
      expect(page.status).toBe(400);
      const text = pageText(page.html);
      expect(text).toContain('PartnerOS was not installed');
      expect(text).toContain('Nothing was changed');
      expect(text).toContain('install links last ten minutes');
      expect(page.html).toContain('href="/slack/install"');
      expect(app.slack.calls('oauth.v2.access')).toEqual([]);
      expect(await app.running.database.workspaces.list()).toEqual([]);
    });
  }

  it('installs nothing when the callback carries no state at all', async () => {
    const app = await many();
    const code = app.slack.authorize(ALPHA);
    const page = await getPage(`${app.baseUrl}/slack/oauth_redirect?code=${code}`);
    expect(page.status).toBe(400);
    expect(pageText(page.html)).toContain('PartnerOS was not installed');
    expect(app.slack.calls('oauth.v2.access')).toEqual([]);
  });

  it('says the installation was cancelled when the person declined in Slack', async () => {
    const app = await many();
    const state = authorizeLinkOf(await getPage(`${app.baseUrl}/slack/install`)).state ?? '';
    const page = await getPage(`${app.baseUrl}/slack/oauth_redirect?error=access_denied&state=${state}`);
    expect(page.status).toBe(400);
    expect(pageText(page.html)).toContain('cancelled in Slack');
    expect(app.slack.calls('oauth.v2.access')).toEqual([]);
  });

  it('shows the failure page and stores nothing when Slack refuses the code', async () => {
    const app = await many();
    const link = authorizeLinkOf(await getPage(`${app.baseUrl}/slack/install`));
    const code = app.slack.authorize(ALPHA);
    app.slack.invalidateCode(code);
    const page = await getPage(
      `${app.baseUrl}/slack/oauth_redirect?${new URLSearchParams({ code, state: link.state ?? '' })}`,
    );
    expect(page.status).toBe(400);
    expect(pageText(page.html)).toContain('Slack did not confirm the installation');
    expect(app.slack.calls('oauth.v2.access').map((c) => c.response)).toEqual([{ ok: false, error: 'invalid_code' }]);
    expect(await app.running.database.workspaces.list()).toEqual([]);
  });
});

describe('installations', () => {
  it('survive a restart: the workspace is served with the token its install gave', async () => {
    const app = await many();
    const installed = await app.install(ALPHA);
    await installed.send.command('add "Acme Corp" tier=Gold', { user_id: 'U0ANNA' });
    await app.restart();
    const before = app.slack.calls().length;
    const res = await installed.send.command('show "Acme Corp"', { user_id: 'U0ANNA' });
    expect(ackText(res)).toContain('Gold');
    await installed.send.event({ type: 'app_home_opened', user: 'U0ANNA', channel: 'D0ANNA', tab: 'home' });
    const publish = await until(() =>
      app.slack.calls('views.publish').find((c) => app.slack.calls().indexOf(c) >= before),
    );
    expect(publish.token).toBe(installed.token);
  });

  it('keys an org-wide (Enterprise Grid) install by the organisation, for every workspace of it', async () => {
    const app = await many();
    const org = { id: 'E0GLOBEX', name: 'Globex Org' };
    const east = fakeTeam('T0EAST', { enterprise: org, orgWide: true, teamName: 'Globex East', installer: 'W0ADMIN' });
    const west = fakeTeam('T0WEST', { enterprise: org, orgWide: true, teamName: 'Globex West' });
    const installed = await app.install(east);
    expect(installed.id).toBe('E0GLOBEX');
    expect(pageText(installed.callback.html)).toContain('installed in Globex Org');
    expect(await app.running.database.workspaces.list()).toEqual([
      expect.objectContaining({ id: 'E0GLOBEX', name: 'Globex Org', installed: true }),
    ]);
    expect(installed.token).toMatch(/^xoxb-E0GLOBEX-/);

    await installed.send.command('add "Initech" tier=Silver', { user_id: 'W0ADMIN' });
    // Another workspace of the organisation is the same PartnerOS workspace.
    const fromWest = await app.sendAs(west).command('show "Initech"', { user_id: 'W0ADMIN' });
    expect(ackText(fromWest)).toContain('Silver');
    expect((await app.storeOf('E0GLOBEX').partners.findByName('Initech'))?.tier).toBe('Silver');
    expect(await app.storeOf('T0EAST').partners.findByName('Initech')).toBeUndefined();
    for (const call of app.slack.calls().filter((c) => c.method !== 'oauth.v2.access' && c.token))
      expect(actedFor(app, call)).toBe('E0GLOBEX');
  });

  it('keeps a workspace-level install inside a Grid organisation apart from its sister workspace', async () => {
    const app = await many();
    const org = { id: 'E0ACME', name: 'Acme Org' };
    const north = await app.install(fakeTeam('T0NORTH', { enterprise: org }));
    const south = await app.install(fakeTeam('T0SOUTH', { enterprise: org }));
    expect([north.id, south.id]).toEqual(['T0NORTH', 'T0SOUTH']);
    await north.send.command('add "Hooli" tier=Gold');
    expect(ackText(await south.send.command('show "Hooli"'))).toContain('No partner');
  });
});

describe('in Socket Mode', () => {
  it('serves the install paths and /healthz on PORT, and each workspace over the socket with its token', async () => {
    slack = await startFakeSlack();
    socket = await startFakeSocketMode({ slack });
    t = await startTestApp({
      slack,
      workspaces: 'many',
      env: { SLACK_APP_TOKEN: 'xapp-1-test', SLACK_SIGNING_SECRET: '' },
    });
    await socket.waitForConnection();
    const health = await fetch(`${t.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true });

    const a = await t.install(ALPHA);
    const b = await t.install(BETA);
    expect(pageText(b.callback.html)).toContain('installed in Beta Labs');
    const added = await socket.sendEnvelope('slash_commands', {
      ...commandBody('add "Socket Corp" tier=Silver', slack.responseUrl(), { user_id: 'U0ANNA' }, ALPHA),
    });
    expect(JSON.stringify(added.payload)).toContain('Socket Corp');
    const elsewhere = await socket.sendEnvelope('slash_commands', {
      ...commandBody('show "Socket Corp"', slack.responseUrl(), { user_id: 'U0BORIS' }, BETA),
    });
    expect(JSON.stringify(elsewhere.payload)).not.toContain('Silver');
    expect((await t.storeOf('T0ALPHA').partners.findByName('Socket Corp'))?.tier).toBe('Silver');

    await socket.sendEnvelope('events_api', {
      type: 'event_callback',
      team_id: 'T0BETA',
      api_app_id: 'A0PARTNEROS',
      event_id: 'Ev0SOCKETHOME',
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [
        { enterprise_id: null, team_id: 'T0BETA', user_id: BETA.botUserId, is_bot: true, is_enterprise_install: false },
      ],
      event: { type: 'app_home_opened', user: 'U0BORIS', channel: 'D0BORIS', tab: 'home', event_ts: '1.000001' },
    });
    const publish = await until(() => slack?.calls('views.publish')[0]);
    expect(publish.token).toBe(b.token);
    expect(publish.token).not.toBe(a.token);
  });
});

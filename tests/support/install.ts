/**
 * "Add to Slack" the way a browser walks it, against the app's real install paths and the fake Slack:
 * GET /slack/install → the authorize link (a redirect, or a page with the link) → Slack's authorize page
 * (the fake hands out a code for the workspace) → GET /slack/oauth_redirect?code=…&state=… → the app's page.
 */
import type { Database } from '../../src/store';
import type { FakeSlack } from './fake-slack';
import type { FakeTeam } from './slack-ids';

export interface Page {
  status: number;
  headers: Headers;
  /** The body as text ('' for a redirect). */
  html: string;
}

export interface AuthorizeLink {
  url: URL;
  clientId: string | null;
  /** `scope`, split at commas. */
  scopes: string[];
  state: string | null;
  redirectUri: string | null;
}

export interface InstallFlow {
  /** What GET /slack/install answered. */
  start: Page;
  link: AuthorizeLink;
  /** The code the fake's authorize page handed out. */
  code: string;
  /** What GET /slack/oauth_redirect answered. */
  callback: Page;
  /** The bot token oauth.v2.access issued for this code (undefined when none was issued). */
  token: string | undefined;
}

export interface InstallOptions {
  /** Send back the cookies /slack/install set, as the same browser would (default true). */
  cookies?: boolean;
}

/** GET without following redirects, as a browser's first hop. */
export async function getPage(url: string, headers: Record<string, string> = {}): Promise<Page> {
  const res = await fetch(url, { redirect: 'manual', headers });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

const decodeHtml = (s: string): string =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/** The authorize link of /slack/install's answer: its Location, or the page's link to Slack's authorize page. */
export function authorizeLinkOf(page: Page): AuthorizeLink {
  const location = page.status >= 300 && page.status < 400 ? page.headers.get('location') : null;
  const href =
    location ??
    [...page.html.matchAll(/href\s*=\s*"([^"]*)"/gi)]
      .map((m) => decodeHtml(m[1] ?? ''))
      .find((h) => /\/oauth\/v2\/authorize\b/.test(h));
  if (!href)
    throw new Error(`no authorize link in the install answer (HTTP ${page.status}):\n${page.html.slice(0, 500)}`);
  const url = new URL(href);
  const q = url.searchParams;
  return {
    url,
    clientId: q.get('client_id'),
    scopes: (q.get('scope') ?? '').split(',').filter(Boolean),
    state: q.get('state'),
    redirectUri: q.get('redirect_uri'),
  };
}

/** The cookies a Set-Cookie answer asks the browser to send back (names and values only). */
function cookiesOf(page: Page): string {
  return page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .filter(Boolean)
    .join('; ');
}

/**
 * Installs the app in `team` end to end. `baseUrl` is where the app's HTTP server listens
 * (http://127.0.0.1:PORT); a redirect_uri on the link (SLACK_REDIRECT_URI) is followed to the same
 * path on it, as a reverse proxy would.
 */
export async function installThroughBrowser(
  baseUrl: string,
  slack: FakeSlack,
  team: FakeTeam,
  options: InstallOptions = {},
): Promise<InstallFlow> {
  const start = await getPage(`${baseUrl}/slack/install`);
  const link = authorizeLinkOf(start);
  if (!link.state) throw new Error(`the authorize link carries no state: ${link.url}`);
  const code = slack.authorize(team, {
    scope: link.scopes.join(','),
    ...(link.redirectUri ? { redirectUri: link.redirectUri } : {}),
  });
  const back = new URL(link.redirectUri ?? `${baseUrl}/slack/oauth_redirect`);
  const query = new URLSearchParams({ code, state: link.state });
  const cookie = options.cookies === false ? '' : cookiesOf(start);
  const callback = await getPage(`${baseUrl}${back.pathname}?${query}`, cookie ? { cookie } : {});
  const exchange = slack.calls('oauth.v2.access').find((c) => c.params.code === code);
  const issued = exchange?.response as { access_token?: unknown } | undefined;
  return {
    start,
    link,
    code,
    callback,
    token: typeof issued?.access_token === 'string' ? issued.access_token : undefined,
  };
}

/** What a page says to a person: its text without tags, whitespace folded. */
export const pageText = (html: string): string =>
  decodeHtml(html.replace(/<style[\s\S]*?<\/style>/gi, ' ').replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();

/**
 * A workspace on file as "Add to Slack" leaves it, written straight to the store (for tests of what
 * reads installations, not of the install itself): its bot token is `xoxb-<id>`.
 */
export function saveInstalledWorkspace(
  database: Database,
  workspace: { id: string; name: string; at: string },
): Promise<void> {
  const { id, name, at } = workspace;
  return database.workspaces.saveInstallation({
    workspaceId: id,
    teamId: id,
    enterpriseId: null,
    isEnterprise: false,
    installation: JSON.stringify({ team: { id, name }, bot: { token: `xoxb-${id}` } }),
    installerId: 'U0INSTALLER',
    name,
    at,
  });
}

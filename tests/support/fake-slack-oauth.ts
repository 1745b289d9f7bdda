/**
 * The fake Slack's side of "Add to Slack": the codes its authorize page would hand out, and
 * `oauth.v2.access`, which trades a code for a bot token of that workspace (docs.slack.dev/reference/methods/oauth.v2.access).
 * A test plays the person on the authorize page with `authorize(team)` (or gives a code it made up with
 * `invalidateCode`); the app exchanges the code with its client id and secret, as it would with Slack.
 */
import type { IncomingMessage } from 'node:http';
import { str, type Params, type SlackJson } from './fake-slack-methods';
import { TEST_IDS, type FakeTeam } from './slack-ids';

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

export interface AuthorizeOptions {
  /** The scopes granted (comma-separated, as the authorize link's `scope`); default the test app's manifest scopes are not known here, so 'commands,chat:write'. */
  scope?: string;
  /** The redirect_uri the authorize link carried: the exchange must name the same one, as Slack checks. */
  redirectUri?: string;
  /** Use this code instead of a fresh one. */
  code?: string;
}

interface Grant {
  team: FakeTeam;
  scope: string;
  redirectUri: string | undefined;
  used: boolean;
}

/** Client credentials as Slack takes them: form fields, or HTTP Basic auth. */
function credentials(req: IncomingMessage, params: Params): { id?: string; secret?: string } {
  const header = req.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const [id, secret] = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8').split(':');
    return { id, secret };
  }
  return { id: str(params, 'client_id'), secret: str(params, 'client_secret') };
}

export class FakeOAuth {
  private client: OAuthClient | undefined;
  private readonly grants = new Map<string, Grant>();
  private readonly refused = new Set<string>();
  private seq = 0;

  /** `issue` makes a token valid for a workspace (the guard's allow). */
  constructor(private readonly issue: (token: string, team: FakeTeam) => void) {}

  /** The Slack app's credentials (Basic Information → App Credentials). */
  setClient(client: OAuthClient): void {
    this.client = client;
  }

  /** What Slack's authorize page does when the person clicks Allow: a one-time code for `team`. */
  authorize(team: FakeTeam, options: AuthorizeOptions = {}): string {
    this.seq += 1;
    const code = options.code ?? `fake-code-${team.teamId}-${this.seq}`;
    this.refused.delete(code);
    this.grants.set(code, {
      team,
      scope: options.scope ?? 'commands,chat:write',
      redirectUri: options.redirectUri,
      used: false,
    });
    return code;
  }

  /** From now on this code answers invalid_code (expired, or never issued). */
  invalidate(code: string): void {
    this.grants.delete(code);
    this.refused.add(code);
  }

  /** oauth.v2.access: the client checked, then the code; a code is good once. */
  access(req: IncomingMessage, params: Params): SlackJson {
    const fail = (error: string): SlackJson => ({ ok: false, error });
    const { id, secret } = credentials(req, params);
    if (!this.client || !id || id !== this.client.clientId) return fail('invalid_client_id');
    if (secret !== this.client.clientSecret) return fail('bad_client_secret');
    const code = str(params, 'code');
    const grant = code && !this.refused.has(code) ? this.grants.get(code) : undefined;
    if (!grant || grant.used) return fail('invalid_code');
    if ((str(params, 'redirect_uri') ?? undefined) !== grant.redirectUri) return fail('bad_redirect_uri');
    grant.used = true;
    const { team } = grant;
    this.seq += 1;
    const key = team.orgWide && team.enterprise ? team.enterprise.id : team.teamId;
    const token = `xoxb-${key}-${this.seq}-fake`;
    this.issue(token, team);
    return {
      ok: true,
      access_token: token,
      token_type: 'bot',
      scope: grant.scope,
      bot_user_id: team.botUserId,
      app_id: TEST_IDS.appId,
      // An org-wide install belongs to no single workspace: Slack sends team null.
      team: team.orgWide ? null : { id: team.teamId, name: team.teamName },
      enterprise: team.enterprise ? { ...team.enterprise } : null,
      is_enterprise_install: team.orgWide,
      authed_user: { id: team.installer },
    };
  }
}

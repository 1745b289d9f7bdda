/**
 * Who a bot token acts for, by Slack's `auth.test`: the wizard checks a token before writing it, and a
 * command learns SLACK_BOT_TOKEN's workspace. Plain fetch: one call does not need the Web API client,
 * and the base URL is the app's own SLACK_API_URL, so tests use a local fake.
 */

export type AuthCheck =
  | {
      readonly kind: 'ok';
      readonly team: string;
      readonly user: string;
      readonly teamId: string;
      /** The id PartnerOS files the workspace under: the organisation's for an org-wide token, as start-up does. */
      readonly workspaceId: string;
    }
  | { readonly kind: 'refused'; readonly error: string }
  | { readonly kind: 'unreachable'; readonly reason: string; readonly url: string };

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

export async function checkBotToken(token: string, apiUrl: string | undefined, timeoutMs = 10_000): Promise<AuthCheck> {
  const base = (apiUrl?.trim() || DEFAULT_SLACK_API_URL).replace(/\/?$/, '/');
  const url = `${base}auth.test`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
    return { kind: 'unreachable', reason: cause ?? (error instanceof Error ? error.message : String(error)), url };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { kind: 'unreachable', reason: `HTTP ${response.status}, not a Slack API answer`, url };
  }
  const b = (body ?? {}) as {
    ok?: unknown;
    team?: unknown;
    user?: unknown;
    team_id?: unknown;
    enterprise_id?: unknown;
    is_enterprise_install?: unknown;
    error?: unknown;
  };
  if (b.ok === true) {
    const teamId = String(b.team_id ?? '');
    const workspaceId = b.is_enterprise_install === true ? String(b.enterprise_id ?? '') : teamId;
    return { kind: 'ok', team: String(b.team ?? ''), user: String(b.user ?? ''), teamId, workspaceId };
  }
  return { kind: 'refused', error: typeof b.error === 'string' ? b.error : `HTTP ${response.status}` };
}

/** What to tell the user about a refused token. */
export function refusalHelp(error: string): string {
  switch (error) {
    case 'invalid_auth':
    case 'not_authed':
      return 'Slack does not know this token. Copy the Bot User OAuth Token again (OAuth & Permissions).';
    case 'token_revoked':
    case 'token_expired':
      return 'This token was revoked or has expired. Reinstall the app (Install App) and copy the new token.';
    case 'account_inactive':
      return 'The app or its workspace is no longer active. Reinstall the app and copy the new token.';
    default:
      return `Slack refused the token (${error}).`;
  }
}

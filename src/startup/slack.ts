import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App, SocketModeReceiver } from '@slack/bolt';
import { ConfigError } from '../config/load';
import type { Config } from '../config/schema';
import type { WorkspaceLifecycle } from '../domain/workspaces/lifecycle';
import type { Logger } from '../logging';
import { slackErrorCode } from '../slack/errors';

/** Start-up's conversations with Slack: the token checks, Socket Mode, the single workspace's id. */

/** Slack's answers to auth.test that mean the token itself is wrong, not the network. */
const BAD_TOKEN = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
]);

export async function initWithSlack(app: { init(): Promise<void> }, config: Config, logger: Logger): Promise<void> {
  const where = config.slack.apiUrl ?? 'https://slack.com/api/';
  for (let attempt = 1; ; attempt++) {
    try {
      await app.init();
      return;
    } catch (error) {
      const code = slackErrorCode(error);
      if (BAD_TOKEN.has(code)) {
        throw new ConfigError(
          `SLACK_BOT_TOKEN was refused by Slack (${code}). Copy the current Bot User OAuth Token from your Slack app settings → OAuth & Permissions (reinstall the app if it was revoked).`,
        );
      }
      if (attempt >= 3)
        throw new ConfigError(
          `Cannot reach Slack at ${where} to check SLACK_BOT_TOKEN (${code}). Check the network, or SLACK_API_URL if you set it.`,
        );
      logger.warn({ attempt, error: code }, 'auth.test failed; retrying');
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

/** What Socket Mode gives up on at once (it retries anything else): the App-Level Token itself is wrong. */
const BAD_APP_TOKEN = new Set([...BAD_TOKEN, 'user_removed_from_team', 'team_disabled']);

/** Socket Mode's apps.connections.open is the first use of SLACK_APP_TOKEN: its refusal gets the same clear stop as the bot token's. */
export async function openSocketMode(app: { start(): Promise<unknown> }, config: Config): Promise<void> {
  try {
    await app.start();
  } catch (error) {
    const code = slackErrorCode(error);
    if (BAD_APP_TOKEN.has(code))
      throw new ConfigError(
        `SLACK_APP_TOKEN was refused by Slack (${code}) when opening the Socket Mode connection. Copy the App-Level Token (xapp-…) from your Slack app settings → Basic Information → App-Level Tokens; if there is none, generate one with the scope connections:write.`,
      );
    throw new ConfigError(
      `Cannot open the Socket Mode connection at ${config.slack.apiUrl ?? 'https://slack.com/api/'} (${code}). Check the network, or SLACK_API_URL if you set it.`,
    );
  }
}

/**
 * With a bot token: the workspace it belongs to (its organisation for an org-wide token), on file
 * and installed, and rows from before workspaces existed adopted as its own.
 */
export async function adoptSingleWorkspace(
  app: App,
  config: Config,
  lifecycle: WorkspaceLifecycle,
  logger: Logger,
): Promise<string> {
  const who = await app.client.auth.test({ token: config.slack.botToken ?? '' });
  const id = (who.is_enterprise_install ? who.enterprise_id : who.team_id) ?? '';
  if (!id)
    throw new ConfigError(
      'SLACK_BOT_TOKEN: auth.test named no workspace for this token. Copy the Bot User OAuth Token again from your Slack app settings → OAuth & Permissions.',
    );
  const adopted = await lifecycle.single(id, who.team ?? null);
  if (adopted) logger.info({ workspace: id, partners: adopted }, 'the existing partners now belong to this workspace');
  return id;
}

/**
 * Socket Mode with "Add to Slack": the receiver's own HTTP server serves the install paths and
 * /healthz on PORT. Bolt starts it without waiting or listening for errors, so both are done here.
 */
export async function openSocketModeWithInstall(
  app: App,
  receiver: SocketModeReceiver,
  config: Config,
): Promise<number> {
  // Bolt keeps the server private; it is the only way to learn the port PORT=0 gave.
  const server = (receiver as unknown as { httpServer?: Server }).httpServer;
  if (!server) throw new Error('the Socket Mode receiver has no HTTP server for the install paths');
  const listening = new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  await Promise.all([openSocketMode(app, config), listening]);
  return (server.address() as AddressInfo).port;
}

/** The bot token an install gave a workspace, or undefined once it is gone (uninstalled, revoked). */
export async function botTokenOf(lifecycle: WorkspaceLifecycle, workspaceId: string): Promise<string | undefined> {
  const json = await lifecycle.installation(workspaceId);
  if (!json) return undefined;
  // Our own JSON (src/slack/install.ts), Bolt's installation object.
  const token = (JSON.parse(json) as { bot?: { token?: unknown } }).bot?.token;
  return typeof token === 'string' && token ? token : undefined;
}

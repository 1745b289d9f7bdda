import { WebClient } from '@slack/web-api';
import { ConfigError, loadConfig } from '../config/load';
import type { Config } from '../config/schema';
import type { Clock } from '../domain/clock';
import { workspaceDirectory, type WorkspaceServices } from '../domain/workspaces/directory';
import { UnknownWorkspace, workspaceLifecycle, type WorkspaceLifecycle } from '../domain/workspaces/lifecycle';
import { boltLogger, createLogger } from '../logging';
import { slackErrorCode } from '../slack/errors';
import { loadAnswerDefinitions, loadLibrary, loadPlaybookLibrary } from '../startup/libraries';
import { botTokenOf } from '../startup/slack';
import { type Database, databaseOn } from '../store';
import { UNASSIGNED } from '../store/workspaces';
import { openDatabase } from './database';
import { CliError, CliUsageError, type CliIo } from './io';

/**
 * The workspace a data command works on, chosen the way the app would serve it: with
 * SLACK_BOT_TOKEN, the one `auth.test` names; with "Add to Slack" settings, the one `--team` names;
 * with neither, the one the database holds — or, on a database no workspace has used yet, rows
 * that the app makes its own workspace's at its first start. Slack is called only when a token is
 * known: without one, nothing leaves this machine.
 */

export interface CliWorkspace {
  readonly config: Config;
  readonly database: Database;
  readonly lifecycle: WorkspaceLifecycle;
  /** '' (UNASSIGNED) until the app first starts with a token. */
  readonly workspaceId: string;
  /** Which workspace this is, in words, for the output. */
  readonly described: string;
  readonly services: WorkspaceServices;
  readonly libraries: Libraries;
  /** The workspace's bot token and a client for it, when one is known. */
  readonly slack?: { readonly client: WebClient; readonly token: string };
  close(): Promise<void>;
}

type Libraries = {
  library: ReturnType<typeof loadLibrary>;
  playbooks: ReturnType<typeof loadPlaybookLibrary>;
  fields: ReturnType<typeof loadAnswerDefinitions>;
};

export interface WorkspaceOptions {
  /** `--team`: the workspace, by its Slack team (or Enterprise Grid organisation) id. */
  readonly team?: string;
  readonly clock: Clock;
}

/** Bad tokens, as start-up words them: the token itself, not the network. */
const BAD_TOKEN = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired']);

export function cliConfig(env: CliIo['env']): Config {
  try {
    return loadConfig(env, { slack: 'optional' });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
}

function slackClient(config: Config, token: string): WebClient {
  return new WebClient(token, {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
    timeout: 10_000,
    logger: boltLogger(createLogger('silent')),
  });
}

/** The team SLACK_BOT_TOKEN belongs to (its organisation for an org-wide token), as start-up finds it. */
async function tokenWorkspace(client: WebClient, config: Config): Promise<{ id: string; name: string | null }> {
  try {
    const who = await client.auth.test();
    const id = (who.is_enterprise_install ? who.enterprise_id : who.team_id) ?? '';
    if (!id) throw new CliError('SLACK_BOT_TOKEN: auth.test named no workspace for this token. Copy it again.');
    return { id, name: who.team ?? null };
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = slackErrorCode(error);
    if (BAD_TOKEN.has(code))
      throw new CliError(
        `SLACK_BOT_TOKEN was refused by Slack (${code}). Copy the current Bot User OAuth Token from your Slack app settings → OAuth & Permissions, or unset it to work on the database alone.`,
      );
    throw new CliError(
      `Cannot reach Slack at ${config.slack.apiUrl ?? 'https://slack.com/api/'} to check SLACK_BOT_TOKEN (${code}). Check the network, or unset SLACK_BOT_TOKEN to work on the database alone.`,
    );
  }
}

const listed = (rows: readonly { id: string; name: string | null }[]) =>
  rows.map((w) => (w.name ? `${w.id} (${w.name})` : w.id)).join(', ');

async function choose(
  config: Config,
  database: Database,
  lifecycle: WorkspaceLifecycle,
  team: string | undefined,
): Promise<{ id: string; described: string; slack?: { client: WebClient; token: string } }> {
  const token = config.slack.botToken;
  if (token) {
    const client = slackClient(config, token);
    const ws = await tokenWorkspace(client, config);
    if (team && team !== ws.id)
      throw new CliError(`--team ${team} is not the workspace of SLACK_BOT_TOKEN (${ws.id}). Leave --team out.`);
    // What the app does at start: the workspace on file, and rows no workspace had yet made its own.
    await lifecycle.single(ws.id, ws.name);
    return { id: ws.id, described: `${ws.name ?? ws.id} (${ws.id})`, slack: { client, token } };
  }
  const all = await database.workspaces.list();
  if (config.slack.oauth) {
    if (!team)
      throw new CliUsageError(
        `PartnerOS serves several workspaces here (SLACK_CLIENT_ID is set): say which with --team <team id>${all.length ? ` (${listed(all)})` : ''}.`,
      );
    const row = all.find((w) => w.id === team);
    if (!row) {
      const unknown = new UnknownWorkspace(team);
      throw new CliError(`${unknown.message} ${unknown.fix}`);
    }
    const installed = await botTokenOf(lifecycle, team);
    return {
      id: team,
      described: `${row.name ?? team} (${team})`,
      ...(installed ? { slack: { client: slackClient(config, installed), token: installed } } : {}),
    };
  }
  if (team) {
    const row = all.find((w) => w.id === team);
    if (!row)
      throw new CliError(
        `No workspace ${team} is on file${all.length ? `; this database has ${listed(all)}` : ''}. Leave --team out to use the one PartnerOS starts with.`,
      );
    return { id: team, described: `${row.name ?? team} (${team})` };
  }
  const [only, ...others] = all;
  if (only && others.length === 0) return { id: only.id, described: `${only.name ?? only.id} (${only.id})` };
  if (only)
    throw new CliUsageError(
      `This database holds several workspaces (${listed(all)}): say which with --team <team id>.`,
    );
  return { id: UNASSIGNED, described: 'the workspace PartnerOS first starts with (no SLACK_BOT_TOKEN here)' };
}

/** Opens the database, chooses the workspace and builds its services; the caller closes it. */
export async function openWorkspace(io: CliIo, options: WorkspaceOptions): Promise<CliWorkspace> {
  const config = cliConfig(io.env);
  const database = databaseOn(await openDatabase(config.dbPath, 'PARTNEROS_DB', { create: true }));
  try {
    const lifecycle = workspaceLifecycle({ database, clock: options.clock });
    const chosen = await choose(config, database, lifecycle, options.team);
    // Start-up logs the libraries' problems; here they would only hide the answer.
    const quiet = createLogger('silent');
    const library = loadLibrary(config, quiet);
    const playbooks = loadPlaybookLibrary(config, quiet, library);
    const fields = loadAnswerDefinitions(config, quiet, library, playbooks);
    const directory = workspaceDirectory({
      database,
      clock: options.clock,
      defaults: config.company,
      single: !config.slack.oauth,
      library,
      playbooks,
      fields,
    });
    return {
      config,
      database,
      lifecycle,
      workspaceId: chosen.id,
      described: chosen.described,
      services: await directory.services(chosen.id),
      libraries: { library, playbooks, fields },
      ...(chosen.slack ? { slack: chosen.slack } : {}),
      close: () => database.close(),
    };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

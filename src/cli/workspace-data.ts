import { resolve } from 'node:path';
import { ConfigError, databaseTarget, loadCompanyConfig } from '../config/load';
import type { CompanyConfig } from '../config/schema';
import { systemClock } from '../domain/clock';
import { partnerService, type PartnerService } from '../domain/partners/service';
import { effectiveCompany, parseSavedSettings } from '../domain/workspaces/settings';
import { type Database, databaseOn, type Store } from '../store';
import { UNASSIGNED } from '../store/workspaces';
import { openDatabase } from './database';
import { CliError, type CliIo } from './io';
import { checkBotToken } from './slack-auth';

/**
 * What a data command (import, export) works on: the database at PARTNEROS_DB, one workspace of
 * it, that workspace's settings over partneros.yml, and the bot token to reach its Slack with (if
 * any). One workspace (SLACK_BOT_TOKEN): the one on file. Many ("Add to Slack"): `--team` says which.
 */
export interface WorkspaceData {
  readonly database: Database;
  readonly store: Store;
  readonly workspaceId: string;
  readonly company: CompanyConfig;
  readonly partners: PartnerService;
  /** The workspace's bot token, when there is one to use. */
  readonly token: string | undefined;
  readonly apiUrl: string | undefined;
  close(): Promise<void>;
}

const set = (v: string | undefined): string | undefined => (v?.trim() ? v.trim() : undefined);

/** Serving many workspaces: the "Add to Slack" settings without a bot token (as the app decides). */
export const manyWorkspaces = (env: CliIo['env']): boolean =>
  !set(env.SLACK_BOT_TOKEN) &&
  Boolean(set(env.SLACK_CLIENT_ID) && set(env.SLACK_CLIENT_SECRET) && set(env.SLACK_STATE_SECRET));

function companyConfig(io: CliIo): CompanyConfig {
  try {
    return loadCompanyConfig(resolve(io.env.PARTNEROS_CONFIG ?? 'partneros.yml'));
  } catch (error) {
    throw error instanceof ConfigError ? new CliError(error.message) : error;
  }
}

function installedToken(json: string | undefined): string | undefined {
  if (!json) return undefined;
  const token = (JSON.parse(json) as { bot?: { token?: unknown } }).bot?.token;
  return typeof token === 'string' && token ? token : undefined;
}

async function chooseWorkspace(database: Database, io: CliIo, team: string | undefined): Promise<string> {
  const onFile = await database.workspaces.list();
  const listed = onFile.length
    ? `Workspaces on file: ${onFile.map((w) => `${w.id}${w.name ? ` (${w.name})` : ''}`).join(', ')}.`
    : 'No workspace is on file yet: install the app in one first.';
  if (team !== undefined) {
    if (onFile.some((w) => w.id === team)) return team;
    throw new CliError(`--team ${team}: no such workspace on file. ${listed}`);
  }
  if (manyWorkspaces(io.env))
    throw new CliError(`PartnerOS serves several workspaces: say which with --team <team id>. ${listed}`);
  if (onFile.length === 0) return UNASSIGNED; // the workspace adopts these rows when the app first starts
  const [only] = onFile;
  if (only && onFile.length === 1) return only.id;
  const token = set(io.env.SLACK_BOT_TOKEN);
  if (token) {
    const who = await checkBotToken(token, io.env.SLACK_API_URL);
    if (who.kind === 'ok' && onFile.some((w) => w.id === who.teamId)) return who.teamId;
  }
  throw new CliError(`There are several workspaces in this database: say which with --team <team id>. ${listed}`);
}

export async function openWorkspaceData(
  io: CliIo,
  options: { team?: string; create: boolean },
): Promise<WorkspaceData> {
  let target: string;
  try {
    target = databaseTarget(io.env);
  } catch (error) {
    throw error instanceof ConfigError ? new CliError(error.message) : error;
  }
  const defaults = companyConfig(io);
  const database = databaseOn(await openDatabase(target, 'PARTNEROS_DB', { create: options.create }));
  try {
    const workspaceId = await chooseWorkspace(database, io, options.team);
    const row = await database.workspaces.get(workspaceId);
    const company = effectiveCompany(defaults, parseSavedSettings(row?.settings));
    const store = database.workspace(workspaceId);
    const token = manyWorkspaces(io.env)
      ? installedToken(await database.workspaces.installation(workspaceId))
      : set(io.env.SLACK_BOT_TOKEN);
    return {
      database,
      store,
      workspaceId,
      company,
      partners: partnerService({ store, clock: systemClock, company }),
      token,
      apiUrl: set(io.env.SLACK_API_URL),
      close: () => database.close(),
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

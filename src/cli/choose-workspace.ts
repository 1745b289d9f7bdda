import type { Config } from '../config/schema';
import type { WorkspaceLifecycle } from '../domain/workspaces/lifecycle';
import { botTokenOf } from '../startup/slack';
import type { Database } from '../store';
import { UNASSIGNED } from '../store/workspaces';
import { CliError, CliUsageError } from './io';
import { type AuthCheck, checkBotToken } from './slack-auth';
import { workspaceLabel } from './text/format';

/**
 * Which workspace a command works on: one decision, in words of its own, for every command that
 * takes `--team` (demo, run, import, export), so a situation is answered the same way whichever
 * command meets it.
 *
 * - "Add to Slack" (SLACK_CLIENT_ID… and no SLACK_BOT_TOKEN): `--team` names it among those on
 *   file; Slack is reached with the token its install gave.
 * - SLACK_BOT_TOKEN, for a command that acts in Slack (`adopt`: demo, run): the token's workspace,
 *   made the app's own as start-up does (on file, and rows no workspace had yet adopted).
 * - SLACK_BOT_TOKEN, for a data command (import, export): decided from the database when it can
 *   (one workspace on file, or `--team`), so no network is needed; `auth.test` is asked only when
 *   several are on file and no `--team` says which. Nothing is written by choosing.
 * - Neither: the database decides, and nothing leaves this machine.
 *
 * A database no workspace has used yet gives UNASSIGNED: rows the app makes its workspace's at its
 * first start.
 */

export interface WorkspaceChoice {
  readonly id: string;
  readonly name: string | null;
  /** The bot token to reach the workspace's Slack with, when there is one. */
  readonly token?: string;
  /** Why there is none, for a command to say what it skipped. */
  readonly noToken?: string;
}

export interface ChoiceRequest {
  /** `--team`: the workspace's Slack team id (or its organisation's, for an org-wide install). */
  readonly team?: string;
  /** Work in SLACK_BOT_TOKEN's workspace and make it the app's own, as start-up does. */
  readonly adopt: boolean;
}

type OnFile = { readonly id: string; readonly name: string | null };

const TEAM = '--team <team id>';
const NO_BOT_TOKEN = 'SLACK_BOT_TOKEN is not set';

function onFileText(onFile: readonly OnFile[]): string {
  return onFile.length
    ? `Workspaces on file: ${onFile.map(workspaceLabel).join(', ')}.`
    : 'No workspace is on file yet.';
}

/** Several workspaces and nothing to say which: the command line lacks `--team` (exit 2). */
const teamNeeded = (situation: string, onFile: readonly OnFile[]) =>
  new CliUsageError(`${situation}: say which with ${TEAM}. ${onFileText(onFile)}`);

function unknownTeam(team: string, onFile: readonly OnFile[], addToSlack: boolean): CliError {
  const fix = onFile.length
    ? ''
    : addToSlack
      ? ' Install the app in that workspace (through /slack/install) first.'
      : ' Leave --team out: the rows go to the workspace PartnerOS first starts with.';
  return new CliError(`--team ${team}: no workspace ${team} is on file. ${onFileText(onFile)}${fix}`);
}

function tokenTrouble(check: Exclude<AuthCheck, { kind: 'ok' }>): string {
  return check.kind === 'refused'
    ? `Slack refused SLACK_BOT_TOKEN (${check.error})`
    : `Slack could not be reached at ${check.url} to check SLACK_BOT_TOKEN (${check.reason})`;
}

/** SLACK_BOT_TOKEN's workspace, or why it cannot be known, with the fix. */
async function tokenWorkspace(token: string, apiUrl: string | undefined): Promise<OnFile> {
  const check = await checkBotToken(token, apiUrl);
  if (check.kind === 'refused')
    throw new CliError(
      `${tokenTrouble(check)}. Copy the current Bot User OAuth Token from your Slack app settings → OAuth & Permissions, or unset SLACK_BOT_TOKEN to work on the database alone.`,
    );
  if (check.kind === 'unreachable')
    throw new CliError(
      `${tokenTrouble(check)}. Check the network (and SLACK_API_URL, if set), or unset SLACK_BOT_TOKEN to work on the database alone.`,
    );
  if (!check.workspaceId)
    throw new CliError('SLACK_BOT_TOKEN: auth.test named no workspace for this token. Copy the token again.');
  return { id: check.workspaceId, name: check.team || null };
}

export async function chooseWorkspace(
  config: Config,
  database: Database,
  lifecycle: WorkspaceLifecycle,
  request: ChoiceRequest,
): Promise<WorkspaceChoice> {
  const team = request.team?.trim() || undefined;
  const onFile: OnFile[] = (await database.workspaces.list()).map((w) => ({ id: w.id, name: w.name }));
  const find = (id: string) => onFile.find((w) => w.id === id);
  const { botToken, oauth, apiUrl } = config.slack;

  if (oauth) {
    const situation = 'PartnerOS serves several workspaces here ("Add to Slack" settings, no SLACK_BOT_TOKEN)';
    if (!team && onFile.length === 0)
      throw new CliError(
        `${situation}, and none is on file yet: install the app in one (through /slack/install) first, then say which with ${TEAM}.`,
      );
    if (!team) throw teamNeeded(situation, onFile);
    const chosen = find(team);
    if (!chosen) throw unknownTeam(team, onFile, true);
    const token = await botTokenOf(lifecycle, chosen.id);
    return token
      ? { ...chosen, token }
      : { ...chosen, noToken: `${workspaceLabel(chosen)} is not installed (no token on file)` };
  }

  if (botToken && request.adopt) {
    const mine = await tokenWorkspace(botToken, apiUrl);
    if (team && team !== mine.id) {
      if (!find(team)) throw unknownTeam(team, onFile, false);
      throw new CliError(
        `--team ${team} is not the workspace of SLACK_BOT_TOKEN (${workspaceLabel(mine)}), where this command works. Leave --team out, or unset SLACK_BOT_TOKEN to work on ${team} from the database alone.`,
      );
    }
    await lifecycle.single(mine.id, mine.name);
    return { ...mine, token: botToken };
  }

  const withToken = (w: OnFile): WorkspaceChoice =>
    botToken ? { ...w, token: botToken } : { ...w, noToken: NO_BOT_TOKEN };
  if (team) {
    const chosen = find(team);
    if (!chosen) throw unknownTeam(team, onFile, false);
    return withToken(chosen);
  }
  const [only, ...others] = onFile;
  if (!only) return withToken({ id: UNASSIGNED, name: null });
  if (others.length === 0) return withToken(only);
  const several = 'This database holds several workspaces';
  if (!botToken) throw teamNeeded(several, onFile);
  // Only here does the choice need Slack: SLACK_BOT_TOKEN's workspace is the one the app serves.
  const check = await checkBotToken(botToken, apiUrl);
  if (check.kind !== 'ok') throw teamNeeded(`${several}, and ${tokenTrouble(check)}`, onFile);
  const mine = find(check.workspaceId);
  if (!mine)
    throw teamNeeded(
      `${several}, and SLACK_BOT_TOKEN's (${check.workspaceId || 'none named'}) is not one of them`,
      onFile,
    );
  return withToken(mine);
}

import { ConfigError, loadConfig } from '../config/load';
import type { Config } from '../config/schema';
import type { Clock } from '../domain/clock';
import type { WorkspaceServices } from '../domain/workspaces/directory';
import { workspaceLifecycle, type WorkspaceLifecycle } from '../domain/workspaces/lifecycle';
import { createLogger } from '../logging';
import type { loadAnswerDefinitions, loadLibrary, loadPlaybookLibrary } from '../startup/libraries';
import { type Database, databaseOn } from '../store';
import { UNASSIGNED } from '../store/workspaces';
import { chooseWorkspace } from './choose-workspace';
import { openDatabase } from './database';
import { CliError, type CliIo } from './io';
import { workspaceLabel } from './text/format';

/**
 * What a command that works on one workspace (demo, run, import, export) opens: the settings as the
 * app reads them, the database at PARTNEROS_DB, the workspace chosen (src/cli/choose-workspace.ts),
 * and on first use its services over partneros.yml and its own saved settings, with the template
 * and playbook libraries. Those are loaded only when asked for: export reads rows and needs neither.
 */

export interface CliWorkspace {
  readonly config: Config;
  readonly database: Database;
  readonly lifecycle: WorkspaceLifecycle;
  /** '' (UNASSIGNED) until the app first starts with a token. */
  readonly workspaceId: string;
  /** Which workspace this is, in words, for the output. */
  readonly described: string;
  /** The workspace's services (built on first use). */
  services(): Promise<WorkspaceServices>;
  /** The template and playbook libraries and their answer fields (loaded on first use). */
  libraries(): Promise<Libraries>;
  /** The workspace's bot token, when one is known; otherwise why not (for what a command skips). */
  readonly slack: { readonly token: string } | { readonly missing: string };
  close(): Promise<void>;
}

export type Libraries = {
  library: ReturnType<typeof loadLibrary>;
  playbooks: ReturnType<typeof loadPlaybookLibrary>;
  fields: ReturnType<typeof loadAnswerDefinitions>;
};

export interface WorkspaceOptions {
  /** `--team`: the workspace, by its Slack team (or Enterprise Grid organisation) id. */
  readonly team?: string;
  readonly clock: Clock;
  /** Work in SLACK_BOT_TOKEN's workspace and make it the app's own, as start-up does (demo, run). */
  readonly adopt: boolean;
  /** Create a SQLite file that is not there yet, as the app's first start would. */
  readonly create: boolean;
}

/** The app's own settings, with Slack's optional: a command talks to Slack only when a token is set. */
function cliConfig(env: CliIo['env']): Config {
  try {
    return loadConfig(env, { slack: 'optional' });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
}

const once = <T>(make: () => Promise<T>): (() => Promise<T>) => {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make();
    return made;
  };
};

/** Opens the database and chooses the workspace; the caller closes it. */
export async function openWorkspace(io: CliIo, options: WorkspaceOptions): Promise<CliWorkspace> {
  const config = cliConfig(io.env);
  const database = databaseOn(await openDatabase(config.dbPath, 'PARTNEROS_DB', { create: options.create }));
  try {
    const lifecycle = workspaceLifecycle({ database, clock: options.clock });
    const chosen = await chooseWorkspace(config, database, lifecycle, {
      ...(options.team === undefined ? {} : { team: options.team }),
      adopt: options.adopt,
    });
    const libraries = once(async (): Promise<Libraries> => {
      const { loadAnswerDefinitions, loadLibrary, loadPlaybookLibrary } = await import('../startup/libraries');
      // Start-up logs the libraries' problems; here they would only hide the answer.
      const quiet = createLogger('silent');
      const library = loadLibrary(config, quiet);
      const playbooks = loadPlaybookLibrary(config, quiet, library);
      const fields = loadAnswerDefinitions(config, quiet, library, playbooks);
      return { library, playbooks, fields };
    });
    const services = once(async (): Promise<WorkspaceServices> => {
      const [{ workspaceDirectory }, libs] = await Promise.all([import('../domain/workspaces/directory'), libraries()]);
      const directory = workspaceDirectory({
        database,
        clock: options.clock,
        defaults: config.company,
        single: !config.slack.oauth,
        ...libs,
      });
      return directory.services(chosen.id);
    });
    return {
      config,
      database,
      lifecycle,
      workspaceId: chosen.id,
      described:
        chosen.id === UNASSIGNED
          ? 'the workspace PartnerOS first starts with (none is on file yet)'
          : workspaceLabel(chosen),
      services,
      libraries,
      slack: chosen.token ? { token: chosen.token } : { missing: chosen.noToken ?? 'no bot token is known' },
      close: () => database.close(),
    };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

/**
 * The whole app on loopback, for front-door tests: a fake Slack, a temp SQLite file, `startPartnerOS` on
 * PORT=0, and a signed sender bound to its `/slack/events`. `restart()` keeps the DB and the fake, so a
 * test can check what survives a restart.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/domain/clock';
import { startPartnerOS, type RunningApp, type StartOptions } from '../../src/main';
import { dropDatabase, freshDatabase } from './database';
import { startFakeSlack, type FakeSlack } from './fake-slack';
import { type InstallFlow, type InstallOptions, installThroughBrowser } from './install';
import { slackSender, type SlackSender } from './signed-requests';
import { TEST_BOT_TOKEN, type FakeTeam, workspaceKeyOf } from './slack-ids';

export { TEST_BOT_TOKEN } from './slack-ids';

export interface TestAppOptions {
  /** Merged over the defaults below (last wins). */
  env?: Record<string, string>;
  /** PARTNEROS_DB: default a fresh database (see database.ts); pass one to share it between test apps. */
  dbPath?: string;
  clock?: Clock;
  /** Default: a fresh fake, closed by stop(). A given fake is left open. */
  slack?: FakeSlack;
  /** YAML written to `<temp dir>/partneros.yml`; without it PARTNEROS_CONFIG points at a missing file. */
  config?: string;
  /** Reminder outbox tuning (pacing, request timeout), e.g. `{ paceMs: 20 }` to keep a test fast. */
  reminders?: StartOptions['reminders'];
  /** The LLM coach's deadlines, e.g. `{ extractMs: 300, replyMs: 300 }` for a timeout test. */
  coachTimeouts?: StartOptions['coachTimeouts'];
  /** Log lines (JSON, level info and up) go here instead of being silenced. */
  logTo?: NodeJS.WritableStream;
  /**
   * 'one' (default): SLACK_BOT_TOKEN, the test workspace. 'many': "Add to Slack" — SLACK_CLIENT_ID,
   * SLACK_CLIENT_SECRET and SLACK_STATE_SECRET and no bot token; workspaces come in with `install()`.
   */
  workspaces?: 'one' | 'many';
}

/** A workspace installed through the browser flow: its token and a sender for its requests. */
export interface InstalledWorkspace extends InstallFlow {
  readonly team: FakeTeam;
  /** The id PartnerOS files it under (its organisation's for an org-wide install). */
  readonly id: string;
  /** Signed requests from this workspace to the current app (rebound after restart()). */
  readonly send: SlackSender;
  /** Its slice of the database. */
  readonly store: RunningApp['store'];
}

export interface TestApp {
  readonly slack: FakeSlack;
  /** Signed requests to the running app; rebound after restart(). */
  readonly send: SlackSender;
  /** The current app; replaced by restart(). */
  readonly running: RunningApp;
  /** The test workspace's store (one workspace); with many, use `storeOf(id)`. */
  readonly store: RunningApp['store'];
  /** One workspace's slice of the database. */
  storeOf(workspaceId: string): RunningApp['store'];
  /** http://127.0.0.1:PORT: the app's HTTP server (in Socket Mode with "Add to Slack", the install paths' one). */
  readonly baseUrl: string;
  /** Signed requests from another workspace (or organisation) to the current app. */
  sendAs(team: FakeTeam): SlackSender;
  /** "Add to Slack" for `team`, as a browser does it (needs `workspaces: 'many'`). Fails unless the success page came back. */
  install(team: FakeTeam, options?: InstallOptions): Promise<InstalledWorkspace>;
  /** PARTNEROS_DB: a SQLite file or a postgres:// URL. */
  readonly dbPath: string;
  /** The temp dir holding the SQLite file (unless dbPath was given) and config. */
  readonly dir: string;
  /** The env the app was started with. */
  readonly env: Record<string, string>;
  /** Stops the app, closes the fake if this created it, removes the temp dir. */
  stop(): Promise<void>;
  /** Stops the app and starts it again on the same DB, env and fake. */
  restart(): Promise<void>;
}

export const TEST_SIGNING_SECRET = 'test-signing-secret';
/** The Slack app's credentials in "Add to Slack" mode (the fake checks them on oauth.v2.access). */
export const TEST_CLIENT_ID = '1234567890.0987654321';
export const TEST_CLIENT_SECRET = 'test-client-secret';
export const TEST_STATE_SECRET = 'test-state-secret';

export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const dir = await mkdtemp(join(tmpdir(), 'partneros-test-'));
  const ownsSlack = opts.slack === undefined;
  const slack = opts.slack ?? (await startFakeSlack());
  const ownsDb = opts.dbPath === undefined;
  const dbPath = opts.dbPath ?? (await freshDatabase({ dir }));
  const configPath = join(dir, 'partneros.yml');
  if (opts.config !== undefined) await writeFile(configPath, opts.config, 'utf8');
  const many = opts.workspaces === 'many';
  const env: Record<string, string> = {
    ...(many
      ? {
          SLACK_CLIENT_ID: TEST_CLIENT_ID,
          SLACK_CLIENT_SECRET: TEST_CLIENT_SECRET,
          SLACK_STATE_SECRET: TEST_STATE_SECRET,
        }
      : { SLACK_BOT_TOKEN: TEST_BOT_TOKEN }),
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PARTNEROS_DB: dbPath,
    PARTNEROS_CONFIG: configPath,
    PORT: '0',
    // The reminder scheduler still ticks once at start; cron itself stays quiet (midnight, 1 January)
    // so no tick lands in the middle of a test by wall-clock chance. Tests call running.reminders.tickNow().
    PARTNEROS_TICK: '0 0 0 1 1 *',
    ...opts.env,
  };
  // The app is installed in the fake workspace: its tokens are ones the fake knows.
  for (const token of [env.SLACK_BOT_TOKEN, env.SLACK_APP_TOKEN]) if (token) slack.allowToken(token);
  if (env.SLACK_CLIENT_ID && env.SLACK_CLIENT_SECRET)
    slack.setOAuthClient({ clientId: env.SLACK_CLIENT_ID, clientSecret: env.SLACK_CLIENT_SECRET });
  const start = async (): Promise<{ running: RunningApp; send: SlackSender }> => {
    const running = await startPartnerOS(env, {
      clock: opts.clock,
      logLevel: opts.logTo ? 'info' : 'silent',
      logDestination: opts.logTo,
      reminders: opts.reminders,
      coachTimeouts: opts.coachTimeouts,
    });
    const send = slackSender({
      baseUrl: `http://127.0.0.1:${running.port}/slack/events`,
      signingSecret: env.SLACK_SIGNING_SECRET ?? TEST_SIGNING_SECRET,
      apiFake: slack,
    });
    return { running, send };
  };

  let current: { running: RunningApp; send: SlackSender };
  try {
    current = await start();
  } catch (err) {
    if (ownsSlack) await slack.close();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  let stopped = false;
  const baseUrl = () => `http://127.0.0.1:${current.running.port}`;

  return {
    slack,
    dbPath,
    dir,
    env,
    get send() {
      return current.send;
    },
    get running() {
      return current.running;
    },
    get store() {
      if (many) throw new Error('with many workspaces there is no one store: use t.storeOf(workspaceId)');
      return current.running.store;
    },
    storeOf: (workspaceId) => current.running.database.workspace(workspaceId),
    get baseUrl() {
      return baseUrl();
    },
    sendAs: (team) => current.send.as(team),
    async install(team, options) {
      if (!many) throw new Error("install() needs startTestApp({ workspaces: 'many' })");
      const flow = await installThroughBrowser(baseUrl(), slack, team, options);
      if (flow.callback.status !== 200 || !flow.token)
        throw new Error(
          `installing ${team.teamId} failed: HTTP ${flow.callback.status}, token ${flow.token ?? 'none'}\n${flow.callback.html.slice(0, 600)}`,
        );
      const id = workspaceKeyOf(team);
      return {
        ...flow,
        team,
        id,
        get send() {
          return current.send.as(team);
        },
        get store() {
          return current.running.database.workspace(id);
        },
      };
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await current.running.stop();
      } finally {
        if (ownsSlack) await slack.close();
        if (ownsDb) await dropDatabase(dbPath);
        await rm(dir, { recursive: true, force: true });
      }
    },
    async restart() {
      await current.running.stop();
      current = await start();
    },
  };
}

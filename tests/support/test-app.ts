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
import { slackSender, type SlackSender } from './signed-requests';
import { TEST_BOT_TOKEN } from './slack-ids';

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
}

export interface TestApp {
  readonly slack: FakeSlack;
  /** Signed requests to the running app; rebound after restart(). */
  readonly send: SlackSender;
  /** The current app; replaced by restart(). */
  readonly running: RunningApp;
  readonly store: RunningApp['store'];
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

export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const dir = await mkdtemp(join(tmpdir(), 'partneros-test-'));
  const ownsSlack = opts.slack === undefined;
  const slack = opts.slack ?? (await startFakeSlack());
  const ownsDb = opts.dbPath === undefined;
  const dbPath = opts.dbPath ?? (await freshDatabase({ dir }));
  const configPath = join(dir, 'partneros.yml');
  if (opts.config !== undefined) await writeFile(configPath, opts.config, 'utf8');
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
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
      return current.running.store;
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

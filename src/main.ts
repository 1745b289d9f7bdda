import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, healthHandler, type Health } from './app';
import { ConfigError, loadConfig } from './config/load';
import { manifestBotScopes } from './config/manifest';
import type { Config } from './config/schema';
import { systemClock, type Clock } from './domain/clock';
import { parseAnswer } from './domain/coach/answers';
import { guidedCoach } from './domain/coach/guided';
import type { CoachTimeouts } from './domain/coach/llm';
import type { RetryPolicy } from './domain/reminders/delivery';
import { schedulerPresence } from './domain/reminders/lease';
import { reminderSettings } from './domain/reminders/model';
import { reminderProgram } from './domain/reminders/program';
import { workspaceDirectory } from './domain/workspaces/directory';
import { workspaceLifecycle } from './domain/workspaces/lifecycle';
import { coachFromConfig } from './llm/coach';
import { createLogger, type Logger } from './logging';
import type { EnterWorkspace } from './slack/boundary';
import type { SharedDeps } from './slack/deps';
import { installationStore, installPages, workspaceKey } from './slack/install';
import { nameLookup } from './slack/names';
import { deliveryClients } from './slack/reminders/client';
import type { OutboxTuning } from './slack/reminders/outbox';
import { reminderScheduler, type TickReport } from './slack/reminders/scheduler';
import { inWorkspace } from './slack/request-scope';
import { keyedQueue } from './slack/runs/queue';
import { sharedChannelCheck } from './slack/shared-channels';
import { openDatabase } from './startup/database';
import { loadAnswerDefinitions, loadLibrary, loadPlaybookLibrary } from './startup/libraries';
import {
  adoptSingleWorkspace,
  botTokenOf,
  initWithSlack,
  openSocketMode,
  openSocketModeWithInstall,
} from './startup/slack';
import type { Database, Store } from './store';
import { MigrationError } from './store/migrate';
import pkg from '../package.json' with { type: 'json' };

export interface StartOptions {
  /** Defaults to the system clock. */
  clock?: Clock;
  /** Overrides LOG_LEVEL; 'silent' in tests keeps output clean. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Where the JSON log lines go (default stdout): a test reads them back. */
  logDestination?: NodeJS.WritableStream;
  /** Test hooks for the reminder outbox (pacing, concurrency, the delivery request timeout, shorter retries). */
  reminders?: Partial<OutboxTuning> & { timeoutMs?: number; retry?: Partial<RetryPolicy> };
  /** Test hook: the LLM coach's deadlines (a timeout test should not wait 15 s). */
  coachTimeouts?: CoachTimeouts;
}

export interface RunningReminders {
  /** Runs a scheduler tick now (after any running one): what tests call instead of waiting for cron. */
  tickNow(): Promise<TickReport>;
  /** True while this process holds the scheduler lease of its database. */
  holdsLease(): boolean;
}

export interface RunningApp {
  /** The HTTP port actually bound (PORT=0 picks a free one); in Socket Mode the health port. */
  readonly port: number;
  readonly database: Database;
  /** With a bot token, its workspace's store (with many workspaces, that of none: use database.workspace). */
  readonly store: Store;
  readonly config: Config;
  readonly logger: Logger;
  readonly reminders: RunningReminders;
  stop(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 10_000;
const HEALTH_PING_MS = 1_500;

/**
 * Reads the settings, opens and migrates the database, checks the bot token with auth.test and
 * starts serving. Throws ConfigError (bad setting) or MigrationError (bad schema file); the caller
 * prints the message and exits.
 */
export async function startPartnerOS(
  env: Record<string, string | undefined>,
  options: StartOptions = {},
): Promise<RunningApp> {
  const config = loadConfig(env);
  const clock = options.clock ?? systemClock;
  const logger = createLogger(options.logLevel ?? config.logLevel, options.logDestination);
  if (!config.configFileFound)
    logger.info(
      { config: config.configPath },
      'no company config file: using the defaults (see partneros.example.yml)',
    );

  const database = await openDatabase(config.dbPath, clock, logger);
  let serving = false;
  const health = async (): Promise<{ status: number; body: Health }> => {
    // A load balancer asks often and must get an answer quickly: a database that does not answer
    // within a second and a half counts as unreachable.
    const reachable = await Promise.race([
      database.ping(),
      new Promise<false>((resolve) => setTimeout(resolve, HEALTH_PING_MS, false).unref()),
    ]);
    const state = reachable ? 'reachable' : 'unreachable';
    const ok = serving && reachable;
    return { status: ok ? 200 : 503, body: { ok, version: pkg.version, database: state } };
  };
  const single = !config.slack.oauth;
  const library = loadLibrary(config, logger);
  const playbooks = loadPlaybookLibrary(config, logger, library);
  const fields = loadAnswerDefinitions(config, logger, library, playbooks);
  const directory = workspaceDirectory({
    database,
    clock,
    defaults: config.company,
    single,
    library,
    playbooks,
    fields,
    retry: { policy: options.reminders?.retry },
  });
  const lifecycle = workspaceLifecycle({
    database,
    clock,
    settingsChanged: async (id) => (await directory.services(id)).digests.syncChannel(),
  });
  // This process's id in the outbox rows it claims and in the liveness table.
  const presence = schedulerPresence(database, randomUUID());
  const program = reminderProgram({
    database,
    clock,
    settings: reminderSettings(config.company),
    holder: presence.holder,
    workspace: async (id) => {
      const ws = await directory.services(id);
      return { reminders: ws.reminders, digests: ws.digests, active: ws.active };
    },
  });
  if (await program.replanIfSettingsChanged())
    logger.info('reminder settings are new or changed: every partner is planned again at the next tick');
  const names = nameLookup(logger);
  const isSharedChannel = sharedChannelCheck(names);
  const guided = guidedCoach({ templates: () => library.all(), playbooks: () => playbooks.all() });
  const shared: SharedDeps = {
    config,
    clock,
    logger,
    isSharedChannel,
    names,
    lifecycle,
    coach: coachFromConfig(config.llm, guided, parseAnswer, {
      clock,
      logger,
      ...(options.coachTimeouts ? { timeouts: options.coachTimeouts } : {}),
    }),
    runQueue: keyedQueue(),
  };
  logger.info(
    { engine: shared.coach.kind, model: shared.coach.kind === 'llm' ? config.llm.model : null },
    'coach ready',
  );
  // With a bot token, every request is for its workspace (auth.test names it at start-up).
  let singleWorkspace: string | undefined;
  const enter: EnterWorkspace = async (sender, run) => {
    const id = singleWorkspace ?? workspaceKey(sender.context);
    if (!id) throw new Error('the request names no workspace');
    let services = await directory.services(id);
    const user = sender.userId;
    if (
      !single &&
      user &&
      services.own.admins === undefined &&
      !services.company.admins.includes(user) &&
      (await names.isWorkspaceAdmin(sender.client, id, user))
    )
      services = directory.withAdmin(services, user);
    return inWorkspace(shared, services, run);
  };
  const oauth = config.slack.oauth
    ? {
        settings: config.slack.oauth,
        scopes: manifestBotScopes(),
        installationStore: installationStore(lifecycle),
        pages: installPages(logger),
        ...(config.slack.redirectUri ? { redirectUri: config.slack.redirectUri } : {}),
      }
    : undefined;
  const { app, inflight, receiver } = createApp({ shared, health, enter, ...(oauth ? { oauth } : {}) });

  let healthServer: Server | undefined;
  let port: number;
  try {
    if (single) {
      await initWithSlack(app, config, logger);
      singleWorkspace = await adoptSingleWorkspace(app, config, lifecycle, logger);
    } else {
      await app.init();
      const unassigned = await lifecycle.unassignedPartners();
      if (unassigned)
        logger.warn(
          { partners: unassigned },
          'some partners were written before workspaces existed and belong to none yet: start once with SLACK_BOT_TOKEN set to give them to that workspace',
        );
    }
    if (config.slack.appToken && receiver) {
      // "Add to Slack" in Socket Mode: the receiver serves the install paths and /healthz on PORT.
      port = await openSocketModeWithInstall(app, receiver, config);
    } else if (config.slack.appToken) {
      await openSocketMode(app, config);
      healthServer = await listen(createServer(healthHandler(health)), config.port);
      port = (healthServer.address() as AddressInfo).port;
    } else {
      const server = (await app.start(config.port)) as Server;
      port = (server.address() as AddressInfo).port;
    }
  } catch (error) {
    await app.stop().catch(() => undefined);
    await database.close();
    if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
      throw new ConfigError(
        `PORT ${config.port} is already in use by another program. Stop it or set PORT to a free port.`,
      );
    }
    throw error;
  }
  serving = true;
  const { timeoutMs, retry: _retry, ...tuning } = options.reminders ?? {};
  const clients = deliveryClients(config, logger, timeoutMs);
  const scheduler = reminderScheduler({
    presence,
    program,
    workspace: async (id) => {
      const ws = await directory.services(id);
      // Uninstalled: SLACK_BOT_TOKEN is as dead as an install's token (Slack revokes it), until a restart with a good one.
      if (!ws.active) return undefined;
      const token = singleWorkspace === id ? config.slack.botToken : await botTokenOf(lifecycle, id);
      if (!token) return undefined;
      return {
        reminders: ws.reminders,
        client: clients.forToken(token),
        allowInternalInShared: ws.company.privacy.internal_details_in_shared_channels,
      };
    },
    clock,
    logger,
    isSharedChannel,
    tuning,
    tick: config.tick,
    // Slack's message ts and the lease are wall-clock matters, whatever clock the domain runs on.
    wallNow: Date.now,
  });
  scheduler.start();
  logger.info(
    {
      port,
      mode: config.slack.appToken ? 'socket' : 'http',
      db: database.where,
      engine: database.kind,
      workspaces: single ? 'one' : 'many',
      version: pkg.version,
    },
    'PartnerOS is running',
  );

  let stopping: Promise<void> | undefined;
  const stop = () => {
    // npm and tsx can deliver SIGTERM twice: the second call waits for the first.
    stopping ??= (async () => {
      serving = false;
      logger.info({ inflight: inflight.size }, 'shutting down');
      // In parallel with the receiver: posts in flight finish (10 s timeout at most), unposted claims go back, the lease is released.
      const schedulerStopped = scheduler
        .stop()
        .catch((error: unknown) => logger.warn({ err: error }, 'stopping the reminder scheduler failed'));
      await app.stop().catch((error: unknown) => logger.warn({ err: error }, 'stopping the Slack receiver failed'));
      const drained = await inflight.drain(SHUTDOWN_GRACE_MS);
      if (!drained) logger.warn({ inflight: inflight.size }, 'shutdown: some work did not finish in time');
      await schedulerStopped;
      if (healthServer) await new Promise((resolve) => healthServer?.close(resolve));
      await database.close();
      logger.info('stopped');
    })();
    return stopping;
  };
  return {
    port,
    database,
    store: database.workspace(singleWorkspace ?? ''),
    config,
    logger,
    stop,
    reminders: { tickNow: scheduler.tickNow, holdsLease: scheduler.holdsLease },
  };
}

function listen(server: Server, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}

export { ConfigError, MigrationError };

import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, healthHandler, type Health } from './app';
import { ConfigError, loadConfig } from './config/load';
import type { Config } from './config/schema';
import { systemClock, type Clock } from './domain/clock';
import { dedupeService } from './domain/dedupe';
import { partnerService } from './domain/partners/service';
import type { RetryPolicy } from './domain/reminders/delivery';
import { schedulerPresence } from './domain/reminders/lease';
import { reminderService } from './domain/reminders/service';
import { templateLibrary } from './domain/templates/library';
import { loadTemplates, templateRoots } from './domain/templates/load';
import { templateService } from './domain/templates/service';
import { answerDefinitions, definitionProblems, loadFieldCatalogue } from './domain/templates/fields';
import { parseAnswer } from './domain/coach/answers';
import { guidedCoach } from './domain/coach/guided';
import { playbookLibrary } from './domain/playbooks/library';
import { loadPlaybooks, playbookRoots } from './domain/playbooks/load';
import { runService } from './domain/playbooks/runs';
import { coachFromConfig } from './llm/coach';
import type { CoachTimeouts } from './domain/coach/llm';
import { keyedQueue } from './slack/runs/queue';
import { createLogger, type Logger } from './logging';
import { slackErrorCode } from './slack/errors';
import { nameLookup } from './slack/names';
import { deliveryClient } from './slack/reminders/client';
import type { OutboxTuning } from './slack/reminders/outbox';
import { reminderScheduler, type TickReport } from './slack/reminders/scheduler';
import { sharedChannelCheck } from './slack/shared-channels';
import { DatabaseUnreachable, type Engine, MIGRATIONS_DIR, openEngine, reachable, type Store, storeOn } from './store';
import { MigrationError, migrate } from './store/migrate';
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
  readonly store: Store;
  readonly config: Config;
  readonly logger: Logger;
  readonly reminders: RunningReminders;
  stop(): Promise<void>;
}

/** Slack's answers to auth.test that mean the token itself is wrong, not the network. */
const BAD_TOKEN = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
]);

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

  const store = await openDatabase(config.dbPath, clock, logger);
  let serving = false;
  const health = async (): Promise<{ status: number; body: Health }> => {
    // A load balancer asks often and must get an answer quickly: a database that does not answer
    // within a second and a half counts as unreachable.
    const reachable = await Promise.race([
      store.ping(),
      new Promise<false>((resolve) => setTimeout(resolve, HEALTH_PING_MS, false).unref()),
    ]);
    const database = reachable ? 'reachable' : 'unreachable';
    const ok = serving && reachable;
    return { status: ok ? 200 : 503, body: { ok, version: pkg.version, database } };
  };
  // This process's id in the outbox rows it claims and in the liveness table.
  const presence = schedulerPresence(store, randomUUID());
  const partners = partnerService({ store, clock, company: config.company });
  const reminders = reminderService({
    store,
    clock,
    company: config.company,
    partners,
    holder: presence.holder,
    retry: { policy: options.reminders?.retry },
  });
  if (await reminders.replanIfSettingsChanged())
    logger.info('reminder settings are new or changed: every partner is planned again at the next tick');
  const names = nameLookup(logger);
  const isSharedChannel = sharedChannelCheck(names);
  const library = loadLibrary(config, logger);
  const playbooks = loadPlaybookLibrary(config, logger, library);
  const fields = loadAnswerDefinitions(config, logger, library, playbooks);
  const templates = templateService({ store, clock, company: config.company, partners, library, fields });
  const guided = guidedCoach({ templates: () => library.all(), playbooks: () => playbooks.all() });
  const deps = {
    config,
    clock,
    logger,
    partners,
    reminders,
    templates,
    dedupe: dedupeService(store, clock),
    isSharedChannel,
    names,
    runs: runService({ store, clock, company: config.company, partners, playbooks, templates: library }),
    coach: coachFromConfig(config.llm, guided, parseAnswer, {
      clock,
      logger,
      ...(options.coachTimeouts ? { timeouts: options.coachTimeouts } : {}),
    }),
    runQueue: keyedQueue(),
  };
  logger.info({ engine: deps.coach.kind, model: deps.coach.kind === 'llm' ? config.llm.model : null }, 'coach ready');
  const { app, inflight } = createApp(deps, health);

  let healthServer: Server | undefined;
  let port: number;
  try {
    await initWithSlack(app, config, logger);
    if (config.slack.appToken) {
      await openSocketMode(app, config);
      healthServer = await listen(createServer(healthHandler(health)), config.port);
      port = (healthServer.address() as AddressInfo).port;
    } else {
      const server = (await app.start(config.port)) as Server;
      port = (server.address() as AddressInfo).port;
    }
  } catch (error) {
    await app.stop().catch(() => undefined);
    await store.close();
    if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
      throw new ConfigError(
        `PORT ${config.port} is already in use by another program. Stop it or set PORT to a free port.`,
      );
    }
    throw error;
  }
  serving = true;
  const { timeoutMs, retry: _retry, ...tuning } = options.reminders ?? {};
  const scheduler = reminderScheduler({
    presence,
    reminders,
    clock,
    logger,
    isSharedChannel,
    tuning,
    client: deliveryClient(config, logger, timeoutMs),
    allowInternalInShared: config.company.privacy.internal_details_in_shared_channels,
    tick: config.tick,
    // Slack's message ts and the lease are wall-clock matters, whatever clock the domain runs on.
    wallNow: Date.now,
  });
  scheduler.start();
  logger.info(
    {
      port,
      mode: config.slack.appToken ? 'socket' : 'http',
      db: store.where,
      engine: store.kind,
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
      await store.close();
      logger.info('stopped');
    })();
    return stopping;
  };
  return {
    port,
    store,
    config,
    logger,
    stop,
    reminders: { tickNow: scheduler.tickNow, holdsLease: scheduler.holdsLease },
  };
}

/** A template that fails its checks is logged and left out; the app starts with the rest. */
function loadLibrary(config: Config, logger: Logger) {
  const started = performance.now();
  const { templates, problems } = loadTemplates(templateRoots(config.configPath, config.company.templates.folder));
  for (const p of problems)
    logger.warn(
      { kind: 'template', file: p.file, field: p.field },
      `template skipped: ${p.file}: ${p.field}: ${p.message}`,
    );
  logger.info(
    {
      templates: templates.length,
      skipped: new Set(problems.map((p) => p.file)).size,
      ms: Math.round(performance.now() - started),
    },
    'template library loaded',
  );
  return templateLibrary(templates);
}

/** Playbooks whose template or next playbook is missing, or that fail the schema or name an unknown tier, are logged and left out. */
function loadPlaybookLibrary(config: Config, logger: Logger, templates: ReturnType<typeof templateLibrary>) {
  const { playbooks, problems } = loadPlaybooks(
    playbookRoots(config.configPath, config.company.playbooks.folder),
    new Set(templates.all().map((t) => t.id)),
    process.cwd(),
    config.company.tiers.map((t) => t.name),
  );
  for (const p of problems)
    logger.warn(
      { kind: 'playbook', file: p.file, path: p.path },
      `playbook skipped: ${p.file}: ${p.path}: ${p.message}`,
    );
  logger.info({ playbooks: playbooks.length, skipped: new Set(problems.map((p) => p.file)).size }, 'playbooks loaded');
  return playbookLibrary(playbooks);
}

/**
 * One definition per answer: the playbooks' fields, then the field catalogues. A template answer with no
 * definition still renders (as its placeholder); the log says why the fill-in form cannot ask for it.
 */
function loadAnswerDefinitions(
  config: Config,
  logger: Logger,
  templates: ReturnType<typeof templateLibrary>,
  playbooks: ReturnType<typeof playbookLibrary>,
) {
  const catalogue = loadFieldCatalogue(templateRoots(config.configPath, config.company.templates.folder));
  for (const p of [...catalogue.problems, ...definitionProblems(templates.all(), playbooks.all(), catalogue.fields)])
    logger.warn(
      { kind: 'fields', file: p.file, path: p.path },
      `answer definitions: ${p.file}: ${p.path}: ${p.message}`,
    );
  return answerDefinitions(playbooks.all(), catalogue.fields);
}

/**
 * Opens PARTNEROS_DB (a SQLite file or a PostgreSQL URL), waiting a little for a server that is
 * starting, and applies pending migrations. A database that cannot be reached stops start-up with
 * the host, the port and the cause, well within 30 s.
 */
async function openDatabase(target: string, clock: Clock, logger: Logger): Promise<Store> {
  const postgres = {
    onIdleError: (error: Error) =>
      logger.warn({ err: error }, 'a database connection was closed; it is reopened on demand'),
  };
  let engine: Engine | undefined;
  try {
    engine = openEngine(target, { postgres });
    await reachable(engine, 'PARTNEROS_DB');
    await migrate(engine, MIGRATIONS_DIR, () => clock.now().toISOString());
    return storeOn(engine);
  } catch (error) {
    await engine?.close().catch(() => undefined);
    if (error instanceof MigrationError) throw error;
    if (error instanceof DatabaseUnreachable) throw new ConfigError(error.message);
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      `PARTNEROS_DB: cannot open the database ${engine?.where ?? target} (${reason}). Point PARTNEROS_DB at a writable file or a reachable PostgreSQL database.`,
    );
  }
}

async function initWithSlack(app: { init(): Promise<void> }, config: Config, logger: Logger): Promise<void> {
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
async function openSocketMode(app: { start(): Promise<unknown> }, config: Config): Promise<void> {
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

function listen(server: Server, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}

export { ConfigError, MigrationError };

import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, type InstallationStore, SocketModeReceiver } from '@slack/bolt';
import type { OAuthSettings } from './config/schema';
import { boltLogger } from './logging';
import { registerListeners } from './slack';
import { backstop, type EnterWorkspace, listenerBoundary } from './slack/boundary';
import type { SharedDeps } from './slack/deps';
import { INSTALL_PATH, type installPages, REDIRECT_PATH } from './slack/install';
import { requestDeps } from './slack/request-scope';

export interface Health {
  ok: boolean;
  version: string;
  database: 'reachable' | 'unreachable';
}

/** Work a listener is still doing after its ack (notices, posts): shutdown waits for it. */
export class InflightWork {
  private readonly pending = new Set<Promise<unknown>>();
  track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p)).catch(() => undefined);
    return p;
  }
  get size(): number {
    return this.pending.size;
  }
  /** Resolves when everything tracked has settled, or after `ms`. */
  async drain(ms: number): Promise<boolean> {
    const deadline = new Promise<false>((resolve) => setTimeout(resolve, ms, false).unref());
    const all = Promise.allSettled([...this.pending]).then(() => true);
    return Promise.race([all, deadline]);
  }
}

export type HealthCheck = () => Promise<{ status: number; body: Health }>;

export function healthHandler(health: HealthCheck) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    void health().then(
      ({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(body));
      },
      () => {
        res.writeHead(503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify({ ok: false }));
      },
    );
  };
}

/** "Add to Slack": serving many workspaces, each with the token its install gave. */
export interface OAuthParts {
  settings: OAuthSettings;
  scopes: string[];
  installationStore: InstallationStore;
  pages: ReturnType<typeof installPages>;
  /** The address Slack sends the browser back to, when the Slack app names one (SLACK_REDIRECT_URI). */
  redirectUri?: string;
}

export interface AppParts {
  shared: SharedDeps;
  health: HealthCheck;
  enter: EnterWorkspace;
  oauth?: OAuthParts;
}

/**
 * Builds the Bolt app for HTTP (signing secret, POST /slack/events, GET /healthz) or Socket Mode
 * (app token; the health route is served by main.ts, or with "Add to Slack" by the receiver's own
 * HTTP server on PORT, next to the install paths). No logic here: listeners are registered from
 * src/slack.
 */
export function createApp(parts: AppParts): { app: App; inflight: InflightWork; receiver?: SocketModeReceiver } {
  const { shared, oauth } = parts;
  const { slack, port } = shared.config;
  const healthRoute = { path: '/healthz', method: ['GET'], handler: healthHandler(parts.health) };
  const clientOptions = {
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    // The default retries for 30 minutes and stalls shutdown; a short policy and a request timeout.
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
    timeout: 10_000,
  };
  const installerOptions = {
    installPath: INSTALL_PATH,
    redirectUriPath: REDIRECT_PATH,
    // The state is signed with SLACK_STATE_SECRET and expires after ten minutes, so a callback with
    // a state we never issued exchanges no code. It is not also tied to a browser cookie: we keep no
    // sessions, so there is no one's session to protect, and an install started in one browser may
    // finish in another.
    legacyStateVerification: true,
    ...(oauth ? { callbackOptions: { success: oauth.pages.success, failure: oauth.pages.failure } } : {}),
    // Bolt gives the installer the App's client options only when none are given here.
    clientOptions,
    port,
  };
  const installer = oauth
    ? {
        clientId: oauth.settings.clientId,
        clientSecret: oauth.settings.clientSecret,
        stateSecret: oauth.settings.stateSecret,
        scopes: oauth.scopes,
        installationStore: oauth.installationStore,
        ...(oauth.redirectUri ? { redirectUri: oauth.redirectUri } : {}),
        installerOptions,
      }
    : undefined;
  const auth = installer ?? { token: slack.botToken };
  const common = {
    ...auth,
    logger: boltLogger(shared.logger),
    // auth.test runs in init(), where its failure can be reported, not as an unhandled rejection.
    deferInitialization: true,
    // We keep no conversation state in memory (a restart must lose nothing).
    convoStore: false as const,
    // app.error then receives the payload, so the backstop can answer through its response_url.
    extendedErrorHandler: true,
    clientOptions,
  };
  let receiver: SocketModeReceiver | undefined;
  let app: App;
  if (slack.appToken && installer) {
    // The receiver serves the install paths on PORT; /healthz joins them on the same server.
    receiver = new SocketModeReceiver({
      appToken: slack.appToken,
      logger: common.logger,
      ...installer,
      customRoutes: [healthRoute],
    });
    const { token: _none, ...rest } = { token: undefined, ...common };
    app = new App({ ...rest, receiver });
  } else if (slack.appToken) {
    app = new App({ ...common, appToken: slack.appToken, socketMode: true });
  } else {
    app = new App({ ...common, signingSecret: slack.signingSecret ?? '', customRoutes: [healthRoute] });
  }
  const inflight = new InflightWork();
  // Every listener goes through the boundary (resolves the workspace, answers failures, counts work
  // for shutdown); Bolt's error handler catches what escapes it. No global middleware of ours: each
  // runs on every request.
  registerListeners(app, requestDeps(shared), listenerBoundary(shared.logger, inflight, parts.enter));
  backstop(app, shared.logger);
  return { app, inflight, ...(receiver ? { receiver } : {}) };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { App } from '@slack/bolt';
import { boltLogger } from './logging';
import { registerListeners } from './slack';
import { backstop, listenerBoundary } from './slack/boundary';
import type { SlackDeps } from './slack/deps';

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

/**
 * Builds the Bolt app for HTTP (signing secret, POST /slack/events, GET /healthz) or Socket Mode
 * (app token; the health route is served by main.ts). No logic here: listeners are registered
 * from src/slack.
 */
export function createApp(deps: SlackDeps, health: HealthCheck): { app: App; inflight: InflightWork } {
  const { slack } = deps.config;
  const common = {
    token: slack.botToken,
    logger: boltLogger(deps.logger),
    // auth.test runs in init(), where its failure can be reported, not as an unhandled rejection.
    deferInitialization: true,
    // We keep no conversation state in memory (a restart must lose nothing).
    convoStore: false as const,
    // app.error then receives the payload, so the backstop can answer through its response_url.
    extendedErrorHandler: true,
    clientOptions: {
      ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
      // The default retries for 30 minutes and stalls shutdown; a short policy and a request timeout.
      retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
      timeout: 10_000,
    },
  };
  const app = slack.appToken
    ? new App({ ...common, appToken: slack.appToken, socketMode: true })
    : new App({
        ...common,
        signingSecret: slack.signingSecret ?? '',
        customRoutes: [{ path: '/healthz', method: ['GET'], handler: healthHandler(health) }],
      });
  const inflight = new InflightWork();
  // Every listener goes through the boundary (answers failures, counts work for shutdown); Bolt's
  // error handler catches what escapes it. No global middleware of ours: each runs on every request.
  registerListeners(app, deps, listenerBoundary(deps.logger, inflight));
  backstop(app, deps.logger);
  return { app, inflight };
}

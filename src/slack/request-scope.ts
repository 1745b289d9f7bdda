import { AsyncLocalStorage } from 'node:async_hooks';
import type { Config } from '../config/schema';
import type { WorkspaceServices } from '../domain/workspaces/directory';
import type { SharedDeps, SlackDeps } from './deps';

/**
 * The workspace a request is handled for. The listener boundary resolves it from Bolt's verified
 * context (never from what a payload says) and runs the listener inside it; `SlackDeps` then hands
 * every listener that workspace's services, so a listener cannot reach another workspace's data.
 */
const current = new AsyncLocalStorage<{ services: WorkspaceServices; config: Config }>();

/** Thrown when a listener runs outside a request (a bug of ours, not the user's). */
export class NoWorkspace extends Error {
  constructor() {
    super('a workspace service was used outside a request: resolve the workspace first (listenerBoundary)');
    this.name = 'NoWorkspace';
  }
}

function scope() {
  const s = current.getStore();
  if (!s) throw new NoWorkspace();
  return s;
}

export function inWorkspace<T>(shared: SharedDeps, services: WorkspaceServices, fn: () => Promise<T>): Promise<T> {
  const config: Config = { ...shared.config, company: services.company };
  return current.run({ services, config }, fn);
}

/** SlackDeps whose workspace parts are read from the request being handled. */
export function requestDeps(shared: SharedDeps): SlackDeps {
  return {
    clock: shared.clock,
    logger: shared.logger,
    isSharedChannel: shared.isSharedChannel,
    names: shared.names,
    coach: shared.coach,
    runQueue: shared.runQueue,
    lifecycle: shared.lifecycle,
    get config() {
      return scope().config;
    },
    get workspace() {
      return scope().services;
    },
    get partners() {
      return scope().services.partners;
    },
    get templates() {
      return scope().services.templates;
    },
    get reminders() {
      return scope().services.reminders;
    },
    get dedupe() {
      return scope().services.dedupe;
    },
    get runs() {
      return scope().services.runs;
    },
    get reports() {
      return scope().services.reports;
    },
    get digests() {
      return scope().services.digests;
    },
  };
}

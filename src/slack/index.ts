import type { App } from '@slack/bolt';
import * as actions from './actions';
import type { ListenerBoundary } from './boundary';
import * as commands from './commands';
import type { SlackDeps } from './deps';
import * as events from './events';
import * as views from './views';

/** One Bolt listener per kind (events include App Home), each through the listener boundary. */
export function registerListeners(app: App, deps: SlackDeps, boundary: ListenerBoundary): void {
  for (const kind of [commands, events, actions, views]) kind.register(app, deps, boundary);
}

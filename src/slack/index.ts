import type { App } from '@slack/bolt';
import * as actions from './actions';
import * as commands from './commands';
import type { SlackDeps } from './deps';
import * as events from './events';
import * as home from './home';
import * as views from './views';

export function registerListeners(app: App, deps: SlackDeps): void {
  for (const kind of [commands, events, actions, views, home]) kind.register(app, deps);
}

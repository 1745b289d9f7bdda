import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps';
import { partnerCommand } from './partner-command';

export function register(app: App, deps: SlackDeps): void {
  app.command('/partner', partnerCommand(deps));
}

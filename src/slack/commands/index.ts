import type { App } from '@slack/bolt';
import type { ListenerBoundary } from '../boundary';
import type { SlackDeps } from '../deps';
import { partnerCommand } from './partner-command';

export function register(app: App, deps: SlackDeps, boundary: ListenerBoundary): void {
  app.command('/partner', boundary.command(partnerCommand(deps)));
}

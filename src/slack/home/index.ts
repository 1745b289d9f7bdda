import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { HOME_PARTNER_LIMIT, renderHome } from '../blocks/home';
import type { SlackDeps } from '../deps';

export async function publishHome(client: WebClient, deps: SlackDeps, userId: string): Promise<void> {
  const mine = deps.partners.ownedBy(userId, HOME_PARTNER_LIMIT + 1);
  const total = mine.length > HOME_PARTNER_LIMIT ? deps.partners.list({ ownerUserId: userId }, 1).total : mine.length;
  const due = total > 0 ? deps.reminders.listing(userId, undefined, { mine: true }).list : undefined;
  const runs = deps.runs.listing(userId).runs;
  await client.views.publish({
    user_id: userId,
    view: renderHome(mine.slice(0, HOME_PARTNER_LIMIT), total, due, runs),
  });
}

export function register(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const started = performance.now();
    try {
      await publishHome(client, deps, event.user);
      deps.logger.info(
        {
          kind: 'event',
          event: 'app_home_opened',
          user: event.user,
          outcome: 'ok',
          ms: Math.round(performance.now() - started),
        },
        'event',
      );
    } catch (error) {
      deps.logger.error(
        { kind: 'event', event: 'app_home_opened', user: event.user, err: error },
        'home not published',
      );
    }
  });
}

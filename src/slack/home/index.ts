import type { WebClient } from '@slack/web-api';
import { mayImport } from '../../domain/imports/errors';
import { HOME_PARTNER_LIMIT, renderHome } from '../blocks/home';
import type { EventArgs, EventRoute } from '../boundary';
import type { SlackDeps } from '../deps';
import { settingsAccess } from '../../domain/workspaces/settings-access';

export async function publishHome(client: WebClient, deps: SlackDeps, userId: string): Promise<void> {
  const [mine, runs] = await Promise.all([
    deps.partners.ownedBy(userId, HOME_PARTNER_LIMIT + 1),
    deps.runs.listing(userId).then((l) => l.runs),
  ]);
  const total =
    mine.length > HOME_PARTNER_LIMIT ? (await deps.partners.list({ ownerUserId: userId }, 1)).total : mine.length;
  const due = total > 0 ? (await deps.reminders.listing(userId, undefined, { mine: true })).list : undefined;
  await client.views.publish({
    user_id: userId,
    view: renderHome(mine.slice(0, HOME_PARTNER_LIMIT), total, due, runs, {
      settings: settingsAccess(deps.workspace, userId).allowed,
      import: mayImport(deps.workspace.company.admins, userId),
    }),
  });
}

/** The Home tab opened: the user's dashboard, or (from the listener boundary) a tab saying what went wrong. */
export const homeOpened =
  (deps: SlackDeps) =>
  async ({ event, client }: EventArgs): Promise<EventRoute | undefined> => {
    if (event.type !== 'app_home_opened' || event.tab !== 'home') return undefined;
    const user = event.user;
    return {
      name: 'app_home_opened',
      user,
      place: { kind: 'home', userId: user },
      async run() {
        const started = performance.now();
        await publishHome(client, deps, user);
        deps.logger.info(
          { kind: 'event', event: 'app_home_opened', user, outcome: 'ok', ms: Math.round(performance.now() - started) },
          'event',
        );
      },
    };
  };

import type { WebClient } from '@slack/web-api';
import { adminsSource, settingsAccess } from '../../domain/workspaces/settings-access';
import { settingsVersion } from '../../domain/workspaces/settings-changes';
import { formValuesOf } from '../../domain/workspaces/settings-form';
import { renderSettingsRefused } from '../blocks/settings';
import { renderSettingsModal } from '../blocks/settings-modal';
import type { SlackDeps } from '../deps';
import { slackErrorCode } from '../errors';
import { IDS } from '../ids';
import type { ActionHandler } from './reminder';

/**
 * The settings form of the request's workspace, filled with its effective settings. It remembers the
 * workspace and what was saved when it opened, so its submission can be checked against both.
 */
export async function openSettings(
  client: WebClient,
  deps: SlackDeps,
  triggerId: string,
  channelId: string | null,
): Promise<void> {
  const ws = deps.workspace;
  const view = renderSettingsModal(formValuesOf(ws.company), adminsSource(ws), {
    workspaceId: ws.workspaceId,
    version: settingsVersion(ws.own),
    channelId,
  });
  await client.views.open({ trigger_id: triggerId, view });
}

/**
 * **Settings** on App Home: only admins see it, but a Home drawn before the admins changed may still
 * show it, so the rule is checked again; a refusal goes to the person's DM (App Home has no reply URL).
 */
export const openSettingsButton =
  (deps: SlackDeps): ActionHandler =>
  async ({ ack, body, client }) => {
    await ack();
    const actor = body.user.id;
    const access = settingsAccess(deps.workspace, actor);
    if (!access.allowed) {
      deps.logger.info({ kind: 'action', action: IDS.settingsOpen, user: actor, outcome: 'not_allowed' }, 'action');
      await client.chat
        .postMessage({ channel: actor, ...renderSettingsRefused(access) })
        .catch((error: unknown) =>
          deps.logger.warn(
            { kind: 'action', action: IDS.settingsOpen, error: slackErrorCode(error) },
            'refusal not sent',
          ),
        );
      return;
    }
    await openSettings(client, deps, body.trigger_id, null);
    deps.logger.info({ kind: 'action', action: IDS.settingsOpen, user: actor, outcome: 'ok' }, 'action');
  };

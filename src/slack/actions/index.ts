import type { App, BlockAction } from '@slack/bolt';
import { renderAddPartnerModal } from '../blocks/add-partner-modal';
import { renderHelp } from '../blocks/help';
import type { SlackDeps } from '../deps';
import { slackErrorCode } from '../errors';
import { IDS } from '../ids';

export function register(app: App, deps: SlackDeps): void {
  app.action<BlockAction>(IDS.partnerAddOpen, async ({ ack, body, client }) => {
    await ack();
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: renderAddPartnerModal(deps.partners.tiers(), body.user.id) });
      deps.logger.info({ kind: 'action', action: IDS.partnerAddOpen, user: body.user.id, outcome: 'ok' }, 'action');
    } catch (error) {
      deps.logger.warn({ kind: 'action', action: IDS.partnerAddOpen, user: body.user.id, error: slackErrorCode(error) }, 'modal not opened');
    }
  });

  app.action<BlockAction>(IDS.helpOpen, async ({ ack, body, client }) => {
    await ack();
    // From App Home there is no channel to answer in: the help goes to the user's DM with the app.
    const help = renderHelp();
    await client.chat.postMessage({ channel: body.user.id, ...help }).catch((error: unknown) =>
      deps.logger.warn({ kind: 'action', action: IDS.helpOpen, error: slackErrorCode(error) }, 'help not sent'));
  });
}

import type { App, BlockAction } from '@slack/bolt';
import { renderAddPartnerModal } from '../blocks/add-partner-modal';
import { renderEditPartnerModal } from '../blocks/edit-partner-modal';
import { renderHelp } from '../blocks/help';
import type { SlackDeps } from '../deps';
import { slackErrorCode } from '../errors';
import { IDS } from '../ids';
import { renderFailure } from '../outcome';

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

  app.action<BlockAction>(IDS.partnerEditOpen, async ({ ack, body, action, client, respond }) => {
    await ack();
    const id = 'value' in action ? Number(action.value) : Number.NaN;
    try {
      const partner = deps.partners.editable(id, body.user.id);
      await client.views.open({ trigger_id: body.trigger_id, view: renderEditPartnerModal(partner, deps.partners.tiers()) });
      deps.logger.info({ kind: 'action', action: IDS.partnerEditOpen, user: body.user.id, outcome: 'ok' }, 'action');
    } catch (error) {
      const failure = renderFailure(error, deps.logger, { action: IDS.partnerEditOpen });
      deps.logger.warn({ kind: 'action', action: IDS.partnerEditOpen, user: body.user.id, outcome: failure.outcome, error: slackErrorCode(error) }, 'modal not opened');
      await respond({ response_type: 'ephemeral', replace_original: false, ...failure.message }).catch(() => undefined);
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

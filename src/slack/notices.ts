import type { WebClient } from '@slack/web-api';
import type { Change } from '../domain/partners/service';
import { renderChangesNotice, renderNoticeFailed } from './blocks/change';
import type { Message } from './blocks/text';
import type { SlackDeps } from './deps';
import { slackErrorCode } from './errors';
import { publishHome } from './home';

/**
 * After a form is submitted the modal is gone, so the confirmation goes to the user's DM with the
 * app; the changes are announced in the partner's channel, and the user's Home is refreshed.
 */
export async function deliverFormChanges(client: WebClient, deps: SlackDeps, changes: readonly Change[], confirmation: Message, actor: string): Promise<void> {
  const post = async (channel: string, body: Message) => client.chat.postMessage({ channel, ...body, unfurl_links: false });
  await post(actor, confirmation).catch((error: unknown) =>
    deps.logger.warn({ kind: 'view', error: slackErrorCode(error) }, 'confirmation not sent'));
  const channelId = changes[0]?.partner.channelId;
  if (channelId && changes.length) {
    await post(channelId, renderChangesNotice(changes)).catch(async (error: unknown) => {
      const code = slackErrorCode(error);
      deps.logger.warn({ kind: 'notice', channel: channelId, error: code }, 'change notice not posted');
      await post(actor, renderNoticeFailed(channelId, code)).catch(() => undefined);
    });
  }
  await publishHome(client, deps, actor).catch((error: unknown) =>
    deps.logger.warn({ kind: 'view', error: slackErrorCode(error) }, 'home not refreshed'));
}

import type { App, ViewStateValue } from '@slack/bolt';
import { DomainError, DuplicatePartner, InvalidValue } from '../../domain/errors';
import { matchTier, matchType } from '../../domain/partners/model';
import type { Change } from '../../domain/partners/service';
import { renderChangeNotice, renderChangeReply, renderNoticeFailed } from '../blocks/change';
import type { Message } from '../blocks/text';
import type { SlackDeps } from '../deps';
import { slackErrorCode } from '../errors';
import { publishHome } from '../home';
import { IDS } from '../ids';
import { renderFailure } from '../outcome';

type Values = Record<string, Record<string, ViewStateValue>>;

const read = (values: Values, block: string): ViewStateValue | undefined => values[block]?.[IDS.input];

/** Which input a domain error belongs to, so the modal shows it under that field. */
function blockFor(error: DomainError): string {
  if (error instanceof InvalidValue) {
    const byField: Record<string, string> = { tier: IDS.addBlock.tier, type: IDS.addBlock.type, vertical: IDS.addBlock.vertical };
    return byField[error.field] ?? IDS.addBlock.name;
  }
  return IDS.addBlock.name;
}

export function register(app: App, deps: SlackDeps): void {
  app.view(IDS.partnerAddView, async ({ ack, body, view, client }) => {
    const actor = body.user.id;
    const v = view.state.values as Values;
    let change: Change;
    try {
      const tier = read(v, IDS.addBlock.tier)?.selected_option?.value;
      const type = read(v, IDS.addBlock.type)?.selected_option?.value;
      const channelId = read(v, IDS.addBlock.channel)?.selected_conversation ?? undefined;
      const ownerUserId = read(v, IDS.addBlock.owner)?.selected_user ?? undefined;
      const vertical = read(v, IDS.addBlock.vertical)?.value?.trim() || undefined;
      change = deps.partners.add(read(v, IDS.addBlock.name)?.value ?? '', {
        ...(tier ? { tier: matchTier(tier, deps.partners.tiers()) } : {}),
        ...(type ? { type: matchType(type) } : {}),
        ...(ownerUserId ? { ownerUserId } : {}),
        ...(channelId ? { channelId } : {}),
        ...(vertical ? { vertical } : {}),
      }, actor);
    } catch (error) {
      if (error instanceof DomainError) {
        const text = error instanceof DuplicatePartner ? error.message : `${error.message} ${error.fix}`;
        await ack({ response_action: 'errors', errors: { [blockFor(error)]: text.slice(0, 150) } });
        deps.logger.info({ kind: 'view', view: IDS.partnerAddView, user: actor, outcome: error.code }, 'view');
        return;
      }
      await ack({ response_action: 'errors', errors: { [IDS.addBlock.name]: renderFailure(error, deps.logger, { view: IDS.partnerAddView }).message.text.slice(0, 150) } });
      return;
    }
    await ack();
    deps.logger.info({ kind: 'view', view: IDS.partnerAddView, user: actor, outcome: 'ok' }, 'view');
    await afterAdd(client, deps, change, actor);
  });
}

async function afterAdd(client: Parameters<typeof publishHome>[0], deps: SlackDeps, change: Change, actor: string): Promise<void> {
  const post = async (channel: string, body: Message) => client.chat.postMessage({ channel, ...body, unfurl_links: false });
  // The modal has closed: the confirmation goes to the user's DM with the app.
  await post(actor, renderChangeReply(change)).catch((error: unknown) =>
    deps.logger.warn({ kind: 'view', error: slackErrorCode(error) }, 'confirmation not sent'));
  const channelId = change.partner.channelId;
  if (channelId) {
    await post(channelId, renderChangeNotice(change)).catch(async (error: unknown) => {
      const code = slackErrorCode(error);
      deps.logger.warn({ kind: 'notice', channel: channelId, error: code }, 'change notice not posted');
      await post(actor, renderNoticeFailed(channelId, code)).catch(() => undefined);
    });
  }
  await publishHome(client, deps, actor).catch((error: unknown) =>
    deps.logger.warn({ kind: 'view', error: slackErrorCode(error) }, 'home not refreshed'));
}

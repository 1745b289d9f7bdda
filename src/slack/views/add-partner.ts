import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { DomainError } from '../../domain/errors';
import { matchTier, matchType } from '../../domain/partners/model';
import type { Change } from '../../domain/partners/service';
import { renderChangeReply } from '../blocks/change';
import type { SlackDeps } from '../deps';
import { IDS } from '../ids';
import { deliverFormChanges } from '../notices';
import { renderFailure } from '../outcome';
import { fieldErrors, read, type Values } from './form-values';

const B = IDS.addBlock;

/** The Add partner form: the same rules as `/partner add`, errors shown under their field. */
export const addPartnerSubmitted =
  (deps: SlackDeps) =>
  async ({ ack, body, view, client }: SlackViewMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const actor = body.user.id;
    const v = view.state.values as Values;
    let change: Change;
    try {
      const tier = read(v, B.tier)?.selected_option?.value;
      const type = read(v, B.type)?.selected_option?.value;
      const channelId = read(v, B.channel)?.selected_conversation ?? undefined;
      const ownerUserId = read(v, B.owner)?.selected_user ?? undefined;
      const vertical = read(v, B.vertical)?.value?.trim() || undefined;
      change = deps.partners.add(
        read(v, B.name)?.value ?? '',
        {
          ...(tier ? { tier: matchTier(tier, deps.partners.tiers()) } : {}),
          ...(type ? { type: matchType(type) } : {}),
          ...(ownerUserId ? { ownerUserId } : {}),
          ...(channelId ? { channelId } : {}),
          ...(vertical ? { vertical } : {}),
        },
        actor,
      );
    } catch (error) {
      const failure = renderFailure(error, deps.logger, { view: IDS.partnerAddView });
      await ack(
        error instanceof DomainError
          ? fieldErrors(error, { tier: B.tier, type: B.type, vertical: B.vertical }, B.name)
          : { response_action: 'errors', errors: { [B.name]: failure.message.text.slice(0, 150) } },
      );
      deps.logger.info({ kind: 'view', view: IDS.partnerAddView, user: actor, outcome: failure.outcome }, 'view');
      return;
    }
    await ack();
    deps.logger.info({ kind: 'view', view: IDS.partnerAddView, user: actor, outcome: 'ok' }, 'view');
    await deliverFormChanges(client, deps, [change], renderChangeReply(change), actor);
  };

import { matchTier, matchType } from '../../domain/partners/model';
import type { Change } from '../../domain/partners/service';
import { renderChangeReply } from '../blocks/change';
import type { SlackDeps } from '../deps';
import { IDS } from '../ids';
import { deliverFormChanges } from '../notices';
import type { Form } from '../boundary';
import { fieldBlock, read, type Values } from './form-values';

const B = IDS.addBlock;

/** The Add partner form: the same rules as `/partner add`, errors shown under their field (else under the name). */
export const addPartnerForm = (deps: SlackDeps): Form => ({
  fallbackBlock: B.name,
  blockFor: fieldBlock({ tier: B.tier, type: B.type, vertical: B.vertical }),
  async submit({ ack, body, view, client }) {
    const actor = body.user.id;
    const v = view.state.values as Values;
    const tier = read(v, B.tier)?.selected_option?.value;
    const type = read(v, B.type)?.selected_option?.value;
    const channelId = read(v, B.channel)?.selected_conversation ?? undefined;
    const ownerUserId = read(v, B.owner)?.selected_user ?? undefined;
    const vertical = read(v, B.vertical)?.value?.trim() || undefined;
    const change: Change = await deps.partners.add(
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
    await ack();
    deps.logger.info({ kind: 'view', view: IDS.partnerAddView, user: actor, outcome: 'ok' }, 'view');
    await deliverFormChanges(client, deps, [change], renderChangeReply(change), actor);
  },
});

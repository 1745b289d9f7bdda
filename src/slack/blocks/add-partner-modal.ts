import type { ModalView, PlainTextOption } from '@slack/types';
import type { Tier } from '../../config/schema';
import { MAX_NAME_LENGTH, PARTNER_TYPES } from '../../domain/partners/model';
import { IDS } from '../ids';
import { fitView } from './fit';

const option = (text: string, value = text): PlainTextOption => ({ text: { type: 'plain_text', text }, value });

/** The "Add partner" form: the same fields as `/partner add`, without the syntax. */
export function renderAddPartnerModal(tiers: readonly Tier[], ownerUserId: string): ModalView {
  const b = IDS.addBlock;
  const tierOptions = tiers.map((t) => option(t.name));
  const lowest = tierOptions.at(-1);
  return fitView({
    type: 'modal',
    callback_id: IDS.partnerAddView,
    title: { type: 'plain_text', text: 'Add partner' },
    submit: { type: 'plain_text', text: 'Add' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: b.name,
        label: { type: 'plain_text', text: 'Company name' },
        element: {
          type: 'plain_text_input',
          action_id: IDS.input,
          max_length: MAX_NAME_LENGTH,
          placeholder: { type: 'plain_text', text: 'Acme Corp' },
        },
      },
      {
        type: 'input',
        block_id: b.tier,
        label: { type: 'plain_text', text: 'Tier' },
        element: {
          type: 'static_select',
          action_id: IDS.input,
          options: tierOptions,
          ...(lowest ? { initial_option: lowest } : {}),
        },
      },
      {
        type: 'input',
        block_id: b.type,
        optional: true,
        label: { type: 'plain_text', text: 'Type' },
        element: { type: 'static_select', action_id: IDS.input, options: PARTNER_TYPES.map((t) => option(t)) },
      },
      {
        type: 'input',
        block_id: b.owner,
        label: { type: 'plain_text', text: 'Owner' },
        element: { type: 'users_select', action_id: IDS.input, initial_user: ownerUserId },
      },
      {
        type: 'input',
        block_id: b.channel,
        optional: true,
        label: { type: 'plain_text', text: 'Partner channel' },
        hint: { type: 'plain_text', text: 'Changes and reminders are posted here. Invite @PartnerOS to it.' },
        element: {
          type: 'conversations_select',
          action_id: IDS.input,
          filter: { include: ['public', 'private'], exclude_bot_users: true },
        },
      },
      {
        type: 'input',
        block_id: b.vertical,
        optional: true,
        label: { type: 'plain_text', text: 'Vertical' },
        element: {
          type: 'plain_text_input',
          action_id: IDS.input,
          max_length: 60,
          placeholder: { type: 'plain_text', text: 'Healthcare' },
        },
      },
    ],
  });
}

import type { ModalView, PlainTextOption } from '@slack/types';
import type { Tier } from '../../config/schema';
import { MAX_NOTE_LENGTH, MAX_TITLE_LENGTH, STAGES, type Partner } from '../../domain/partners/model';
import { IDS } from '../ids';
import { fitView } from './fit';
import { stageText } from './partner-format';
import { strong } from './text';

const option = (text: string, value = text): PlainTextOption => ({ text: { type: 'plain_text', text }, value });
const plain = (text: string) => ({ type: 'plain_text' as const, text });

export interface EditMetadata {
  partnerId: number;
}

/** "Update partner": every change `/partner` can make, as one form, prefilled with the record. */
export function renderEditPartnerModal(p: Partner, tiers: readonly Tier[]): ModalView {
  const b = IDS.editBlock;
  const tierOptions = tiers.map((t) => option(t.name));
  const stageOptions = STAGES.map((s) => option(stageText(s), s));
  const metadata: EditMetadata = { partnerId: p.id };
  return fitView({
    type: 'modal',
    callback_id: IDS.partnerEditView,
    private_metadata: JSON.stringify(metadata),
    title: plain('Update partner'),
    submit: plain('Save'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `${strong(p.name)} — change what you need; the rest stays as it is.` },
      },
      {
        type: 'input',
        block_id: b.tier,
        label: plain('Tier'),
        element: { type: 'static_select', action_id: IDS.input, options: tierOptions, ...initial(tierOptions, p.tier) },
      },
      {
        type: 'input',
        block_id: b.stage,
        label: plain('Stage'),
        element: {
          type: 'static_select',
          action_id: IDS.input,
          options: stageOptions,
          ...initial(stageOptions, p.stage),
        },
      },
      {
        type: 'input',
        block_id: b.owner,
        optional: true,
        label: plain('Owner'),
        element: {
          type: 'users_select',
          action_id: IDS.input,
          ...(p.ownerUserId ? { initial_user: p.ownerUserId } : {}),
        },
      },
      {
        type: 'input',
        block_id: b.channel,
        optional: true,
        label: plain('Partner channel'),
        hint: plain('Changes and reminders are posted here. Invite @PartnerOS to it.'),
        element: {
          type: 'conversations_select',
          action_id: IDS.input,
          filter: { include: ['public', 'private'], exclude_bot_users: true },
          ...(p.channelId ? { initial_conversation: p.channelId } : {}),
        },
      },
      {
        type: 'input',
        block_id: b.health,
        optional: true,
        label: plain('Health (0–100)'),
        element: {
          type: 'number_input',
          action_id: IDS.input,
          is_decimal_allowed: false,
          min_value: '0',
          max_value: '100',
          ...(p.health === null ? {} : { initial_value: String(p.health) }),
        },
      },
      {
        type: 'input',
        block_id: b.reason,
        optional: true,
        label: plain('Why the health changed'),
        element: { type: 'plain_text_input', action_id: IDS.input, max_length: MAX_NOTE_LENGTH },
      },
      {
        type: 'input',
        block_id: b.note,
        optional: true,
        label: plain('New note'),
        element: { type: 'plain_text_input', action_id: IDS.input, multiline: true, max_length: MAX_NOTE_LENGTH },
      },
      {
        type: 'input',
        block_id: b.milestoneTitle,
        optional: true,
        label: plain('New milestone'),
        element: {
          type: 'plain_text_input',
          action_id: IDS.input,
          max_length: MAX_TITLE_LENGTH,
          placeholder: plain('First joint deal'),
        },
      },
      {
        type: 'input',
        block_id: b.milestoneDue,
        optional: true,
        label: plain('Milestone due'),
        element: { type: 'datepicker', action_id: IDS.input },
      },
    ],
  });
}

function initial(options: PlainTextOption[], value: string): { initial_option?: PlainTextOption } {
  const found = options.find((o) => o.value === value);
  return found ? { initial_option: found } : {};
}

/** The button that opens the form, for `show` and App Home. */
export const editPartnerButton = (p: Partner) => ({
  type: 'button' as const,
  action_id: IDS.partnerEditOpen,
  value: String(p.id),
  text: plain('Update partner'),
  accessibility_label: 'Update this partner',
});

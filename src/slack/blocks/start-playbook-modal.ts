import type { ActionsBlockElement, KnownBlock, ModalView } from '@slack/types';
import type { Partner } from '../../domain/partners/model';
import type { Playbook } from '../../domain/playbooks/schema';
import { IDS } from '../ids';
import { fitView } from './fit';
import { esc } from './text';

/** Who the form is for, when opened from a partner card; travels in private_metadata. */
export interface StartTarget {
  partnerId: number | null;
}

export const startPlaybookButton = (p?: Partner): ActionsBlockElement => ({
  type: 'button',
  action_id: IDS.runStartOpen,
  text: { type: 'plain_text', text: 'Start a playbook' },
  ...(p ? { value: String(p.id) } : {}),
});

/** Pick a playbook (and, from App Home, type the partner): the form instead of `/partner run <playbook> <partner>`. */
export function renderStartPlaybookModal(playbooks: readonly Playbook[], partner: Partner | null): ModalView {
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: partner
          ? `For *${esc(partner.name)}*. The coach starts a thread ${partner.channelId ? `in <#${partner.channelId}>` : 'in your DM with PartnerOS (the partner has no channel)'}.`
          : 'The coach starts a thread in the partner’s channel, or in your DM with PartnerOS when it has none.',
      },
    },
    {
      type: 'input',
      block_id: IDS.startBlock.playbook,
      label: { type: 'plain_text', text: 'Playbook' },
      element: {
        type: 'static_select',
        action_id: IDS.input,
        placeholder: { type: 'plain_text', text: 'Choose a playbook' },
        options: playbooks.map((p) => ({
          text: { type: 'plain_text' as const, text: `${p.name} (${p.steps.length} steps)` },
          value: p.id,
        })),
      },
    },
  ];
  if (!partner) {
    blocks.push({
      type: 'input',
      block_id: IDS.startBlock.partner,
      label: { type: 'plain_text', text: 'Partner' },
      hint: {
        type: 'plain_text',
        text: 'Its name as recorded (see /partner list). A new company is added as a prospect for Recruit.',
      },
      element: {
        type: 'plain_text_input',
        action_id: IDS.input,
        max_length: 100,
        placeholder: { type: 'plain_text', text: 'Acme Corp' },
      },
    });
  }
  return fitView({
    type: 'modal',
    callback_id: IDS.runStartView,
    private_metadata: JSON.stringify({ partnerId: partner?.id ?? null } satisfies StartTarget),
    title: { type: 'plain_text', text: 'Start a playbook' },
    submit: { type: 'plain_text', text: 'Start' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  });
}

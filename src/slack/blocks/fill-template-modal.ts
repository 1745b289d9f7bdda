import type { ActionsBlockElement, ModalView } from '@slack/types';
import type { Partner } from '../../domain/partners/model';
import type { CategoryGroup } from '../../domain/templates/library';
import { IDS } from '../ids';
import { fitView } from './fit';
import { esc } from './text';

/** Where the filled file goes once the form is submitted; travels in private_metadata. */
export interface FillTarget {
  partnerId: number;
  channelId: string | null;
}

export const fillTemplateButton = (p: Partner): ActionsBlockElement => ({
  type: 'button',
  action_id: IDS.templateFillOpen,
  value: String(p.id),
  text: { type: 'plain_text', text: 'Fill a template' },
});

/** Pick a template for this partner: every template, grouped by category (fitView keeps it within Slack's 100 options a group). */
export function renderFillTemplateModal(
  partner: Partner,
  groups: readonly CategoryGroup[],
  target: FillTarget,
): ModalView {
  const optionGroups = groups.map((g) => ({
    label: { type: 'plain_text' as const, text: g.category.charAt(0).toUpperCase() + g.category.slice(1) },
    options: g.templates.map((t) => ({
      text: { type: 'plain_text' as const, text: t.title },
      value: t.id,
    })),
  }));
  return fitView({
    type: 'modal',
    callback_id: IDS.templateFillView,
    private_metadata: JSON.stringify(target),
    title: { type: 'plain_text', text: 'Fill a template' },
    submit: { type: 'plain_text', text: 'Fill' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `For *${esc(partner.name)}*. The filled document is posted as a file ${target.channelId ? `in <#${target.channelId}>` : 'in your DM with PartnerOS'}, with what is still missing.`,
        },
      },
      {
        type: 'input',
        block_id: IDS.fillBlock.template,
        label: { type: 'plain_text', text: 'Template' },
        element: {
          type: 'static_select',
          action_id: IDS.input,
          placeholder: { type: 'plain_text', text: 'Choose a template' },
          option_groups: optionGroups,
        },
      },
    ],
  });
}

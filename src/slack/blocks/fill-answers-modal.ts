import type { ActionsBlock, Button, InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { MAX_TEXT_ANSWER } from '../../domain/coach/answers';
import { rangeText } from '../../domain/coach/numbers';
import type { Partner } from '../../domain/partners/model';
import type { FieldDefinition } from '../../domain/templates/fields';
import type { FormFields } from '../../domain/templates/service';
import type { Template } from '../../domain/templates/schema';
import { IDS } from '../ids';
import { fitView } from './fit';
import { esc } from './text';

/**
 * "Fill in N missing values": a document's missing answers as a Slack form, one input per value, typed as
 * the playbook field that defines it (date picker, number, choice, person). What is typed is saved as the
 * partner's answers and the document is rendered again as a new version.
 */

/** What the button and the form carry: the document, the partner and the channel the new version goes to. */
export interface FillAnswersTarget {
  templateId: string;
  partnerId: number;
  channelId: string | null;
}

export const encodeFillTarget = (t: FillAnswersTarget): string =>
  JSON.stringify({ t: t.templateId, p: t.partnerId, c: t.channelId });

export function decodeFillTarget(raw: string | undefined): FillAnswersTarget | null {
  try {
    const v = JSON.parse(raw ?? '') as { t?: unknown; p?: unknown; c?: unknown };
    if (typeof v.t !== 'string' || typeof v.p !== 'number') return null;
    return { templateId: v.t, partnerId: v.p, channelId: typeof v.c === 'string' ? v.c : null };
  } catch {
    return null;
  }
}

export const answerBlockId = (fieldId: string): string => `${IDS.answerBlock}${fieldId}`;

/** The button under a document that still misses answers; null when there is nothing the form can ask. */
export function fillAnswersButton(count: number, target: FillAnswersTarget): ActionsBlock | null {
  if (count === 0) return null;
  const button: Button = {
    type: 'button',
    action_id: IDS.templateAnswersOpen,
    text: { type: 'plain_text', text: `Fill in ${count} missing value${count === 1 ? '' : 's'}` },
    value: encodeFillTarget(target),
    style: 'primary',
  };
  return { type: 'actions', block_id: IDS.templateAnswersOpen, elements: [button] };
}

// fitView clips every text to the limit of the place it sits in.
const plain = (text: string) => ({ type: 'plain_text' as const, text });

function element(field: FieldDefinition): InputBlock['element'] {
  const action_id = IDS.input;
  switch (field.type) {
    case 'date':
      return { type: 'datepicker', action_id };
    case 'user':
      return { type: 'users_select', action_id };
    case 'url':
      return { type: 'url_text_input', action_id };
    case 'email':
      return { type: 'email_text_input', action_id };
    case 'choice': {
      const options: PlainTextOption[] = (field.choices ?? [])
        // The value is read back as the answer: choices are at most 60 characters (the playbook schema and
        // tier names), within Slack's option value limit, so it is the choice itself, never cut.
        .map((c) => ({ text: plain(c), value: c }));
      return { type: 'static_select', action_id, options };
    }
    case 'number':
      return {
        type: 'number_input',
        action_id,
        is_decimal_allowed: true,
        ...(field.min !== undefined ? { min_value: String(field.min) } : {}),
        ...(field.max !== undefined ? { max_value: String(field.max) } : {}),
      };
    case 'text':
      return { type: 'plain_text_input', action_id, multiline: true, max_length: MAX_TEXT_ANSWER };
  }
}

function input(field: FieldDefinition): InputBlock {
  const range = rangeText(field);
  return {
    type: 'input',
    block_id: answerBlockId(field.id),
    optional: true,
    label: plain(field.question),
    ...(range ? { hint: plain(`A number from ${range}`) } : {}),
    element: element(field),
  };
}

/** The form: what it is for, one input per missing value (at most the form limit), and a note on the rest. */
export function renderFillAnswersModal(
  template: Template,
  partner: Partner,
  form: FormFields,
  target: FillAnswersTarget,
): ModalView {
  const intro = `*${esc(template.title)}* for *${esc(partner.name)}*. Fill in what you know and leave the rest empty: the values are saved for ${esc(partner.name)}, used by later documents and playbook runs, and the document is filled again as a new version.`;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: intro } }];
  blocks.push(...form.fields.map(input));
  if (form.more > 0)
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${form.more} more value${form.more === 1 ? '' : 's'} after these: the next version of the document offers them.`,
        },
      ],
    });
  return fitView({
    type: 'modal',
    callback_id: IDS.templateAnswersView,
    private_metadata: encodeFillTarget(target),
    title: plain('Fill in values'),
    submit: plain('Save and fill'),
    close: plain('Cancel'),
    blocks,
  });
}

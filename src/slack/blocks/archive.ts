import type { Partner } from '../../domain/partners/model';
import { IDS } from '../ids';
import { clip, context, esc, LIMITS, message, section, strong, type Message } from './text';

/** What archiving does, said before the button is pressed. */
const WHAT_ARCHIVE_DOES =
  'Archiving keeps its record, notes and history, but hides it from lists and App Home, stops its reminders and playbooks, and no one can change it afterwards.';

/**
 * `archive` with a name that only fits a partner: nothing is archived yet. The button names the
 * partner by id, so it archives exactly the one shown here whatever is added meanwhile.
 */
export function renderArchiveConfirm(partner: Partner, typed: string): Message {
  const question = `Archive ${strong(partner.name)}? “${esc(typed)}” is not its exact name, so I am checking first.`;
  return message(`Archive ${esc(partner.name)}? Press the button to confirm.`, [
    section(`:question: ${question}`),
    context(WHAT_ARCHIVE_DOES),
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: IDS.partnerArchive,
          value: String(partner.id),
          style: 'danger',
          text: { type: 'plain_text', text: clip(`Archive ${partner.name}`, LIMITS.buttonText) },
          accessibility_label: clip(`Archive ${partner.name}`, LIMITS.buttonText),
        },
      ],
    },
  ]);
}

/** The confirmation pressed again, or after someone else archived the partner: nothing changed. */
export function renderAlreadyArchived(partner: Partner): Message {
  const text = `${strong(partner.name)} is already archived — nothing changed.`;
  return message(`${esc(partner.name)} is already archived — nothing changed.`, [section(text)]);
}

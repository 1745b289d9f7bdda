import type { ActionsBlockElement } from '@slack/types';
import type { AdminsSource, SettingsAccess } from '../../domain/workspaces/settings-access';
import type { SettingChange } from '../../domain/workspaces/settings-changes';
import { IDS } from '../ids';
import { labelOf } from './settings-modal';
import { context, esc, escClip, linesToSections, message, section, user, type Message } from './text';

export const settingsButton = (): ActionsBlockElement => ({
  type: 'button',
  action_id: IDS.settingsOpen,
  text: { type: 'plain_text', text: 'Settings' },
});

/** Slack shows at most this many people in one refusal; the rest are counted. */
const SHOWN_ADMINS = 10;

const HOW: Record<AdminsSource, string> = {
  saved: 'Ask one of them to add you under *Admins* in `/partner settings`.',
  file: 'Ask one of them to add you under *Admins* in `/partner settings`, or whoever runs PartnerOS to add your member ID under `admins` in partneros.yml.',
  installer:
    'Ask one of them to add you under *Admins* in `/partner settings`. Until an admins list is saved, Slack’s workspace admins and owners are PartnerOS admins too.',
};

/** Not an admin: who is, and how to become one. Mentions are ours (ids from the settings), never user text. */
export function renderSettingsRefused(access: Extract<SettingsAccess, { allowed: false }>): Message {
  const shown = access.admins.slice(0, SHOWN_ADMINS).map(user);
  const more = access.admins.length > SHOWN_ADMINS ? ` and ${access.admins.length - SHOWN_ADMINS} more` : '';
  return message('Only PartnerOS admins can change the settings.', [
    section(`:lock: Only PartnerOS admins can change the settings: ${shown.join(', ')}${more}.\n${HOW[access.source]}`),
  ]);
}

export const renderSettingsOpening = (): Message =>
  message('Opening the settings…', [section(':gear: Opening the settings of this workspace…')]);

// A long value proposition is shown in part: the form holds all of it.
const shownValue = (v: string | null): string => (v === null ? '_not set_' : `“${escClip(v, 300)}”`);

function changeLine(c: SettingChange): string {
  switch (c.kind) {
    case 'value':
      return `• *${labelOf(c.field)}*: ${shownValue(c.from)} → ${shownValue(c.to)}`;
    case 'tierAdded':
      return `• *Tier added*: ${esc(c.name)} (a QBR every ${c.months} month${c.months === 1 ? '' : 's'})`;
    case 'tierRemoved':
      return `• *Tier removed*: ${esc(c.name)} — its partners keep it (QBRs at the lowest tier’s pace) until you change theirs with \`/partner tier\``;
    case 'tierRenamed':
      return `• *Tier renamed*: ${esc(c.from)} → ${esc(c.to)}`;
    case 'tierCadence':
      return `• *${esc(c.name)}*: a QBR every ${c.from} → ${c.to} months`;
    case 'tierOrder':
      return `• *Tiers, highest first*: ${c.order.map(esc).join(', ')} (a new partner gets ${esc(c.order.at(-1) ?? '')})`;
    case 'admins':
      return `• *Admins*: ${[
        c.added.length ? `added ${c.added.map(user).join(', ')}` : '',
        c.removed.length ? `removed ${c.removed.map(user).join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ')}`;
    case 'digestChannel':
      return `• *${labelOf('digest.channel')}*: ${c.from ? `<#${c.from}>` : '_none_'} → ${c.to ? `<#${c.to}>` : '_none_ (no channel digest)'}`;
  }
}

/** What the person who saved the settings is told: each change, or that there was none. */
export function renderSettingsSaved(changes: readonly SettingChange[]): Message {
  if (changes.length === 0)
    return message('Settings: nothing changed.', [
      section(':white_check_mark: Nothing changed: the settings are as they were.'),
    ]);
  return message(`Settings saved for this workspace: ${changes.length} change${changes.length === 1 ? '' : 's'}.`, [
    section(':white_check_mark: *Settings saved for this workspace*'),
    ...linesToSections(changes.map(changeLine)),
    context(
      'They apply at once, in this workspace only: documents, `/partner add`, reminders and the weekly digest (planned again) and who may change what.',
    ),
  ]);
}

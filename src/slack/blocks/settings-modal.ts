import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { DAY_NAMES } from '../../domain/digest/model';
import { WEEKDAYS } from '../../config/schema';
import type { AdminsSource } from '../../domain/workspaces/settings-access';
import { hourText } from '../../domain/workspaces/settings-changes';
import type { CompanyField, SettingsField, SettingsFormValues } from '../../domain/workspaces/settings-form';
import { IDS } from '../ids';
import { fitView } from './fit';
import { context, header } from './text';

/** What the form carries to its submission: the workspace it was opened in, what was saved then, where to answer. */
export interface SettingsTarget {
  /** The workspace the form was opened in: a submission from another is refused. */
  workspaceId: string;
  /** settingsVersion of what the workspace had saved when the form opened. */
  version: string;
  /** Where `/partner settings` was typed (the confirmation goes there); null from App Home (a DM). */
  channelId: string | null;
}

export const settingsBlockId = (field: SettingsField): string => `${IDS.settingsBlock}${field}`;

type LabelledField =
  | CompanyField
  | 'admins'
  | 'reminders.hour'
  | 'reminders.timezone'
  | 'reminders.working_days'
  | 'digest.channel'
  | 'digest.day'
  | 'digest.hour';

/** The label of each setting, in the form and in the confirmation of what changed. */
export const SETTING_LABELS: Record<LabelledField, string> = {
  'company.name': 'Company name',
  'company.website': 'Website',
  'company.product': 'Product',
  'company.value_proposition': 'Value proposition',
  'company.currency': 'Currency',
  'company.contact.name': 'Partner contact: name',
  'company.contact.email': 'Partner contact: e-mail',
  admins: 'Admins',
  'reminders.hour': 'Reminder hour',
  'reminders.timezone': 'Time zone',
  'reminders.working_days': 'Working days',
  'digest.channel': 'Digest channel',
  'digest.day': 'Digest day',
  'digest.hour': 'Digest hour',
};

const isLabelled = (field: SettingsField): field is LabelledField => field in SETTING_LABELS;

/** A tier row's inputs have no label of their own here: changes to tiers are told tier by tier. */
export const labelOf = (field: SettingsField): string => (isLabelled(field) ? SETTING_LABELS[field] : field);

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const option = (text: string, value: string): PlainTextOption => ({ text: plain(text), value });

const DAY_LABELS: Record<string, string> = DAY_NAMES;

const COMPANY_INPUTS: {
  field: CompanyField;
  placeholder: string;
  hint?: string;
  multiline?: boolean;
  email?: boolean;
}[] = [
  { field: 'company.name', placeholder: 'Acme Cloud' },
  { field: 'company.website', placeholder: 'acme.example' },
  {
    field: 'company.product',
    placeholder: 'Acme Data Platform',
    hint: 'What your partners sell, refer or integrate with.',
  },
  { field: 'company.value_proposition', placeholder: 'What your product does for customers', multiline: true },
  { field: 'company.currency', placeholder: 'USD', hint: 'ISO 4217 code for amounts in documents (USD, EUR, GBP…).' },
  { field: 'company.contact.name', placeholder: 'Dana Lee', hint: 'Who partners contact at your company.' },
  { field: 'company.contact.email', placeholder: 'dana@acme.example', email: true },
];

function companyInput(spec: (typeof COMPANY_INPUTS)[number], value: string): InputBlock {
  const initial = value ? { initial_value: value } : {};
  return {
    type: 'input',
    block_id: settingsBlockId(spec.field),
    optional: true,
    label: plain(SETTING_LABELS[spec.field]),
    ...(spec.hint ? { hint: plain(spec.hint) } : {}),
    element: spec.email
      ? { type: 'email_text_input', action_id: IDS.input, placeholder: plain(spec.placeholder), ...initial }
      : {
          type: 'plain_text_input',
          action_id: IDS.input,
          placeholder: plain(spec.placeholder),
          ...(spec.multiline ? { multiline: true } : {}),
          ...initial,
        },
  };
}

function tierInputs(row: SettingsFormValues['tiers'][number], i: number): InputBlock[] {
  return [
    {
      type: 'input',
      block_id: settingsBlockId(`tiers.${i}.name`),
      optional: true,
      label: plain(`Tier ${i + 1}: name`),
      ...(i === 0
        ? { hint: plain('Highest first; a new partner gets the last one. Clear a row to remove its tier.') }
        : {}),
      element: {
        type: 'plain_text_input',
        action_id: IDS.input,
        max_length: 40,
        placeholder: plain('A new tier, e.g. Platinum'),
        ...(row.name ? { initial_value: row.name } : {}),
      },
    },
    {
      type: 'input',
      block_id: settingsBlockId(`tiers.${i}.qbr_every_months`),
      optional: true,
      label: plain(`Tier ${i + 1}: a QBR every … months`),
      element: {
        type: 'number_input',
        action_id: IDS.input,
        is_decimal_allowed: false,
        min_value: '1',
        max_value: '36',
        placeholder: plain('1 to 36'),
        ...(row.qbr_every_months ? { initial_value: row.qbr_every_months } : {}),
      },
    },
  ];
}

const ADMIN_HINTS: Record<AdminsSource, string> = {
  saved:
    'Only admins may open these settings. With admins, only they and a partner’s owner may change that partner; with none, everyone may.',
  file: 'From partneros.yml until saved here. Only admins may open these settings. With admins, only they and a partner’s owner may change that partner; with none, everyone may.',
  installer:
    'Until a list is saved here, the person who installed PartnerOS and Slack’s workspace admins and owners are the admins. Only admins may open these settings or change others’ partners.',
};

const hourOptions = (): PlainTextOption[] => Array.from({ length: 24 }, (_, h) => option(hourText(h), String(h)));
const dayOptions = (): PlainTextOption[] => WEEKDAYS.map((d) => option(DAY_LABELS[d] ?? d, d));

function reminderInputs(values: SettingsFormValues): KnownBlock[] {
  const hours = hourOptions();
  const days = dayOptions();
  const checked = days.filter((o) => values.working_days.includes(o.value ?? ''));
  const hour = hours.find((o) => o.value === values.hour);
  return [
    {
      type: 'input',
      block_id: settingsBlockId('reminders.hour'),
      label: plain(SETTING_LABELS['reminders.hour']),
      hint: plain('In each recipient’s own time zone (their Slack profile), else the time zone below.'),
      element: {
        type: 'static_select',
        action_id: IDS.input,
        options: hours,
        ...(hour ? { initial_option: hour } : {}),
      },
    },
    {
      type: 'input',
      block_id: settingsBlockId('reminders.timezone'),
      label: plain(SETTING_LABELS['reminders.timezone']),
      hint: plain(
        'An IANA time zone such as America/New_York or Europe/Berlin: for people whose zone Slack does not give, and for dates such as “next friday”.',
      ),
      element: {
        type: 'plain_text_input',
        action_id: IDS.input,
        max_length: 64,
        placeholder: plain('America/New_York'),
        ...(values.timezone ? { initial_value: values.timezone } : {}),
      },
    },
    {
      type: 'input',
      block_id: settingsBlockId('reminders.working_days'),
      label: plain(SETTING_LABELS['reminders.working_days']),
      hint: plain('A reminder due on another day goes out on the next working day.'),
      element: {
        type: 'checkboxes',
        action_id: IDS.input,
        options: days,
        ...(checked.length ? { initial_options: checked } : {}),
      },
    },
  ];
}

function digestInputs(values: SettingsFormValues['digest']): KnownBlock[] {
  const day = dayOptions().find((o) => o.value === values.day);
  const hour = hourOptions().find((o) => o.value === values.hour);
  return [
    {
      type: 'input',
      block_id: settingsBlockId('digest.channel'),
      optional: true,
      label: plain(SETTING_LABELS['digest.channel']),
      hint: plain(
        'The whole program’s week (wins, risks, QBRs, stalled runs) is posted here. Invite @PartnerOS to it. Empty: no channel digest; people can still ask for theirs with /partner digest on.',
      ),
      element: {
        type: 'conversations_select',
        action_id: IDS.input,
        placeholder: plain('No channel digest'),
        filter: { include: ['public', 'private'], exclude_bot_users: true },
        ...(values.channel ? { initial_conversation: values.channel } : {}),
      },
    },
    {
      type: 'input',
      block_id: settingsBlockId('digest.day'),
      label: plain(SETTING_LABELS['digest.day']),
      element: {
        type: 'static_select',
        action_id: IDS.input,
        options: dayOptions(),
        ...(day ? { initial_option: day } : {}),
      },
    },
    {
      type: 'input',
      block_id: settingsBlockId('digest.hour'),
      label: plain(SETTING_LABELS['digest.hour']),
      hint: plain('In the time zone above for the channel; a DM comes at this hour in its reader’s own time zone.'),
      element: {
        type: 'static_select',
        action_id: IDS.input,
        options: hourOptions(),
        ...(hour ? { initial_option: hour } : {}),
      },
    },
  ];
}

/** The settings form, filled with the workspace's effective settings. */
export function renderSettingsModal(
  values: SettingsFormValues,
  source: AdminsSource,
  target: SettingsTarget,
): ModalView {
  const blocks: KnownBlock[] = [
    context(
      'For this workspace only. What you change here replaces partneros.yml’s value for this workspace; what you leave as it is keeps following the file.',
    ),
    header('Company'),
    ...COMPANY_INPUTS.map((spec) => companyInput(spec, values.company[spec.field])),
    header('Tiers and QBRs'),
    context(
      'A tier keeps its program-guide figures (discount, commission…) while its name stays the same. Partners at a removed tier keep it until you change theirs.',
    ),
    ...values.tiers.flatMap(tierInputs),
    header('Admins'),
    {
      type: 'input',
      block_id: settingsBlockId('admins'),
      optional: true,
      label: plain(SETTING_LABELS.admins),
      hint: plain(ADMIN_HINTS[source]),
      element: {
        type: 'multi_users_select',
        action_id: IDS.input,
        placeholder: plain('Pick people'),
        ...(values.admins.length ? { initial_users: values.admins } : {}),
      },
    },
    header('Reminders'),
    ...reminderInputs(values),
    header('Weekly digest'),
    ...digestInputs(values.digest),
  ];
  return fitView({
    type: 'modal',
    callback_id: IDS.settingsView,
    private_metadata: JSON.stringify(target),
    title: plain('PartnerOS settings'),
    submit: plain('Save'),
    close: plain('Cancel'),
    blocks,
  });
}

/** The form's own metadata, read back; undefined when it is not ours or not whole. */
export function decodeSettingsTarget(metadata: string): SettingsTarget | undefined {
  try {
    const t = JSON.parse(metadata) as Partial<SettingsTarget>;
    if (typeof t.workspaceId !== 'string' || typeof t.version !== 'string') return undefined;
    return {
      workspaceId: t.workspaceId,
      version: t.version,
      channelId: typeof t.channelId === 'string' ? t.channelId : null,
    };
  } catch {
    return undefined;
  }
}

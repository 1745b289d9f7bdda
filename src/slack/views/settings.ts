import { settingsAccess } from '../../domain/workspaces/settings-access';
import { nextOwnSettings, settingsChanges, settingsVersion } from '../../domain/workspaces/settings-changes';
import {
  COMPANY_FIELDS,
  checkSettingsForm,
  type SettingsField,
  type SettingsFormValues,
} from '../../domain/workspaces/settings-form';
import type { Form, ViewArgs } from '../boundary';
import { renderSettingsSaved } from '../blocks/settings';
import { decodeSettingsTarget, settingsBlockId } from '../blocks/settings-modal';
import { clip } from '../blocks/text';
import type { SlackDeps } from '../deps';
import { IDS } from '../ids';
import { tellSubmitter } from './fill-template';
import { read, type Values } from './form-values';

/** Tier rows read from a submission at most: the form never has this many, a crafted payload may claim more. */
const MAX_ROWS_READ = 50;
const FIRST_BLOCK = settingsBlockId('company.name');
/** Slack shows about 150 characters under an input. */
const ERROR_CHARS = 150;

function formValuesFrom(values: Values): SettingsFormValues {
  const state = (field: SettingsField) => read(values, settingsBlockId(field));
  const text = (field: SettingsField) => state(field)?.value ?? '';
  const rows = Object.keys(values).flatMap((id) => {
    const m = new RegExp(`^${IDS.settingsBlock}tiers\\.(\\d+)\\.`).exec(id);
    return m && Number(m[1]) < MAX_ROWS_READ ? [Number(m[1])] : [];
  });
  const rowCount = rows.length ? Math.max(...rows) + 1 : 0;
  return {
    company: Object.fromEntries(COMPANY_FIELDS.map((f) => [f, text(f)])) as SettingsFormValues['company'], // every company field, built just above
    tiers: Array.from({ length: rowCount }, (_, i) => ({
      name: text(`tiers.${i}.name`),
      qbr_every_months: text(`tiers.${i}.qbr_every_months`),
    })),
    admins: state('admins')?.selected_users ?? [],
    hour: state('reminders.hour')?.selected_option?.value ?? '',
    timezone: text('reminders.timezone'),
    working_days: (state('reminders.working_days')?.selected_options ?? []).map((o) => o.value),
    digest: {
      channel: state('digest.channel')?.selected_conversation ?? '',
      day: state('digest.day')?.selected_option?.value ?? '',
      hour: state('digest.hour')?.selected_option?.value ?? '',
    },
  };
}

/**
 * Each problem under its own input. Slack refuses errors for a block the view does not have, so a
 * problem about one (a crafted payload) goes under the first input instead.
 */
function errorsFor(view: ViewArgs['view'], problems: { block: string; message: string }[]): Record<string, string> {
  const inputs = new Set(view.blocks.flatMap((b) => (b.type === 'input' && b.block_id ? [b.block_id] : [])));
  const errors: Record<string, string> = {};
  for (const p of problems) {
    const block = inputs.size === 0 || inputs.has(p.block) ? p.block : FIRST_BLOCK;
    errors[block] ??= clip(p.message, ERROR_CHARS);
  }
  return errors;
}

const refuse = (args: ViewArgs, message: string) =>
  args.ack({ response_action: 'errors', errors: errorsFor(args.view, [{ block: FIRST_BLOCK, message }]) });

/**
 * The settings form submitted: checked by the same schema as partneros.yml, every problem under its
 * field and nothing saved; else saved for the request's workspace only (never one a payload names),
 * its reminders planned again, and the person told what changed.
 */
export const settingsForm = (deps: SlackDeps): Form => ({
  fallbackBlock: FIRST_BLOCK,
  async submit(args) {
    const { ack, body, view, client } = args;
    const actor = body.user.id;
    const ws = deps.workspace;
    const target = decodeSettingsTarget(view.private_metadata);
    const log = (outcome: string, extra: Record<string, unknown> = {}) =>
      deps.logger.info({ kind: 'view', view: IDS.settingsView, user: actor, outcome, ...extra }, 'view');
    if (!settingsAccess(ws, actor).allowed) {
      log('not_allowed');
      return void (await refuse(
        args,
        'Only PartnerOS admins can change the settings, and you are not one (any more).',
      ));
    }
    if (!target || target.workspaceId !== ws.workspaceId) {
      log('foreign_form');
      return void (await refuse(
        args,
        'This form is not from this workspace: nothing was saved. Open /partner settings here.',
      ));
    }
    if (target.version !== settingsVersion(ws.own)) {
      log('stale_form');
      return void (await refuse(
        args,
        'Someone saved the settings after you opened this form: nothing was saved. Close it and open it again to see theirs.',
      ));
    }
    const checked = checkSettingsForm(formValuesFrom(view.state.values as Values), ws.company, actor);
    if (!checked.ok) {
      log('invalid', { fields: checked.problems.length });
      const problems = checked.problems.map((p) => ({ block: settingsBlockId(p.field), message: p.message }));
      return void (await ack({ response_action: 'errors', errors: errorsFor(view, problems) }));
    }
    const changes = settingsChanges(ws.company, checked.settings);
    if (changes.length > 0) {
      const own = nextOwnSettings({
        submitted: checked.settings,
        shown: ws.company,
        own: ws.own,
        defaults: ws.defaults,
        adminsFromFile: ws.single,
        channelFromFile: ws.single,
      });
      // Saved before the ack: a failure shows on the form, with what was typed still in it.
      await deps.lifecycle.saveSettings(ws.workspaceId, own);
    }
    await ack();
    log('ok', { changes: changes.length });
    await tellSubmitter(client, deps, actor, target.channelId, renderSettingsSaved(changes), IDS.settingsView);
  },
});

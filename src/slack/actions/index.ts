import type { App, BlockAction } from '@slack/bolt';
import type { ActionArgs, ListenerBoundary } from '../boundary';
import { renderAddPartnerModal } from '../blocks/add-partner-modal';
import { renderEditPartnerModal } from '../blocks/edit-partner-modal';
import { decodeFillTarget, renderFillAnswersModal } from '../blocks/fill-answers-modal';
import { renderFillTemplateModal } from '../blocks/fill-template-modal';
import { renderHelp } from '../blocks/help';
import { renderStartPlaybookModal } from '../blocks/start-playbook-modal';
import { InvalidValue } from '../../domain/errors';
import type { SlackDeps } from '../deps';
import { slackErrorCode } from '../errors';
import { IDS } from '../ids';
import { applyImport, openImport } from './import';
import { archiveButton } from './partner';
import { addToCalendar, openPartnerFromReminder, reminderButton, type ActionHandler } from './reminder';
import { showTemplate, startFromButton, stepButton } from './run';
import { openSettingsButton } from './settings';

type ModalView = Parameters<ActionArgs['client']['views']['open']>[0]['view'];

/** A button that opens a form: ack, build the view from the domain, open it within the trigger's 3 seconds. */
const opensModal =
  (deps: SlackDeps, actionId: string, build: (args: ActionArgs) => ModalView | Promise<ModalView>): ActionHandler =>
  async (args) => {
    const { ack, body, client } = args;
    await ack();
    await client.views.open({ trigger_id: body.trigger_id, view: await build(args) });
    deps.logger.info({ kind: 'action', action: actionId, user: body.user.id, outcome: 'ok' }, 'action');
  };

const partnerIdOf = (action: ActionArgs['action']): number => ('value' in action ? Number(action.value) : Number.NaN);

const openAddPartner = (deps: SlackDeps) =>
  opensModal(deps, IDS.partnerAddOpen, ({ body }) => renderAddPartnerModal(deps.partners.tiers(), body.user.id));

/** The Update form, or why this user may not change this partner. */
const openEditPartner = (deps: SlackDeps) =>
  opensModal(deps, IDS.partnerEditOpen, async ({ body, action }) =>
    renderEditPartnerModal(await deps.partners.editable(partnerIdOf(action), body.user.id), deps.partners.tiers()),
  );

/** The template picker for the partner on this card; the file will go to the channel the card is in. */
const openFillTemplate = (deps: SlackDeps) =>
  opensModal(deps, IDS.templateFillOpen, async ({ body, action }) => {
    const partner = await deps.partners.findById(partnerIdOf(action));
    return renderFillTemplateModal(partner, deps.templates.library.groups(), {
      partnerId: partner.id,
      channelId: body.channel?.id ?? null,
    });
  });

/**
 * "Fill in N missing values" under a document: a form asking exactly the answers it still lacks, worked
 * out again now (another form may have filled some since the button was drawn).
 */
const openFillAnswers = (deps: SlackDeps) =>
  opensModal(deps, IDS.templateAnswersOpen, async ({ body, action }) => {
    const target = decodeFillTarget('value' in action ? action.value : undefined);
    if (!target)
      throw new InvalidValue(
        'That button is out of date.',
        'Fill the template again with `/partner template <id> <partner>`.',
        'button',
      );
    const template = deps.templates.template(target.templateId);
    const partner = await deps.partners.findById(target.partnerId);
    const form = await deps.templates.formFields(template, partner);
    if (form.fields.length === 0)
      throw new InvalidValue(
        `${template.title} for ${partner.name} has every answer it needs.`,
        'Fill it again with `/partner template` to get the complete version.',
        'button',
      );
    return renderFillAnswersModal(template, partner, form, {
      ...target,
      channelId: target.channelId ?? body.channel?.id ?? null,
    });
  });

/** The Start a playbook form: from a partner card (the partner is set) or App Home (typed). */
const openStartPlaybook = (deps: SlackDeps) =>
  opensModal(deps, IDS.runStartOpen, async ({ action }) => {
    const value = 'value' in action && action.value ? Number(action.value) : null;
    const partner = value === null ? null : await deps.partners.findById(value);
    return renderStartPlaybookModal(deps.runs.playbooks.all(), partner);
  });

/** From App Home there is no channel to answer in: the help goes to the user's DM with the app. */
const sendHelp =
  (deps: SlackDeps): ActionHandler =>
  async ({ ack, body, client }) => {
    await ack();
    await client.chat
      .postMessage({ channel: body.user.id, ...renderHelp() })
      .catch((error: unknown) =>
        deps.logger.warn({ kind: 'action', action: IDS.helpOpen, error: slackErrorCode(error) }, 'help not sent'),
      );
  };

export function register(app: App, deps: SlackDeps, boundary: ListenerBoundary): void {
  const byId: Record<string, ActionHandler> = {
    [IDS.partnerAddOpen]: openAddPartner(deps),
    [IDS.partnerEditOpen]: openEditPartner(deps),
    [IDS.partnerArchive]: archiveButton(deps),
    [IDS.helpOpen]: sendHelp(deps),
    [IDS.templateFillOpen]: openFillTemplate(deps),
    [IDS.templateAnswersOpen]: openFillAnswers(deps),
    [IDS.reminderDone]: reminderButton(deps, 'done'),
    [IDS.reminderSnoozeDay]: reminderButton(deps, 'snooze_day'),
    [IDS.reminderSnoozeWeek]: reminderButton(deps, 'snooze_week'),
    [IDS.reminderOpen]: openPartnerFromReminder(deps),
    [IDS.reminderCalendar]: addToCalendar(deps),
    [IDS.runNext]: stepButton(deps, 'next'),
    [IDS.runSkip]: stepButton(deps, 'skip'),
    [IDS.runBack]: stepButton(deps, 'back'),
    [IDS.runPause]: stepButton(deps, 'pause'),
    [IDS.runResume]: stepButton(deps, 'resume'),
    [IDS.runTemplate]: showTemplate(deps),
    [IDS.runAddAndStart]: startFromButton(deps),
    [IDS.runStartOpen]: openStartPlaybook(deps),
    [IDS.settingsOpen]: openSettingsButton(deps),
    [IDS.importOpen]: openImport(deps),
    [IDS.importApply]: applyImport(deps),
  };
  const start = startFromButton(deps);
  // One Bolt listener for every button, dispatched here: Bolt offers each request to every
  // listener, and each one costs time on every ack (measured with npm run bench).
  app.action<BlockAction>(
    { type: 'block_actions' },
    boundary.action(async (args) => {
      const id = args.action.action_id;
      const handler = byId[id] ?? (id.startsWith(`${IDS.runStart}.`) ? start : undefined);
      if (handler) return handler(args);
      await args.ack();
      deps.logger.info({ kind: 'action', action: args.action.action_id.slice(0, 60), outcome: 'ignored' }, 'action');
    }),
  );
}

import type { App } from '@slack/bolt';
import type { Form, ListenerBoundary } from '../boundary';
import type { SlackDeps } from '../deps';
import { IDS } from '../ids';
import { addPartnerForm } from './add-partner';
import { editPartnerForm } from './edit-partner';
import { fillAnswersForm } from './fill-answers';
import { fillTemplateForm } from './fill-template';
import { settingsForm } from './settings';
import { importForm } from './import';
import { startPlaybookForm } from './start-playbook';

export function register(app: App, deps: SlackDeps, boundary: ListenerBoundary): void {
  const byCallback: Record<string, Form> = {
    [IDS.partnerAddView]: addPartnerForm(deps),
    [IDS.partnerEditView]: editPartnerForm(deps),
    [IDS.templateFillView]: fillTemplateForm(deps),
    [IDS.templateAnswersView]: fillAnswersForm(deps),
    [IDS.runStartView]: startPlaybookForm(deps),
    [IDS.settingsView]: settingsForm(deps),
    [IDS.importView]: importForm(deps),
  };
  // One Bolt listener for every form, dispatched here (see actions/index.ts for why).
  app.view(
    { type: 'view_submission', callback_id: /^partner\./ },
    boundary.view((args) => byCallback[args.view.callback_id]),
  );
}

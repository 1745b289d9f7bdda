import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../deps';
import { IDS } from '../ids';
import { addPartnerSubmitted } from './add-partner';
import { editPartnerSubmitted } from './edit-partner';
import { fillAnswersSubmitted } from './fill-answers';
import { fillTemplateSubmitted } from './fill-template';
import { startPlaybookSubmitted } from './start-playbook';

type ViewHandler = (args: SlackViewMiddlewareArgs & AllMiddlewareArgs) => Promise<void>;

export function register(app: App, deps: SlackDeps): void {
  const byCallback: Record<string, ViewHandler> = {
    [IDS.partnerAddView]: addPartnerSubmitted(deps),
    [IDS.partnerEditView]: editPartnerSubmitted(deps),
    [IDS.templateFillView]: fillTemplateSubmitted(deps),
    [IDS.templateAnswersView]: fillAnswersSubmitted(deps),
    [IDS.runStartView]: startPlaybookSubmitted(deps),
  };
  // One Bolt listener for every form, dispatched here (see actions/index.ts for why).
  app.view({ type: 'view_submission', callback_id: /^partner\./ }, async (args) => {
    const handler = byCallback[args.view.callback_id];
    if (handler) return handler(args);
    await args.ack();
  });
}

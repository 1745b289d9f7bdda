import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps';
import { IDS } from '../ids';
import { addPartnerSubmitted } from './add-partner';
import { editPartnerSubmitted } from './edit-partner';

export function register(app: App, deps: SlackDeps): void {
  app.view(IDS.partnerAddView, addPartnerSubmitted(deps));
  app.view(IDS.partnerEditView, editPartnerSubmitted(deps));
}

import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewStateValue } from '@slack/bolt';
import { answerBlockId, decodeFillTarget } from '../blocks/fill-answers-modal';
import type { SlackDeps } from '../deps';
import { filledDocumentReply } from '../document-reply';
import { IDS } from '../ids';
import { tellSubmitter } from './fill-template';
import { read, type Values } from './form-values';

/** What one input holds, as the text a coach answer would be (a date picker's day, a user's id…). */
function rawValue(state: ViewStateValue | undefined): string {
  if (!state) return '';
  return state.selected_date ?? state.selected_user ?? state.selected_option?.value ?? state.value ?? '';
}

/**
 * The fill-in form submitted: each value is checked like a coach answer (type and range) and shown under its
 * input when it does not fit; the values are saved as the partner's answers, then the document is rendered
 * again as a new version, uploaded, and summarised to the user where the form was opened.
 */
export const fillAnswersSubmitted =
  (deps: SlackDeps) =>
  async ({ ack, body, view, client }: SlackViewMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const actor = body.user.id;
    const target = decodeFillTarget(view.private_metadata);
    const values = view.state.values as Values;
    if (!target) return void (await ack());
    // The fields asked are the form's own inputs (Slack sends every input block, filled or not).
    const blockIds = Object.keys(values).filter((id) => id.startsWith(IDS.answerBlock));
    const firstBlock = blockIds[0] ?? '';
    const asked = blockIds.flatMap((id) => {
      const field = deps.templates.fields.get(id.slice(IDS.answerBlock.length));
      return field ? [field] : [];
    });
    const raw = Object.fromEntries(asked.map((f) => [f.id, rawValue(read(values, answerBlockId(f.id)))]));
    const checked = deps.templates.readForm(asked, raw);
    if (!checked.ok) {
      const errors = Object.fromEntries(
        Object.entries(checked.error).map(([id, message]) => [answerBlockId(id), message.slice(0, 150)]),
      );
      return void (await ack({ response_action: 'errors', errors }));
    }
    if (Object.keys(checked.value).length === 0)
      return void (await ack({
        response_action: 'errors',
        errors: { [firstBlock]: 'Fill in at least one value, or close the form.' },
      }));
    await ack();
    const reply = await filledDocumentReply(
      client,
      deps,
      actor,
      async () => {
        const partner = deps.partners.findById(target.partnerId);
        const template = deps.templates.template(target.templateId);
        deps.templates.saveForm(partner, template, checked.value, actor);
        const channelId = target.channelId ?? (await client.conversations.open({ users: actor })).channel?.id;
        if (!channelId) throw new Error('conversations.open gave no channel');
        return { template, partner, to: { channelId } };
      },
      { view: IDS.templateAnswersView, filled: Object.keys(checked.value).length },
    );
    await tellSubmitter(client, deps, actor, target.channelId, reply, IDS.templateAnswersView);
  };

import type { ViewStateValue } from '@slack/bolt';
import { InvalidValue } from '../../domain/errors';
import type { Form } from '../boundary';
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
 * input when it does not fit, nothing saved. The partner and template are looked up and the values saved as
 * the partner's answers before the ack, so a failure there shows on the form with the values still in it;
 * then the document is rendered again as a new version, uploaded, and summarised to the user where the form
 * was opened.
 */
export const fillAnswersForm = (deps: SlackDeps): Form => ({
  async submit({ ack, body, view, client }) {
    const actor = body.user.id;
    const target = decodeFillTarget(view.private_metadata);
    if (!target)
      throw new InvalidValue(
        'That form is out of date.',
        'Fill the template again with `/partner template <id> <partner>`.',
        'form',
      );
    const values = view.state.values as Values;
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
      // Every input that does not fit at once, each under its own field (Slack shows about 150 characters).
      const errors = Object.fromEntries(
        Object.entries(checked.error).map(([id, message]) => [answerBlockId(id), message.slice(0, 150)]),
      );
      return void (await ack({ response_action: 'errors', errors }));
    }
    const filled = Object.keys(checked.value).length;
    if (filled === 0)
      return void (await ack({
        response_action: 'errors',
        errors: { [firstBlock]: 'Fill in at least one value, or close the form.' },
      }));
    const partner = await deps.partners.findById(target.partnerId);
    const template = deps.templates.template(target.templateId);
    await deps.templates.saveForm(partner, template, checked.value, actor);
    await ack();
    const reply = await filledDocumentReply(
      client,
      deps,
      actor,
      async () => {
        // Opened from somewhere without a channel (App Home): the file goes to the user's DM.
        const channelId = target.channelId ?? (await client.conversations.open({ users: actor })).channel?.id;
        if (!channelId) throw new Error('conversations.open gave no channel');
        return { template, partner, to: { channelId } };
      },
      { view: IDS.templateAnswersView, filled },
    );
    await tellSubmitter(client, deps, actor, target.channelId, reply, IDS.templateAnswersView);
  },
});

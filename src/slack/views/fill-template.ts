import type { AllMiddlewareArgs } from '@slack/bolt';
import type { Form } from '../boundary';
import type { FillTarget } from '../blocks/fill-template-modal';
import type { Message } from '../blocks/text';
import type { SlackDeps } from '../deps';
import { filledDocumentReply } from '../document-reply';
import { slackErrorCode } from '../errors';
import { IDS } from '../ids';
import { read, type Values } from './form-values';

function target(metadata: string): FillTarget | undefined {
  try {
    const parsed = JSON.parse(metadata) as Partial<FillTarget>;
    return typeof parsed.partnerId === 'number'
      ? { partnerId: parsed.partnerId, channelId: parsed.channelId ?? null }
      : undefined;
  } catch {
    return undefined;
  }
}

/** The summary goes where the form was opened, to the user alone; failing that, to their DM with the app. */
export async function tellSubmitter(
  client: AllMiddlewareArgs['client'],
  deps: SlackDeps,
  user: string,
  channelId: string | null,
  reply: Message,
  view: string,
): Promise<void> {
  if (channelId) {
    try {
      await client.chat.postEphemeral({ channel: channelId, user, ...reply });
      return;
    } catch (error) {
      deps.logger.info(
        { kind: 'view', view, error: slackErrorCode(error) },
        'summary not shown in the channel: sending it by DM',
      );
    }
  }
  await client.chat
    .postMessage({ channel: user, ...reply })
    .catch((error: unknown) =>
      deps.logger.warn({ kind: 'view', view, error: slackErrorCode(error) }, 'summary not sent'),
    );
}

/**
 * "Fill a template" from a partner card: the same document, versions and upload as `/partner template <id> <partner>`.
 * The partner and the template are looked up before the ack, so one that is gone shows on the form.
 */
export const fillTemplateForm = (deps: SlackDeps): Form => ({
  fallbackBlock: IDS.fillBlock.template,
  async submit({ ack, body, view, client }) {
    const actor = body.user.id;
    const templateId = read(view.state.values as Values, IDS.fillBlock.template)?.selected_option?.value;
    const to = target(view.private_metadata);
    if (!templateId || !to) {
      await ack({ response_action: 'errors', errors: { [IDS.fillBlock.template]: 'Choose a template.' } });
      return;
    }
    const partner = await deps.partners.findById(to.partnerId);
    const template = deps.templates.template(templateId);
    await ack();
    const reply = await filledDocumentReply(
      client,
      deps,
      actor,
      async () => {
        // Opened from somewhere without a channel (App Home): the file goes to the user's DM.
        const channelId = to.channelId ?? (await client.conversations.open({ users: actor })).channel?.id;
        if (!channelId) throw new Error('conversations.open gave no channel');
        return { template, partner, to: { channelId } };
      },
      { view: IDS.templateFillView },
    );
    await tellSubmitter(client, deps, actor, to.channelId, reply, IDS.templateFillView);
  },
});

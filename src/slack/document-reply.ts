import type { WebClient } from '@slack/web-api';
import type { Partner } from '../domain/partners/model';
import type { Template } from '../domain/templates/schema';
import { renderDelivered } from './blocks/templates';
import type { Message } from './blocks/text';
import type { SlackDeps } from './deps';
import { deliverDocument, type Destination } from './documents';

/**
 * After the ack, for the command, the picker and the fill-in form alike: find what to fill, then render,
 * record and upload it, filled with every answer the partner has. The answer is the summary (with a Fill in
 * button for the answers still missing) for the caller to show; a failure is thrown to the listener boundary.
 */
export async function filledDocumentReply(
  client: WebClient,
  deps: SlackDeps,
  actor: string,
  prepare: () => Promise<{ template: Template; partner: Partner; to: Destination }>,
  context: Record<string, unknown>,
): Promise<Message> {
  const { template, partner, to } = await prepare();
  const delivered = await deliverDocument(client, deps, { template, partner, actor, to });
  const { document, rendered } = delivered.filled;
  const form = await deps.templates.formFields(template, partner);
  const channelId = delivered.upload.ok ? delivered.upload.channelId : to.channelId;
  deps.logger.info(
    {
      kind: 'document',
      ...context,
      user: actor,
      template: template.id,
      partner: partner.id,
      version: document.version,
      upload: delivered.upload.ok ? 'ok' : delivered.upload.error,
      missing: rendered.missing.length,
    },
    'document',
  );
  return renderDelivered(delivered, {
    count: form.fields.length + form.more,
    target: { templateId: template.id, partnerId: partner.id, channelId },
  });
}

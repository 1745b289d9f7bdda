import type { WebClient } from '@slack/web-api';
import type { Partner } from '../domain/partners/model';
import type { Template } from '../domain/templates/schema';
import { renderDelivered } from './blocks/templates';
import type { Message } from './blocks/text';
import type { SlackDeps } from './deps';
import { deliverDocument, type Destination } from './documents';

/**
 * After the ack, for the command and the picker alike: find what to fill, then render, record and
 * upload it. The answer is the summary for the caller to show; a failure is thrown to the listener boundary.
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
  return renderDelivered(delivered);
}

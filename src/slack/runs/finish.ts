import type { WebClient } from '@slack/web-api';
import type { Completion } from '../../domain/playbooks/complete';
import type { RunView } from '../../domain/playbooks/run-model';
import { renderCompletion, type DocumentResult } from '../blocks/run-complete';
import type { SlackDeps } from '../deps';
import { deliverDocument } from '../documents';
import { slackErrorCode } from '../errors';
import { refreshRoot } from './thread';

/**
 * A run just completed: its documents, filled with every answer the partner has given, are uploaded
 * into the thread one by one (each recorded in `documents` first), then the summary is posted.
 */
export async function finishRun(
  client: WebClient,
  deps: SlackDeps,
  v: RunView,
  completion: Completion,
  actor: string,
): Promise<void> {
  if (!v.channelId || !v.threadTs) return;
  const answers = await deps.runs.documentAnswers(v.id);
  const partner = await deps.partners.findById(v.partner.id);
  const results: DocumentResult[] = [];
  for (const { template } of completion.documents) {
    try {
      const delivered = await deliverDocument(client, deps, {
        template,
        partner,
        actor,
        to: { channelId: v.channelId, threadTs: v.threadTs },
        answers,
        runId: v.id,
      });
      results.push({ title: template.title, templateId: template.id, delivered });
    } catch (error) {
      deps.logger.warn(
        { kind: 'run', run: v.id, template: template.id, error: slackErrorCode(error) },
        'run document failed',
      );
      results.push({ title: template.title, templateId: template.id, delivered: null, error: slackErrorCode(error) });
    }
  }
  await client.chat
    .postMessage({ channel: v.channelId, thread_ts: v.threadTs, ...renderCompletion(v, completion, results, actor) })
    .catch((error: unknown) =>
      deps.logger.warn({ kind: 'run', run: v.id, error: slackErrorCode(error) }, 'completion not posted'),
    );
  await refreshRoot(
    client,
    deps,
    { ...v, partner },
    `✅ Completed by <@${actor}>: ${results.length} documents are in this thread.`,
  );
  deps.logger.info(
    { kind: 'run', run: v.id, playbook: v.playbook.id, documents: results.length, outcome: 'completed' },
    'run',
  );
}

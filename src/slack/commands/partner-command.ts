import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseCommand } from '../../domain/commands/parse';
import { runCommand, type Outcome } from '../../domain/commands/run';
import { renderDelivered } from '../blocks/templates';
import type { Message } from '../blocks/text';
import { deliverDocument } from '../documents';
import { slackErrorCode } from '../errors';
import type { SlackDeps } from '../deps';
import { announce, announcementProblem } from '../notices';
import { renderFailure, renderOutcome } from '../outcome';
import { tokenize } from './tokenize';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

interface Answer { reply: Message; outcome?: Outcome; result: string }

/** Everything up to the reply: SQLite only, a few milliseconds, so it fits before the ack. */
function answer(deps: SlackDeps, text: string, actor: string, sub: string): Answer {
  try {
    const tokens = tokenize(text);
    if (!tokens.ok) throw tokens.error;
    const parsed = parseCommand(tokens.value, { tiers: deps.config.company.tiers });
    if (!parsed.ok) throw parsed.error;
    const outcome = runCommand(deps, parsed.value, actor);
    return { reply: renderOutcome(outcome), outcome, result: 'ok' };
  } catch (error) {
    const failure = renderFailure(error, deps.logger, { sub, user: actor });
    return { reply: failure.message, result: failure.outcome };
  }
}

/** After the ack: render, record and upload the document; the summary (or what went wrong) replaces "Filling…". */
async function fillAndUpload(deps: SlackDeps, client: Args['client'], outcome: Extract<Outcome, { kind: 'fill' }>, actor: string, channelId: string): Promise<Message> {
  const { template, partner } = outcome;
  try {
    const delivered = await deliverDocument(client, deps, { template, partner, actor, to: { channelId } });
    const { document, rendered } = delivered.filled;
    deps.logger.info({ kind: 'document', template: template.id, partner: partner.id, version: document.version, upload: delivered.upload.ok ? 'ok' : delivered.upload.error, missing: rendered.missing.length }, 'document');
    return renderDelivered(delivered);
  } catch (error) {
    return renderFailure(error, deps.logger, { sub: 'template', user: actor }).message;
  }
}

/** `/partner …`: answer in the ack body, then do the network work (the change notice) after it. */
export const partnerCommand = (deps: SlackDeps) => async ({ command, ack, respond, client }: Args): Promise<void> => {
  const started = performance.now();
  const actor = command.user_id;
  // Only the subcommand word is logged: the rest may be a note, which stays out of logs.
  const sub = command.text.trim().split(/\s+/)[0]?.toLowerCase().slice(0, 20) || 'help';
  const { reply, outcome, result } = answer(deps, command.text, actor, sub);
  await ack({ response_type: 'ephemeral', ...reply });
  deps.logger.info({ kind: 'command', command: command.command, sub, user: actor, outcome: result, ms: Math.round(performance.now() - started) }, 'command');
  if (outcome?.kind === 'fill') {
    const reply = await fillAndUpload(deps, client, outcome, actor, command.channel_id);
    await respond({ response_type: 'ephemeral', replace_original: true, ...reply })
      .catch((error: unknown) => deps.logger.warn({ kind: 'respond', error: slackErrorCode(error) }, 'could not send the document summary'));
    return;
  }
  if (outcome?.kind !== 'change') return;
  const problem = announcementProblem(await announce(client, deps, [outcome.change]));
  if (problem) await respond({ response_type: 'ephemeral', replace_original: false, ...problem }).catch(() => undefined);
};

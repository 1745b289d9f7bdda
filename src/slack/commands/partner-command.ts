import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseCommand } from '../../domain/commands/parse';
import { runCommand, type Outcome } from '../../domain/commands/run';
import { renderChangeNotice, renderNoticeFailed } from '../blocks/change';
import type { SlackDeps } from '../deps';
import { slackErrorCode } from '../errors';
import { renderFailure, renderOutcome } from '../outcome';
import { tokenize } from './tokenize';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/partner …`: parse, run against partner memory (SQLite only, a few ms), answer in the ack body,
 * then do the network work — the change notice in the partner's channel — after the ack.
 */
export const partnerCommand = (deps: SlackDeps) => async ({ command, ack, respond, client }: Args): Promise<void> => {
  const started = performance.now();
  const actor = command.user_id;
  let outcome: Outcome | undefined;
  let result: string;
  let reply;
  const sub = command.text.trim().split(/\s+/)[0]?.toLowerCase().slice(0, 20) || 'help';
  try {
    const tokens = tokenize(command.text);
    if (!tokens.ok) throw tokens.error;
    const parsed = parseCommand(tokens.value, { tiers: deps.config.company.tiers });
    if (!parsed.ok) throw parsed.error;
    outcome = runCommand(deps.partners, parsed.value, actor);
    reply = renderOutcome(outcome);
    result = 'ok';
  } catch (error) {
    const failure = renderFailure(error, deps.logger, { sub, user: actor });
    reply = failure.message;
    result = failure.outcome;
  }
  await ack({ response_type: 'ephemeral', ...reply });
  deps.logger.info({ kind: 'command', command: command.command, sub, user: actor, outcome: result, ms: Math.round(performance.now() - started) }, 'command');

  const change = outcome?.kind === 'change' ? outcome.change : undefined;
  const channelId = change?.partner.channelId;
  if (!change || !channelId || change.unchanged) return;
  try {
    await client.chat.postMessage({ channel: channelId, ...renderChangeNotice(change), unfurl_links: false });
  } catch (error) {
    const code = slackErrorCode(error);
    deps.logger.warn({ kind: 'notice', channel: channelId, error: code }, 'change notice not posted');
    await respond({ response_type: 'ephemeral', replace_original: false, ...renderNoticeFailed(channelId, code) }).catch(() => undefined);
  }
};

import type { AllMiddlewareArgs, RespondFn, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { parseCommand } from '../../domain/commands/parse';
import { runCommand, type Outcome } from '../../domain/commands/run';
import type { Change } from '../../domain/partners/service';
import { renderChangeNotice, renderNoticeFailed } from '../blocks/change';
import type { Message } from '../blocks/text';
import type { SlackDeps } from '../deps';
import { slackErrorCode } from '../errors';
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
    const outcome = runCommand(deps.partners, parsed.value, actor);
    return { reply: renderOutcome(outcome), outcome, result: 'ok' };
  } catch (error) {
    const failure = renderFailure(error, deps.logger, { sub, user: actor });
    return { reply: failure.message, result: failure.outcome };
  }
}

/** The change notice in the partner's channel; if Slack refuses, the user hears why and how to fix it. */
async function announce(deps: SlackDeps, client: WebClient, respond: RespondFn, change: Change): Promise<void> {
  const channelId = change.partner.channelId;
  if (!channelId || change.unchanged) return;
  try {
    await client.chat.postMessage({ channel: channelId, ...renderChangeNotice(change), unfurl_links: false });
  } catch (error) {
    const code = slackErrorCode(error);
    deps.logger.warn({ kind: 'notice', channel: channelId, error: code }, 'change notice not posted');
    await respond({ response_type: 'ephemeral', replace_original: false, ...renderNoticeFailed(channelId, code) }).catch(() => undefined);
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
  if (outcome?.kind === 'change') await announce(deps, client, respond, outcome.change);
};

import { answerLine, type Outcome } from '../../domain/commands/run';
import type { Message } from '../blocks/text';
import { filledDocumentReply } from '../document-reply';
import { slackErrorCode } from '../errors';
import { companyToday, type SlackDeps } from '../deps';
import { announce, announcementProblem } from '../notices';
import { renderOutcome } from '../outcome';
import { renderInviteDelivered } from '../blocks/reports';
import { sendInvite } from '../calendar';
import { deliverReport } from '../reports';
import { subcommandOf, type CommandArgs } from '../boundary';
import { afterRunStart } from '../runs/thread';
import { openSettings } from '../actions/settings';
import { tokenize } from './tokenize';

interface Answer {
  reply: Message;
  outcome: Outcome;
}

/**
 * Everything up to the reply: database reads and writes only, a few milliseconds, so it fits
 * before the ack. A refusal (DomainError) or a fault is thrown: the listener boundary answers it
 * in the ack body.
 */
async function answer(deps: SlackDeps, text: string, actor: string, typedIn: string): Promise<Answer> {
  const outcome = await answerLine(deps, tokenize(text), {
    actor,
    typedIn,
    tiers: deps.config.company.tiers,
    today: companyToday(deps),
  });
  return { reply: renderOutcome(outcome), outcome };
}

/** `/partner …`: answer in the ack body, then do the network work (the change notice) after it. */
export const partnerCommand =
  (deps: SlackDeps) =>
  async ({ command, ack, respond, client }: CommandArgs): Promise<void> => {
    const started = performance.now();
    const actor = command.user_id;
    const { reply, outcome } = await answer(deps, command.text, actor, command.channel_id);
    await ack({ response_type: 'ephemeral', ...reply });
    deps.logger.info(
      {
        kind: 'command',
        command: command.command,
        // Only the subcommand word is logged: the rest may be a note, which stays out of logs.
        sub: subcommandOf(command.text),
        user: actor,
        outcome: outcome.kind === 'settings' && !outcome.access.allowed ? 'not_allowed' : 'ok',
        ms: Math.round(performance.now() - started),
      },
      'command',
    );
    if (outcome.kind === 'fill') {
      // The summary replaces "Filling…"; a failure comes as a follow-up from the listener boundary.
      const { template, partner } = outcome;
      const reply = await filledDocumentReply(
        client,
        deps,
        actor,
        async () => ({ template, partner, to: { channelId: command.channel_id } }),
        { sub: 'template' },
      );
      await respond({ response_type: 'ephemeral', replace_original: true, ...reply }).catch((error: unknown) =>
        deps.logger.warn({ kind: 'respond', error: slackErrorCode(error) }, 'could not send the document summary'),
      );
      return;
    }
    if (outcome.kind === 'run') {
      const follow = await afterRunStart(client, deps, outcome.start, actor);
      if (follow)
        await respond({ response_type: 'ephemeral', replace_original: true, ...follow }).catch((error: unknown) =>
          deps.logger.warn({ kind: 'respond', error: slackErrorCode(error) }, 'could not send the run summary'),
        );
      return;
    }
    // The trigger lasts 3 seconds from the command: the form opens right after the ack.
    if (outcome.kind === 'settings' && outcome.access.allowed)
      return void (await openSettings(client, deps, command.trigger_id, command.channel_id));
    // The answer that replaces the ack once the slow part is done; the file itself is already posted.
    const follow = (reply: Message, what: string) =>
      respond({ response_type: 'ephemeral', replace_original: true, ...reply }).catch((error: unknown) =>
        deps.logger.warn({ kind: 'respond', error: slackErrorCode(error) }, `could not send the ${what} summary`),
      );
    if (outcome.kind === 'report') {
      const target = outcome.target;
      await follow(await deliverReport(client, deps, { target, actor, channelId: command.channel_id }), 'report');
      return;
    }
    if (outcome.kind === 'qbrInvite') {
      const shared = await sendInvite(client, deps, outcome.invite, actor);
      await follow(renderInviteDelivered(outcome.invite, shared), 'calendar file');
      return;
    }
    if (outcome.kind !== 'change') return;
    const problem = announcementProblem(await announce(client, deps, [outcome.change]));
    if (problem)
      await respond({ response_type: 'ephemeral', replace_original: false, ...problem }).catch(() => undefined);
  };

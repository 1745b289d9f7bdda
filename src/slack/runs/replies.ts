import type { WebClient } from '@slack/web-api';
import { decodeMessageText } from '../wire';
import { coachReplyBody } from '../blocks/coach';
import { questionText, said, withQuestion } from '../blocks/run';
import type { SlackDeps } from '../deps';
import { slackErrorCode } from '../errors';
import { forChannel } from './privacy';
import { streamingReply } from './stream';
import { stepMessage, update } from './thread';

export interface ThreadReply {
  channel: string;
  threadTs: string;
  text: string;
  user: string;
}

async function post(
  client: WebClient,
  deps: SlackDeps,
  where: { channel: string; threadTs: string },
  text: string,
): Promise<string | null> {
  return client.chat
    .postMessage({ channel: where.channel, thread_ts: where.threadTs, text })
    .then((r) => r.ts ?? null)
    .catch((error: unknown) => {
      deps.logger.warn({ kind: 'coach', error: slackErrorCode(error) }, 'coach reply not posted');
      return null;
    });
}

/**
 * A person's reply in a run thread: the coach records what it contains and answers. The reply is posted
 * (streamed with the LLM engine), the previous question is edited to drop its `?`, and the step
 * message is redrawn with ✅ on what is now known. Returns false when the thread is not a run's.
 */
export async function onThreadReply(client: WebClient, deps: SlackDeps, reply: ThreadReply): Promise<boolean> {
  const found = await deps.runs.byThread(reply.channel, reply.threadTs);
  if (!found) return false;
  await deps.runQueue.run(found.id, async () => {
    const started = performance.now();
    const v = await deps.runs.view(found.id);
    const where = { channel: reply.channel, threadTs: reply.threadTs };
    if (v.status !== 'active') {
      const text =
        v.status === 'paused'
          ? `This run is paused, so nothing was recorded. Press Resume on the step message (or type \`/partner run ${v.playbook.id} "${said(v.partner.name)}"\`) to carry on.`
          : 'This run is finished, so nothing was recorded. Start a new one with `/partner run <playbook> <partner>`.';
      await post(client, deps, where, text);
      return;
    }
    const stream = deps.coach.kind === 'llm' ? streamingReply(client, deps.logger, where) : null;
    const context = await forChannel(client, deps, reply.channel, await deps.runs.context(v));
    const turn = await deps.coach.turn(
      context,
      { text: decodeMessageText(reply.text), userId: reply.user },
      stream?.sink,
    );
    await stream?.close();
    const after = await deps.runs.record(v.id, v.step.id, turn, reply.user);
    const note =
      turn.fellBack && (await deps.runs.noteFallback(v.id))
        ? `The AI coach is not answering (${turn.fellBack}), so the guided coach takes over in this run.`
        : undefined;
    const body = coachReplyBody({ turn, fields: v.fields, ...(note ? { note } : {}) });
    // Someone may have moved the run while the coach was thinking: then the question belongs to the new step message.
    const sameStep = after.status === 'active' && after.stepIndex === v.stepIndex && after.seq === v.seq;
    const text = sameStep ? withQuestion(body, after) : body || '✅';
    const placeholder = stream ? await stream.ts : null;
    let ts: string | null;
    if (placeholder) {
      await update(client, deps, reply.channel, placeholder, { text }, 'coach reply');
      ts = placeholder;
    } else {
      ts = await post(client, deps, where, text);
    }
    if (v.questionTs && v.questionTs !== ts && v.questionBody !== null)
      await update(client, deps, reply.channel, v.questionTs, { text: v.questionBody || '✅' }, 'question');
    const asks = sameStep && questionText(after) !== null;
    await deps.runs.setMessages(v.id, { stepTs: null, question: asks && ts ? { ts, body } : null });
    if (sameStep && (Object.keys(turn.values).length || turn.skipped.length))
      await update(client, deps, reply.channel, after.stepTs, stepMessage(deps, after), 'step');
    deps.logger.info(
      {
        kind: 'coach',
        run: v.id,
        engine: deps.coach.kind,
        recorded: Object.keys(turn.values).length,
        problems: turn.problems.length,
        fellBack: turn.fellBack ?? null,
        ms: Math.round(performance.now() - started),
      },
      'coach reply',
    );
  });
  return true;
}

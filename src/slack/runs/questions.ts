import type { WebClient } from '@slack/web-api';
import { decodeMessageText } from '../wire';
import { coachAnswerText } from '../blocks/coach';
import type { SlackDeps } from '../deps';
import { slackErrorCode } from '../errors';
import { forChannel } from './privacy';
import { streamingReply } from './stream';

/**
 * A free question to the coach (@PartnerOS in a channel, or a DM): answered with the partner's memory
 * when the question names a partner PartnerOS knows; streamed when the LLM engine answers.
 */
export async function answerQuestion(
  client: WebClient,
  deps: SlackDeps,
  q: { channel: string; threadTs?: string; text: string; user: string },
): Promise<void> {
  const started = performance.now();
  const question = decodeMessageText(q.text)
    .replace(/<@[A-Z0-9]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const where = { channel: q.channel, ...(q.threadTs ? { threadTs: q.threadTs } : {}) };
  const stream = deps.coach.kind === 'llm' ? streamingReply(client, deps.logger, where) : null;
  const context = await forChannel(client, deps, q.channel, await deps.runs.askContext(question));
  const answer = await deps.coach.ask(context, question, stream?.sink);
  await stream?.close();
  const text = coachAnswerText(
    answer,
    answer.fellBack ? `The AI coach is not answering (${answer.fellBack}), so here is the guided answer.` : undefined,
  );
  const placeholder = stream ? await stream.ts : null;
  const done = placeholder
    ? client.chat.update({ channel: q.channel, ts: placeholder, text })
    : client.chat.postMessage({ channel: q.channel, ...(q.threadTs ? { thread_ts: q.threadTs } : {}), text });
  await done.catch((error: unknown) =>
    deps.logger.warn({ kind: 'coach', error: slackErrorCode(error) }, 'answer not posted'),
  );
  deps.logger.info(
    {
      kind: 'coach',
      engine: deps.coach.kind,
      partner: context.memory?.partner.id ?? null,
      fellBack: answer.fellBack ?? null,
      ms: Math.round(performance.now() - started),
    },
    'coach answer',
  );
}

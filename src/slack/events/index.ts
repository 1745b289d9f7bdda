import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { renderGreeting } from '../blocks/greeting';
import type { SlackDeps } from '../deps';
import { slackErrorCode } from '../errors';
import { answerQuestion } from '../runs/questions';
import { onThreadReply } from '../runs/replies';

/** A message a person wrote (not a bot, an edit, a join); a reply also sent to the channel counts. */
function isHumanMessage(event: { subtype?: string; bot_id?: string }): boolean {
  return (
    (event.subtype === undefined || event.subtype === 'file_share' || event.subtype === 'thread_broadcast') &&
    !event.bot_id
  );
}

/** Hello, help, or nothing but the mention: the greeting rather than the coach. */
const isGreeting = (text: string): boolean =>
  /^\s*(?:<@[A-Z0-9]+(?:\|[^>]*)?>\s*)*(?:hi|hello|hey|help|yo)?[\s!.]*$/i.test(text);

async function greetOrAnswer(
  client: WebClient,
  deps: SlackDeps,
  where: { channel: string; threadTs?: string },
  text: string,
  user: string,
): Promise<void> {
  if (isGreeting(text)) {
    await client.chat
      .postMessage({
        channel: where.channel,
        ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
        ...renderGreeting(),
      })
      .catch((error: unknown) =>
        deps.logger.warn({ kind: 'event', error: slackErrorCode(error) }, 'greeting not posted'),
      );
    return;
  }
  await answerQuestion(client, deps, { ...where, text, user });
}

export function register(app: App, deps: SlackDeps): void {
  app.event('app_mention', async ({ event, body, client }) => {
    if (event.bot_id || !event.user) return;
    // A mention inside a run thread also arrives as a `message` event: the coach answers it there, once.
    if (event.thread_ts && deps.runs.byThread(event.channel, event.thread_ts)) return;
    if (!deps.dedupe.firstTime(`event:${body.event_id}`)) return;
    await greetOrAnswer(
      client,
      deps,
      { channel: event.channel, threadTs: event.thread_ts ?? event.ts },
      event.text,
      event.user,
    );
    deps.logger.info({ kind: 'event', event: 'app_mention', user: event.user, outcome: 'ok' }, 'event');
  });

  // `message.channels` etc. are subscription names; Bolt listens to `message` and we filter here.
  app.event('message', async ({ event, body, client, context }) => {
    if (!isHumanMessage(event) || !('user' in event) || !event.user) return;
    const text = 'text' in event && typeof event.text === 'string' ? event.text : '';
    const threadTs =
      'thread_ts' in event && event.thread_ts && event.thread_ts !== event.ts ? event.thread_ts : undefined;
    if (threadTs && deps.runs.byThread(event.channel, threadTs)) {
      if (!deps.dedupe.firstTime(`event:${body.event_id}`)) return;
      // "@PartnerOS 200" in a run thread is an answer to the coach, not a person named in it.
      const answer = context.botUserId
        ? text.replace(new RegExp(`<@${context.botUserId}(?:\\|[^>]*)?>`, 'g'), ' ').trim()
        : text;
      await onThreadReply(client, deps, { channel: event.channel, threadTs, text: answer, user: event.user });
      deps.logger.info({ kind: 'event', event: 'message.thread', user: event.user, outcome: 'ok' }, 'event');
      return;
    }
    // Elsewhere in channels only @mentions are for us, and they arrive as app_mention.
    if (event.channel_type !== 'im') return;
    if (!deps.dedupe.firstTime(`event:${body.event_id}`)) return;
    await greetOrAnswer(client, deps, { channel: event.channel, ...(threadTs ? { threadTs } : {}) }, text, event.user);
    deps.logger.info({ kind: 'event', event: 'message.im', outcome: 'ok' }, 'event');
  });
}

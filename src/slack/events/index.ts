import type { App } from '@slack/bolt';
import { renderGreeting } from '../blocks/greeting';
import type { SlackDeps } from '../deps';
import { slackErrorCode } from '../errors';

/** A message event we should answer: a person writing, not a bot, an edit or a join. */
function isHumanMessage(event: { subtype?: string; bot_id?: string }): boolean {
  return (event.subtype === undefined || event.subtype === 'file_share') && !event.bot_id;
}

export function register(app: App, deps: SlackDeps): void {
  app.event('app_mention', async ({ event, body, client }) => {
    if (event.bot_id || !deps.dedupe.firstTime(`event:${body.event_id}`)) return;
    await client.chat.postMessage({ channel: event.channel, thread_ts: event.thread_ts ?? event.ts, ...renderGreeting() })
      .catch((error: unknown) => deps.logger.warn({ kind: 'event', event: 'app_mention', error: slackErrorCode(error) }, 'reply not posted'));
    deps.logger.info({ kind: 'event', event: 'app_mention', user: event.user, outcome: 'ok' }, 'event');
  });

  // `message.im` etc. are subscription names; Bolt listens to `message` and we filter by channel type.
  app.event('message', async ({ event, body, client }) => {
    if (event.channel_type !== 'im' || !isHumanMessage(event)) return;
    if ('thread_ts' in event && event.thread_ts) return;
    if (!deps.dedupe.firstTime(`event:${body.event_id}`)) return;
    await client.chat.postMessage({ channel: event.channel, ...renderGreeting() })
      .catch((error: unknown) => deps.logger.warn({ kind: 'event', event: 'message.im', error: slackErrorCode(error) }, 'reply not posted'));
    deps.logger.info({ kind: 'event', event: 'message.im', outcome: 'ok' }, 'event');
  });
}

import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { renderGreeting } from '../blocks/greeting';
import type { EventArgs, EventRoute, ListenerBoundary } from '../boundary';
import type { SlackDeps } from '../deps';
import { homeOpened } from '../home';
import { csvFileIn, postImportPreview } from '../import-file';
import { slackErrorCode } from '../errors';
import { isDatabaseUnavailable } from '../../domain/errors';
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

/**
 * Whether a thread is a run's is read from the database. While it cannot be read, a message that
 * is surely for us (a mention, a reply under one of our own posts) still gets the boundary's plain
 * answer in its thread rather than silence: `route` says where. Anything else is only logged.
 */
async function isRunThread(
  deps: SlackDeps,
  channel: string,
  threadTs: string,
  route: (error: unknown) => EventRoute | undefined,
): Promise<boolean | EventRoute> {
  try {
    return Boolean(await deps.runs.byThread(channel, threadTs));
  } catch (error) {
    const answered = isDatabaseUnavailable(error) ? route(error) : undefined;
    if (!answered) throw error;
    return answered;
  }
}

/** A route that only answers, in a thread, that the database cannot be reached (a plain line: no `?`). */
const unavailableIn = (name: string, user: string, channel: string, threadTs: string, error: unknown): EventRoute => ({
  name,
  user,
  place: { kind: 'thread', channel, threadTs, runThread: true },
  run: () => Promise.reject(error),
});

/** @PartnerOS in a channel: answered in the mention's thread (a run thread's mention is the coach's, as a message). */
const mention =
  (deps: SlackDeps) =>
  async ({ event, body, client }: EventArgs): Promise<EventRoute | undefined> => {
    if (event.type !== 'app_mention' || event.bot_id || !event.user) return undefined;
    const user = event.user;
    // A mention inside a run thread also arrives as a `message` event: the coach answers it there, once.
    if (event.thread_ts) {
      const threadTs = event.thread_ts;
      const inRun = await isRunThread(deps, event.channel, threadTs, (error) =>
        unavailableIn('app_mention', user, event.channel, threadTs, error),
      );
      if (inRun === true) return undefined;
      if (inRun !== false) return inRun;
    }
    const where = { channel: event.channel, threadTs: event.thread_ts ?? event.ts };
    return {
      name: 'app_mention',
      user,
      place: { kind: 'thread', ...where },
      async run() {
        if (!(await deps.dedupe.firstTime(`event:${body.event_id}`))) return;
        await greetOrAnswer(client, deps, where, event.text, user);
        deps.logger.info({ kind: 'event', event: 'app_mention', user, outcome: 'ok' }, 'event');
      },
    };
  };

/**
 * A message: a reply in a run thread goes to the coach, a DM to the app is a question. `message.channels`
 * etc. are subscription names; Bolt delivers `message` and we filter here.
 */
const message =
  (deps: SlackDeps) =>
  async ({ event, body, client, context }: EventArgs): Promise<EventRoute | undefined> => {
    if (event.type !== 'message' || !isHumanMessage(event) || !('user' in event) || !event.user) return undefined;
    const user = event.user;
    const channel = event.channel;
    const text = 'text' in event && typeof event.text === 'string' ? event.text : '';
    const threadTs =
      'thread_ts' in event && event.thread_ts && event.thread_ts !== event.ts ? event.thread_ts : undefined;
    // `parent_user_id`: who posted the thread's first message; a reply under ours is most likely in a
    // run. One that mentions us also arrives as app_mention, which answers it: only one of the two may.
    const parent = 'parent_user_id' in event ? event.parent_user_id : undefined;
    const underOurs = Boolean(context.botUserId && parent === context.botUserId);
    const mentionsUs = Boolean(context.botUserId && text.includes(`<@${context.botUserId}`));
    const inRun =
      threadTs &&
      (await isRunThread(deps, channel, threadTs, (error) =>
        underOurs && !mentionsUs ? unavailableIn('message.thread', user, channel, threadTs, error) : undefined,
      ));
    if (inRun && inRun !== true) return inRun;
    if (threadTs && inRun)
      return {
        name: 'message.thread',
        user,
        place: { kind: 'thread', channel, threadTs, runThread: true },
        async run() {
          if (!(await deps.dedupe.firstTime(`event:${body.event_id}`))) return;
          // "@PartnerOS 200" in a run thread is an answer to the coach, not a person named in it.
          const answer = context.botUserId
            ? text.replace(new RegExp(`<@${context.botUserId}(?:\\|[^>]*)?>`, 'g'), ' ').trim()
            : text;
          await onThreadReply(client, deps, { channel, threadTs, text: answer, user });
          deps.logger.info({ kind: 'event', event: 'message.thread', user, outcome: 'ok' }, 'event');
        },
      };
    // Elsewhere in channels only @mentions are for us, and they arrive as app_mention.
    if (event.channel_type !== 'im') return undefined;
    const where = { channel, ...(threadTs ? { threadTs } : {}) };
    // A CSV dropped in the DM is a partner import: checked, and answered with what it would do.
    const csv = csvFileIn('files' in event ? event.files : undefined);
    if (csv)
      return {
        name: 'message.im.import',
        user,
        place: { kind: 'thread', ...where },
        async run() {
          if (!(await deps.dedupe.firstTime(`event:${body.event_id}`))) return;
          await postImportPreview(client, deps, { user, ...where }, csv.id);
        },
      };
    return {
      name: 'message.im',
      user,
      place: { kind: 'thread', ...where },
      async run() {
        if (!(await deps.dedupe.firstTime(`event:${body.event_id}`))) return;
        await greetOrAnswer(client, deps, where, text, user);
        deps.logger.info({ kind: 'event', event: 'message.im', outcome: 'ok' }, 'event');
      },
    };
  };

/**
 * The app was uninstalled, or its bot token revoked: the workspace's tokens are forgotten and its
 * reminders stop. Its data stays for a reinstall (`partneros workspace delete` erases it). The
 * workspace is the one the request came from, never one the payload names.
 */
const uninstalled =
  (deps: SlackDeps) =>
  async ({ event }: EventArgs): Promise<EventRoute | undefined> => {
    if (event.type === 'tokens_revoked') {
      const bots = (event as { tokens?: { bot?: unknown } }).tokens?.bot;
      // Only user tokens revoked: we hold none, nothing changes.
      if (!Array.isArray(bots) || bots.length === 0) return undefined;
    }
    const workspaceId = deps.workspace.workspaceId;
    return {
      name: event.type,
      async run() {
        const cancelled = await deps.lifecycle.uninstalled(workspaceId, event.type.replace('_', ' '));
        deps.logger.info(
          { kind: 'event', event: event.type, workspace: workspaceId, cancelled, outcome: 'ok' },
          'workspace tokens deleted; its reminders stop (its data is kept)',
        );
      },
    };
  };

export function register(app: App, deps: SlackDeps, boundary: ListenerBoundary): void {
  const routes: Record<string, (args: EventArgs) => Promise<EventRoute | undefined>> = {
    app_mention: mention(deps),
    message: message(deps),
    app_home_opened: homeOpened(deps),
    app_uninstalled: uninstalled(deps),
    tokens_revoked: uninstalled(deps),
  };
  // One Bolt listener for every event, dispatched here (see actions/index.ts for why).
  app.event(
    new RegExp(`^(?:${Object.keys(routes).join('|')})$`),
    boundary.event(async (args) => routes[args.event.type]?.(args)),
  );
}

import { randomBytes } from 'node:crypto';
import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackViewMiddlewareArgs,
} from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { DomainError, isDatabaseUnavailable } from '../domain/errors';
import type { Logger } from '../logging';
import {
  databaseUnavailableLine,
  internalErrorLine,
  renderDatabaseUnavailable,
  renderHomeFailure,
  renderInternalError,
  renderNotInstalled,
  renderUserError,
} from './blocks/errors';
import { clip, type Message } from './blocks/text';
import { slackErrorCode } from './errors';

/**
 * The one error boundary every listener goes through. A DomainError becomes its message and fix;
 * anything else is logged in full with a short ref, and the person gets only the ref. Either way
 * the answer goes where the person is: the ack body or an ephemeral reply for a command or a
 * button, an error under a field for a form, a reply in the thread for a message, a Home tab
 * saying what happened for App Home. It also counts the work for shutdown.
 */

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
export type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;
export type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;
export type EventArgs = SlackEventMiddlewareArgs<string> & AllMiddlewareArgs;

/**
 * Where a failure of an event is answered, once the listener knows the event is for us. In a run's
 * thread only the coach's pending questions may contain `?`, so the answer there is a plain line without one.
 */
export type Place =
  | { kind: 'thread'; channel: string; threadTs?: string; runThread?: boolean }
  | { kind: 'home'; userId: string };

/** What an event is for us, decided from the event alone (or nothing: not ours, ignored). */
export interface EventRoute {
  /** For the log (`message.thread`, `app_mention`, …). */
  name: string;
  user?: string;
  place?: Place;
  run(): Promise<void>;
}

/** A form: its submission, and which input a failure is shown under. */
export interface Form {
  submit(args: ViewArgs): Promise<void>;
  /** The input a DomainError is about, if it is about one. */
  blockFor?(error: DomainError): string | undefined;
  /** Where any other failure goes (default: the form's first input). */
  fallbackBlock?: string;
}

export interface Failure {
  message: Message;
  /** The same in one line of plain text. */
  line: string;
  /** The DomainError's code, or `internal_error`. */
  outcome: string;
}

/** Counts work that shutdown waits for (InflightWork in src/app.ts). */
interface Tracker {
  track<T>(p: Promise<T>): Promise<T>;
}

/** Who sent a request, as Bolt verified it: what the workspace is resolved from. */
export interface Sender {
  context: AllMiddlewareArgs['context'];
  client: WebClient;
  userId: string | undefined;
}

/** Runs a listener inside the workspace the request came from (see request-scope.ts). */
export type EnterWorkspace = (sender: Sender, run: () => Promise<void>) => Promise<void>;

type Context = { kind: string; sub?: string } & Record<string, unknown>;

export const newRef = (): string => randomBytes(3).toString('hex');

/** Logs the failure (in full, with a ref, when it is ours) and says what to show. */
export function describeFailure(error: unknown, logger: Logger, context: Context): Failure {
  if (error instanceof DomainError) {
    logger.info({ ...context, outcome: error.code }, context.kind);
    return {
      message: renderUserError(error, context.sub),
      line: `${error.message} ${error.fix}`,
      outcome: error.code,
    };
  }
  const ref = newRef();
  if (isDatabaseUnavailable(error)) {
    // Not a fault of ours to hunt down: said plainly; the request can simply be made again.
    logger.warn({ ...context, outcome: 'database_unavailable', ref, error: String(error) }, 'database unavailable');
    return {
      message: renderDatabaseUnavailable(ref),
      line: databaseUnavailableLine(ref),
      outcome: 'database_unavailable',
    };
  }
  logger.error({ ...context, outcome: 'internal_error', ref, err: error }, 'unexpected error');
  return { message: renderInternalError(ref), line: internalErrorLine(ref), outcome: 'internal_error' };
}

/** The first word of a command's text, lower-cased: what logs and usage hints name. Never the rest (it may be a note). */
export const subcommandOf = (text: string): string => text.trim().split(/\s+/)[0]?.toLowerCase().slice(0, 20) || 'help';

/** An ack that remembers it was called: before the ack a failure is the answer itself, after it a follow-up. */
function trackedAck<A extends (...args: never[]) => Promise<void>>(ack: A): { ack: A; acked: () => boolean } {
  let called = false;
  const wrapped = ((...args: Parameters<A>) => {
    called = true;
    return ack(...args);
  }) as A; // same signature, one flag set first
  return { ack: wrapped, acked: () => called };
}

/** After the ack, or from a surface with no reply URL (App Home, a modal): the person's DM with the app. */
const dm = (client: WebClient, userId: string, body: Message) =>
  client.chat.postMessage({ channel: userId, ...body }).then(() => undefined);

/**
 * The input to show a form's failure under. Slack refuses errors for a block the view does not
 * have (a form's optional inputs come and go), so a choice is checked against the view's blocks.
 */
function errorBlock(view: ViewArgs['view'], candidates: (string | undefined)[]): string | undefined {
  const inputs = view.blocks.filter((b) => b.type === 'input' && b.block_id).map((b) => b.block_id);
  // A payload that lists no blocks cannot contradict the form's own choice.
  return candidates.find((c) => c && (inputs.length === 0 || inputs.includes(c))) ?? inputs[0];
}

export function listenerBoundary(logger: Logger, inflight: Tracker, enter: EnterWorkspace) {
  /** Runs the listener in its workspace; on a throw, answers through `answer`. Never throws itself. */
  async function guard(
    context: () => Context,
    sender: Sender,
    run: () => Promise<void>,
    answer: (failure: Failure, error: unknown) => Promise<void>,
  ): Promise<void> {
    try {
      await enter(sender, run);
    } catch (error) {
      const failure = describeFailure(error, logger, context());
      try {
        await answer(failure, error);
      } catch (answerError) {
        logger.error(
          { ...context(), error: slackErrorCode(answerError), err: answerError },
          'could not tell the person what went wrong',
        );
      }
    }
  }

  return {
    /** A slash command: the failure is the ack body if nothing was sent yet, else an ephemeral follow-up. */
    command:
      (handler: (args: CommandArgs) => Promise<void>) =>
      (args: CommandArgs): Promise<void> => {
        const { ack, acked } = trackedAck(args.ack);
        return inflight.track(
          guard(
            () => ({
              kind: 'command',
              command: args.command.command,
              sub: subcommandOf(args.command.text),
              user: args.command.user_id,
            }),
            { context: args.context, client: args.client, userId: args.command.user_id },
            () => handler({ ...args, ack }),
            async (failure) => {
              const reply = { response_type: 'ephemeral' as const, ...failure.message };
              if (!acked()) {
                // Past Slack's 3 seconds the ack cannot carry it any more; the response_url still can.
                const sent = await ack(reply).then(
                  () => true,
                  () => false,
                );
                if (sent) return;
              }
              await args.respond({ ...reply, replace_original: false });
            },
          ),
        );
      },

    /** A button: ephemeral under the message it is on; from App Home or a modal, in the person's DM. */
    action:
      (handler: (args: ActionArgs) => Promise<void>) =>
      (args: ActionArgs): Promise<void> => {
        const { ack, acked } = trackedAck(args.ack);
        return inflight.track(
          guard(
            () => ({ kind: 'action', action: args.action.action_id.slice(0, 60), user: args.body.user.id }),
            { context: args.context, client: args.client, userId: args.body.user.id },
            () => handler({ ...args, ack }),
            async (failure) => {
              if (!acked()) await ack();
              // Bolt gives respond() only when the payload has a response_url (a message, not a view).
              if ('response_url' in args.body && args.body.response_url)
                await args.respond({ response_type: 'ephemeral', replace_original: false, ...failure.message });
              else await dm(args.client, args.body.user.id, failure.message);
            },
          ),
        );
      },

    /** A form: before the ack, the error under the field it is about (else the first input); after it, a DM. */
    view:
      (formOf: (args: ViewArgs) => Form | undefined) =>
      async (args: ViewArgs): Promise<void> => {
        const form = formOf(args);
        if (!form) return void (await args.ack());
        const { ack, acked } = trackedAck(args.ack);
        return inflight.track(
          guard(
            () => ({ kind: 'view', view: args.view.callback_id, user: args.body.user.id }),
            { context: args.context, client: args.client, userId: args.body.user.id },
            () => form.submit({ ...args, ack }),
            async (failure, error) => {
              if (!acked()) {
                const named = error instanceof DomainError ? form.blockFor?.(error) : undefined;
                const block = errorBlock(args.view, [named, form.fallbackBlock]);
                // Slack shows about 150 characters under an input.
                const line = clip(failure.line, 150);
                if (block) return void (await ack({ response_action: 'errors', errors: { [block]: line } }));
                await ack();
              }
              await dm(args.client, args.body.user.id, failure.message);
            },
          ),
        );
      },

    /** An event (acked by Bolt already): answered at the route's place, or only logged if it never got one. */
    event:
      (routeOf: (args: EventArgs) => Promise<EventRoute | undefined>) =>
      (args: EventArgs): Promise<void> => {
        let route: EventRoute | undefined;
        return inflight.track(
          guard(
            () => ({ kind: 'event', event: route?.name ?? args.event.type, user: route?.user }),
            { context: args.context, client: args.client, userId: eventUser(args.event) },
            async () => {
              route = await routeOf(args);
              await route?.run();
            },
            async (failure) => {
              const place = route?.place;
              if (place?.kind === 'home')
                await args.client.views.publish({ user_id: place.userId, view: renderHomeFailure(failure.message) });
              else if (place?.kind === 'thread')
                await args.client.chat.postMessage({
                  channel: place.channel,
                  ...(place.threadTs ? { thread_ts: place.threadTs } : {}),
                  ...(place.runThread ? { text: `:x: ${failure.line.replace(/\?/g, '？')}` } : failure.message),
                });
            },
          ),
        );
      },
  };
}

export type ListenerBoundary = ReturnType<typeof listenerBoundary>;

function eventUser(event: unknown): string | undefined {
  const user = event && typeof event === 'object' && 'user' in event ? event.user : undefined;
  return typeof user === 'string' ? user : undefined;
}

/**
 * Bolt's error handler, for what escapes every listener (a middleware, Bolt itself): logged with a
 * ref, and the person told through the payload's response_url when it has one.
 */
export function backstop(app: App, logger: Logger): void {
  // The extended form (App option extendedErrorHandler) is what carries the payload.
  app.error(async ({ error, body }: { error: Error; body: unknown }) => {
    const ref = newRef();
    const notInstalled = isNotInstalled(error);
    if (notInstalled)
      logger.warn({ kind: 'not_installed', ref, err: error }, 'a request from a workspace with no installation');
    else logger.error({ kind: 'unhandled', ref, err: error }, 'unexpected error outside the listeners');
    const url = body && typeof body === 'object' && 'response_url' in body ? body.response_url : undefined;
    if (typeof url !== 'string') return;
    const answer = notInstalled ? renderNotInstalled() : renderInternalError(ref);
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, ...answer }),
    }).catch((sendError: unknown) => logger.warn({ kind: 'unhandled', ref, err: sendError }, 'ref not sent'));
  });
}

/**
 * Bolt could not authorize the request because the installation store has none for its workspace
 * (install.ts's NotInstalled, wrapped by Bolt and by its OAuth package). Matched by name: install.ts
 * imports from this module.
 */
function isNotInstalled(error: unknown): boolean {
  let e: unknown = error;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    if ((e as { name?: unknown }).name === 'NotInstalled') return true;
    e = (e as { original?: unknown; cause?: unknown }).original ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

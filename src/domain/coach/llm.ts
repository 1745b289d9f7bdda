import type { CircuitBreaker, Permit } from './breaker';
import type { AskContext, CoachAnswer, CoachEngine, CoachMessage, CoachTurn, StepContext, StreamSink } from './engine';
import { extractionRequest, interpretExtraction, type AnswerValidator, type Extraction } from './extraction';
import { LlmError, type ChatMessage, type LlmClient } from './llm-client';
import { askMessages, turnMessages } from './prompt';
import { progressHints } from './guided';

export type { AnswerValidator } from './extraction';

/**
 * The LLM coach: for each thread reply it extracts the step's field values from the free text and
 * streams short advice, both at once, each under its own deadline. Any failure (an HTTP error, a timeout, bad
 * JSON, no connection) hands the message to the guided engine instead, with `fellBack` saying why, so the user
 * always gets an answer and the run never stalls on the model.
 *
 * A circuit breaker (`breaker.ts`) decides how hard to try: while the model fails, a reply calls it once, one
 * call after the other and never retried; after repeated failures it is left alone for a cool-down. The
 * advice stream is never retried by the client (a retry would restart the first-token wait); the extraction,
 * short and idempotent, may be retried once while the model is healthy, within its deadline.
 */

export interface CoachTimeouts {
  /** The structured extraction, retries included. */
  readonly extractMs: number;
  /** The whole streamed reply, from request to last token. */
  readonly replyMs: number;
  /** Until the first token of the reply; default: replyMs. A model that starts late is usually down. */
  readonly firstTokenMs?: number;
}

/**
 * Chosen for a person waiting in a Slack thread: a hosted small model extracts in 1–3 s and starts streaming
 * in under 2 s; a local model on a CPU is slower but should start within 10 s. Past these, guided is better.
 */
export const DEFAULT_COACH_TIMEOUTS = {
  extractMs: 15_000,
  replyMs: 30_000,
  firstTokenMs: 10_000,
} as const satisfies CoachTimeouts;

/** Structured fields, never message text; pino's `logger.warn(obj, msg)` fits. */
export interface CoachLogger {
  warn(fields: Record<string, unknown>, message: string): void;
  info?(fields: Record<string, unknown>, message: string): void;
}

export interface LlmCoachOptions {
  readonly client: LlmClient;
  /** Answers when the model cannot. */
  readonly guided: CoachEngine;
  /** The guided engine's answer parser, so both engines accept the same values. */
  readonly validate: AnswerValidator;
  readonly timeouts: CoachTimeouts;
  /** When the model may be called (one per coach: it is the model's health that it tracks). */
  readonly breaker: CircuitBreaker;
  readonly logger?: CoachLogger;
}

/** A deadline of ours passed (as opposed to a timeout the client reported). */
class DeadlineExceeded extends Error {
  constructor(
    readonly what: 'extraction' | 'reply' | 'first token',
    ms: number,
  ) {
    super(`the ${what} took longer than ${ms} ms`);
    this.name = 'DeadlineExceeded';
  }
}

/**
 * Runs `work` with a signal that aborts after `ms` or when `parent` aborts, and settles by then even if the
 * work ignores its signal. `work` may call `done()` to lift the deadline early (the first-token wait).
 */
async function withDeadline<T>(
  what: DeadlineExceeded['what'],
  ms: number,
  parent: AbortSignal,
  work: (signal: AbortSignal, done: () => void) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineExceeded(what, ms)), ms);
  const forward = () => controller.abort(parent.reason);
  parent.addEventListener('abort', forward, { once: true });
  if (parent.aborted) forward();
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  const running = work(controller.signal, () => clearTimeout(timer));
  // Whichever loses the race is settled later, unobserved: mark both handled.
  running.catch(() => undefined);
  aborted.catch(() => undefined);
  try {
    return await Promise.race([running, aborted]);
  } catch (err) {
    const reason: unknown = controller.signal.reason;
    throw controller.signal.aborted && reason instanceof DeadlineExceeded ? reason : err;
  } finally {
    clearTimeout(timer);
    parent.removeEventListener('abort', forward);
  }
}

/** Why the model's answer was not used, in a few words for the thread (`fellBack`). */
export function failureReason(err: unknown): string {
  if (err instanceof DeadlineExceeded)
    return err.what === 'first token' ? 'the model did not start answering in time' : 'the model timed out';
  if (!(err instanceof LlmError)) return 'the model service failed';
  switch (err.kind) {
    case 'timeout':
      return 'the model timed out';
    case 'http':
      return err.status ? `the model service answered HTTP ${err.status}` : 'the model service answered with an error';
    case 'connection':
      return 'the model service could not be reached';
    case 'invalid_output':
      return 'the model answered with invalid JSON';
    case 'empty':
      return 'the model answered with nothing';
    case 'refused':
      return 'the model declined to answer';
    case 'aborted':
      return 'the model request was cancelled';
    default:
      return 'the model service failed';
  }
}

/** Why the model was not asked, in a few words for the thread. */
function resting(permit: Extract<Permit, { kind: 'rest' }>): string {
  const seconds = Math.max(1, Math.ceil(permit.retryInMs / 1000));
  const when = seconds < 90 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
  return `the model failed ${permit.failures} times in a row, so it is left alone; it is tried again in ${when}`;
}

export function llmCoach(options: LlmCoachOptions): CoachEngine {
  const { client, guided, validate, timeouts, breaker, logger } = options;

  /** Streams a reply under the reply and first-token deadlines; the sink sees the raw text so far while `live()`. */
  function reply(
    messages: ChatMessage[],
    parent: AbortSignal,
    sink: StreamSink | undefined,
    live: () => boolean,
  ): Promise<string> {
    return withDeadline('reply', timeouts.replyMs, parent, (signal) =>
      withDeadline('first token', timeouts.firstTokenMs ?? timeouts.replyMs, signal, (inner, started) => {
        let text = '';
        return client.stream(
          messages,
          (delta) => {
            started();
            text += delta;
            if (sink && live()) sink(text);
          },
          { signal: inner, maxRetries: 0 },
        );
      }),
    );
  }

  function recovered(op: 'turn' | 'ask'): void {
    if (breaker.succeeded()) logger?.info?.({ coach: 'llm', op, breaker: 'closed' }, 'the model answers again');
  }

  /** Settles the permit with the failure, logs it, and says why in a few words. */
  function report(op: 'turn' | 'ask', permit: Permit, err: unknown): string {
    const reason = failureReason(err);
    // A refusal is the model answering: it says nothing about whether the service is up.
    const refused = err instanceof LlmError && err.kind === 'refused';
    if (refused) breaker.released(permit);
    const settled = refused ? null : breaker.failed(permit);
    if (settled?.opened)
      logger?.warn(
        { coach: 'llm', op, breaker: 'open', coolDownMs: settled.coolDownMs },
        'the LLM coach stops calling the model for a while after repeated failures',
      );
    logger?.warn(
      {
        coach: 'llm',
        op,
        reason,
        kind: err instanceof LlmError ? err.kind : err instanceof DeadlineExceeded ? 'deadline' : 'unexpected',
        status: err instanceof LlmError ? err.status : undefined,
        error: err instanceof Error ? err.message.slice(0, 300) : String(err).slice(0, 300),
      },
      'the LLM coach fell back to the guided engine',
    );
    return reason;
  }

  return {
    kind: 'llm',

    async turn(context: StepContext, message: CoachMessage, stream?: StreamSink): Promise<CoachTurn> {
      const permit = breaker.permit();
      if (permit.kind === 'rest') return { ...(await guided.turn(context, message)), fellBack: resting(permit) };
      // One signal for both calls: when either fails, the other is cancelled rather than paid for.
      const both = new AbortController();
      const request = extractionRequest(context, message);
      const extract = (): Promise<Extraction | null> =>
        request
          ? withDeadline('extraction', timeouts.extractMs, both.signal, (signal) =>
              client.extract(request.messages, request.schema, { signal, ...(permit.probe ? { maxRetries: 0 } : {}) }),
            )
          : Promise.resolve(null);
      const advise = () => reply(turnMessages(context, message), both.signal, stream, () => !both.signal.aborted);
      try {
        // While the model fails, one call at a time: a failed extraction means no advice request at all.
        const [extraction, text] = permit.probe
          ? [await extract(), await advise()]
          : await Promise.all([extract(), advise()]);
        recovered('turn');
        const found = extraction
          ? interpretExtraction(context, extraction, validate)
          : { values: {}, skipped: [], problems: [] };
        return { ...found, hints: progressHints(context, found), advice: text };
      } catch (err) {
        both.abort();
        const fellBack = report('turn', permit, err);
        // The guided text replaces whatever the stream already showed.
        return { ...(await guided.turn(context, message)), fellBack };
      } finally {
        both.abort();
      }
    },

    async ask(context: AskContext, question: string, stream?: StreamSink): Promise<CoachAnswer> {
      const permit = breaker.permit();
      if (permit.kind === 'rest') return { ...(await guided.ask(context, question)), fellBack: resting(permit) };
      const done = new AbortController();
      try {
        const text = await reply(askMessages(context, question), done.signal, stream, () => !done.signal.aborted);
        if (!text.trim()) throw new LlmError('empty', 'the model answered with an empty reply');
        recovered('ask');
        return { lines: [], advice: text };
      } catch (err) {
        done.abort();
        const fellBack = report('ask', permit, err);
        return { ...(await guided.ask(context, question)), fellBack };
      } finally {
        done.abort();
      }
    },
  };
}

import OpenAI from 'openai';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  ContentFilterFinishReasonError,
  LengthFinishReasonError,
} from 'openai/core/error';
import { zodResponseFormat } from 'openai/helpers/zod';
import { ZodError } from 'zod';
import {
  LlmError,
  type ChatMessage,
  type LlmCallOptions,
  type LlmClient,
  type OutputSchema,
} from '../domain/coach/llm-client';

/**
 * The LlmClient on the `openai` SDK, through Chat Completions: the one API OpenAI, Azure, Ollama and vLLM all
 * serve with streaming and `response_format: json_schema`. The coach owns the overall
 * deadline through each call's signal; `timeoutMs` is only this client's backstop per request.
 */

export interface OpenAiClientOptions {
  /** Required: the SDK's constructor throws without one. A local server (Ollama) takes any non-empty key. */
  readonly apiKey: string;
  /** e.g. http://127.0.0.1:11434/v1; default OpenAI's. */
  readonly baseUrl?: string | undefined;
  readonly model: string;
  /** Per request, retries included in the coach's deadline but not in this one. */
  readonly timeoutMs: number;
  /**
   * Default 1: one quick retry of a 5xx / 429 / dropped connection. The coach's deadline bounds the total: the
   * SDK checks the call's signal before each attempt, so no retry is sent once the deadline has passed.
   */
  readonly maxRetries?: number;
}

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export function openAiClient(options: OpenAiClientOptions): LlmClient {
  const client = new OpenAI({
    apiKey: options.apiKey,
    // Explicit values, so the SDK does not read OPENAI_BASE_URL / OPENAI_ORG_ID / OPENAI_PROJECT_ID itself:
    // only config/ reads the environment.
    baseURL: options.baseUrl ?? DEFAULT_BASE_URL,
    organization: null,
    project: null,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries ?? 1,
    // Failures reach the coach as LlmErrors and are logged there, once, as JSON; no console lines from the SDK.
    logLevel: 'off',
  });
  const model = options.model;
  const toParams = (messages: readonly ChatMessage[]) => messages.map((m) => ({ role: m.role, content: m.content }));

  return {
    async extract<T>(messages: readonly ChatMessage[], schema: OutputSchema<T>, call: LlmCallOptions): Promise<T> {
      try {
        const completion = await client.chat.completions.parse(
          {
            model,
            messages: toParams(messages),
            temperature: 0,
            response_format: zodResponseFormat(schema.zod, schema.name),
          },
          requestOptions(call),
        );
        const message = completion.choices[0]?.message;
        if (message?.refusal) throw new LlmError('refused', `the model refused: ${message.refusal.slice(0, 200)}`);
        if (message?.parsed === null || message?.parsed === undefined)
          throw new LlmError('invalid_output', 'the model answered without JSON');
        // parse() already checked the schema; this re-check gives the value its static type without a cast.
        return schema.zod.parse(message.parsed);
      } catch (err) {
        throw asLlmError(err);
      }
    },

    async stream(
      messages: readonly ChatMessage[],
      onDelta: (delta: string) => void,
      call: LlmCallOptions,
    ): Promise<string> {
      try {
        const chunks = await client.chat.completions.create(
          { model, messages: toParams(messages), stream: true },
          requestOptions(call),
        );
        let text = '';
        for await (const chunk of chunks) {
          const delta = chunk.choices[0]?.delta?.content;
          if (!delta) continue;
          text += delta;
          onDelta(delta);
        }
        return text;
      } catch (err) {
        throw asLlmError(err);
      }
    },
  };
}

/** The SDK's per-request options: the coach's signal, and its retry budget when it sets one. */
const requestOptions = (call: LlmCallOptions) => ({
  signal: call.signal,
  ...(call.maxRetries === undefined ? {} : { maxRetries: call.maxRetries }),
});

/** The SDK's error classes (and a bad JSON body) as the domain's LlmError kinds. */
export function asLlmError(err: unknown): LlmError {
  if (err instanceof LlmError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const wrap = (kind: LlmError['kind'], status?: number) => new LlmError(kind, message, status, { cause: err });
  // Order matters: the abort and connection errors are APIError subclasses without a status.
  if (err instanceof APIUserAbortError) return wrap('aborted');
  if (err instanceof APIConnectionTimeoutError) return wrap('timeout');
  if (err instanceof APIConnectionError) return wrap('connection');
  if (err instanceof APIError) return wrap('http', err.status);
  if (err instanceof LengthFinishReasonError) return wrap('invalid_output');
  if (err instanceof ContentFilterFinishReasonError) return wrap('refused');
  if (err instanceof SyntaxError || err instanceof ZodError) return wrap('invalid_output');
  if (err instanceof Error && err.name === 'AbortError') return wrap('aborted');
  return wrap('unknown');
}

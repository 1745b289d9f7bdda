import type { z } from 'zod';

/**
 * The network boundary of the LLM coach: a chat model that can fill a JSON schema and stream a reply.
 * The domain knows only this interface; `src/llm/openai-client.ts` implements it with the `openai` SDK
 * (OpenAI, Azure, Ollama, vLLM), and tests run that adapter against a fake server on 127.0.0.1.
 */

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** A structured-output request: the schema the model must fill (zod is the one currency for shapes). */
export interface OutputSchema<T> {
  readonly name: string;
  readonly zod: z.ZodType<T>;
}

export interface LlmCallOptions {
  /**
   * Aborts the request (the caller owns the deadline). The client's own retries stay inside it: no attempt
   * starts once it has fired.
   */
  readonly signal: AbortSignal;
  /** Retries of a failed attempt (5xx, 429, a dropped connection); default the client's own setting. */
  readonly maxRetries?: number;
}

export interface LlmClient {
  /** Structured output: the model's JSON, parsed and checked against `schema`. Throws an LlmError on failure. */
  extract<T>(messages: readonly ChatMessage[], schema: OutputSchema<T>, options: LlmCallOptions): Promise<T>;
  /** Streams the reply: `onDelta` gets each piece as it arrives; resolves with the whole text. Throws an LlmError. */
  stream(messages: readonly ChatMessage[], onDelta: (delta: string) => void, options: LlmCallOptions): Promise<string>;
}

/**
 * What went wrong at the boundary, in terms the coach can explain:
 * - `timeout`: the request's own time limit passed; `aborted`: the caller's signal fired;
 * - `http`: the service answered an error status; `connection`: it could not be reached;
 * - `invalid_output`: not JSON, not the schema, or cut off; `empty`: no text at all;
 * - `refused`: the model declined or was filtered.
 */
export type LlmFailureKind =
  | 'timeout'
  | 'aborted'
  | 'http'
  | 'connection'
  | 'invalid_output'
  | 'empty'
  | 'refused'
  | 'unknown';

export class LlmError extends Error {
  constructor(
    readonly kind: LlmFailureKind,
    message: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'LlmError';
  }
}

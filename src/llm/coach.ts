import type { Config } from '../config/schema';
import type { Clock } from '../domain/clock';
import { circuitBreaker, type BreakerOptions, DEFAULT_BREAKER } from '../domain/coach/breaker';
import type { CoachEngine } from '../domain/coach/engine';
import {
  DEFAULT_COACH_TIMEOUTS,
  llmCoach,
  type AnswerValidator,
  type CoachLogger,
  type CoachTimeouts,
} from '../domain/coach/llm';
import { openAiClient } from './openai-client';

/**
 * The coach the configuration asks for: the LLM engine (falling back to `guided`) when OPENAI_API_KEY is set,
 * else the guided engine alone. The SDK refuses to start without a key, so no key means no client at all.
 */
export interface CoachSetup {
  /** The circuit breaker's cool-downs run on it. */
  readonly clock: Clock;
  readonly logger?: CoachLogger & { info(fields: Record<string, unknown>, message: string): void };
  readonly timeouts?: CoachTimeouts;
  readonly breaker?: BreakerOptions;
}

export function coachFromConfig(
  llm: Config['llm'],
  guided: CoachEngine,
  validate: AnswerValidator,
  setup: CoachSetup,
): CoachEngine {
  const { clock, logger, timeouts = DEFAULT_COACH_TIMEOUTS, breaker = DEFAULT_BREAKER } = setup;
  if (!llm.apiKey) {
    if (llm.baseUrl) {
      logger?.warn(
        { coach: 'guided', baseUrl: llm.baseUrl },
        'OPENAI_BASE_URL is set but OPENAI_API_KEY is not, so the coach runs guided; a local server (Ollama, vLLM) takes any key, e.g. OPENAI_API_KEY=ollama',
      );
    }
    return guided;
  }
  // The client's own per-request limit is only a backstop behind the engine's deadlines.
  const client = openAiClient({
    apiKey: llm.apiKey,
    baseUrl: llm.baseUrl,
    model: llm.model,
    timeoutMs: Math.max(timeouts.extractMs, timeouts.replyMs),
  });
  logger?.info(
    { coach: 'llm', model: llm.model, baseUrl: llm.baseUrl ?? 'https://api.openai.com/v1' },
    'the coach uses the LLM engine',
  );
  return llmCoach({ client, guided, validate, timeouts, breaker: circuitBreaker(clock, breaker), logger });
}

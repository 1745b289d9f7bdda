import type { Clock } from '../clock';

/**
 * When the LLM coach may call the model, so a failing model is not hammered (every reply used to call it
 * again, with the SDK's retries on top):
 *
 * - healthy: a reply makes its usual calls (the extraction and the advice, in parallel);
 * - after a failing reply: one call per reply, never retried, until one succeeds;
 * - after `opensAfter` failing replies in a row: no call at all for a cool-down (`coolDownMs`, doubling after
 *   each failed probe up to `maxCoolDownMs`); the guided coach answers meanwhile;
 * - once the cool-down has passed: one reply probes the model with a single call (replies arriving meanwhile
 *   get the guided coach); success closes the breaker, failure opens it again for twice as long.
 *
 * The state lives in this process's memory, on purpose. With several replicas each holds its own view of the
 * model: a replica that has not seen the failures yet makes at most its own few calls, and after a cool-down
 * each replica makes its own single probe. That staleness is harmless, and sharing the state would cost a
 * database write on every model call.
 */

export interface BreakerOptions {
  /** Failing replies in a row that open the breaker. */
  readonly opensAfter: number;
  /** The first cool-down. */
  readonly coolDownMs: number;
  /** The longest cool-down, however many probes fail. */
  readonly maxCoolDownMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = { opensAfter: 3, coolDownMs: 30_000, maxCoolDownMs: 10 * 60_000 };

/**
 * What one reply may do: call the model (`probe`: once, without retries; `halfOpen`: the one probe after a
 * cool-down), or leave it alone for `retryInMs` more.
 */
export type Permit =
  | { readonly kind: 'call'; readonly probe: boolean; readonly halfOpen: boolean }
  | { readonly kind: 'rest'; readonly failures: number; readonly retryInMs: number };

/** What a reply's calls came to: whether the breaker opened (for the log). */
export type Settled = { readonly opened: false } | { readonly opened: true; readonly coolDownMs: number };

export interface CircuitBreaker {
  /** Asked once per reply, before any call. A `call` permit is settled by `succeeded`, `failed` or `released`. */
  permit(): Permit;
  /** The model answered; true when it had been failing (the breaker closes). */
  succeeded(): boolean;
  failed(permit: Permit): Settled;
  /** The calls ended in a way that says nothing about the service (the model declined to answer). */
  released(permit: Permit): void;
}

export function circuitBreaker(clock: Clock, options: BreakerOptions = DEFAULT_BREAKER): CircuitBreaker {
  let failures = 0;
  let openUntil: number | null = null;
  let coolDown = options.coolDownMs;
  let probing = false;

  return {
    permit() {
      if (openUntil === null) return { kind: 'call', probe: failures > 0, halfOpen: false };
      const now = clock.now().getTime();
      if (now < openUntil || probing) return { kind: 'rest', failures, retryInMs: Math.max(0, openUntil - now) };
      probing = true;
      return { kind: 'call', probe: true, halfOpen: true };
    },
    succeeded() {
      const recovered = failures > 0;
      failures = 0;
      openUntil = null;
      coolDown = options.coolDownMs;
      probing = false;
      return recovered;
    },
    failed(permit) {
      failures += 1;
      const probed = permit.kind === 'call' && permit.halfOpen;
      if (probed) probing = false;
      // A reply let through before the breaker opened, failing late: already counted as open.
      if (openUntil !== null && !probed) return { opened: false };
      if (openUntil === null && failures < options.opensAfter) return { opened: false };
      if (probed) coolDown = Math.min(coolDown * 2, options.maxCoolDownMs);
      openUntil = clock.now().getTime() + coolDown;
      return { opened: true, coolDownMs: coolDown };
    },
    released(permit) {
      if (permit.kind === 'call' && permit.halfOpen) probing = false;
    },
  };
}

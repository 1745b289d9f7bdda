/**
 * Wait on a condition, never on a sleep. Bolt acks before listeners finish, so tests poll the fake's call
 * log: `await until(() => slack.calls('chat.postMessage').length === 1)`.
 */

export interface UntilOptions {
  /** Give up after this long (default 5000 ms). */
  timeoutMs?: number;
  /** Time between checks (default 10 ms). */
  intervalMs?: number;
  /** What was being waited for; shown in the timeout error. */
  message?: string | (() => string);
}

type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

/**
 * Polls `cond` (sync or async) until it returns a truthy value and resolves with that value, so
 * `const call = await until(() => slack.calls('chat.update')[0])` both waits and narrows.
 * A throwing condition counts as "not yet"; its last error is quoted if the wait times out.
 */
export async function until<T>(cond: () => T | Promise<T>, options: UntilOptions = {}): Promise<Truthy<T>> {
  const { timeoutMs = 5000, intervalMs = 10 } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  let lastValue: unknown;
  for (;;) {
    try {
      const value = await cond();
      if (value) return value as Truthy<T>; // the truthiness check above is exactly what Truthy<T> expresses
      lastValue = value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const what = typeof options.message === 'function' ? options.message() : options.message;
  const detail =
    lastError === undefined
      ? `last value: ${JSON.stringify(lastValue)}`
      : `last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`;
  throw new Error(`until: timed out after ${timeoutMs} ms${what ? ` waiting for ${what}` : ''} (${detail})`);
}

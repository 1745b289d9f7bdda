/**
 * One run at a time: thread replies and button presses for the same run are handled in arrival order,
 * so a reply and a click never interleave their posts and edits. Different runs go in parallel.
 */
export function keyedQueue() {
  const tails = new Map<number, Promise<unknown>>();
  return {
    run<T>(key: number, work: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const next = previous.catch(() => undefined).then(work);
      const tail = next.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return next;
    },
  };
}

export type KeyedQueue = ReturnType<typeof keyedQueue>;

import type { Store } from '../store';
import type { Clock } from './clock';

/** Slack retries events with the same event_id and people double-click: act on each key once. */
export function dedupeService(store: Store, clock: Clock) {
  return {
    firstTime: (key: string): Promise<boolean> => store.processedEvents.claim(key, clock.now().toISOString()),
  };
}

export type DedupeService = ReturnType<typeof dedupeService>;

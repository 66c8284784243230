import { LRUCache } from 'lru-cache';

/**
 * Remembers the events already handled, so a retry from Slack
 * (`x-slack-retry-num`) is never answered twice. Bounded in size and time:
 * Slack retries within minutes, so an hour is plenty.
 */
export function createEventDeduper(options: { max?: number; ttlMs?: number } = {}) {
  const seen = new LRUCache<string, true>({ max: options.max ?? 5000, ttl: options.ttlMs ?? 60 * 60 * 1000 });
  return {
    /** True the first time an id is seen, false for every repeat. */
    firstTime(id: string): boolean {
      if (seen.has(id)) return false;
      seen.set(id, true);
      return true;
    },
  };
}
export type EventDeduper = ReturnType<typeof createEventDeduper>;

import type { Logger } from '@slack/logger';
import type { BacklogStore } from '../core/store.js';

/** Slack retries an event within minutes (three times, the last about 5 minutes on): an hour is plenty. */
export const DELIVERY_TTL_MS = 60 * 60_000;

/**
 * Remembers the events already handled, in the store shared by every replica,
 * so a retry from Slack (`x-slack-retry-num`) is never answered twice, even on
 * another replica. A store that fails (or stays silent past the answer budget,
 * see withAnswerBudget) must not silence the bot: the event is then answered
 * (a rare double answer rather than none) and the failure logged.
 */
export function createEventDeduper(options: { store: BacklogStore; logger: Logger; clock?: () => Date; ttlMs?: number }) {
  const { store, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const ttlMs = options.ttlMs ?? DELIVERY_TTL_MS;
  return {
    /** True the first time an id is seen by any process on the store, false for every repeat. */
    async firstTime(id: string): Promise<boolean> {
      const now = clock();
      try {
        return await store.firstDelivery(id, new Date(now.getTime() + ttlMs), now);
      } catch (error) {
        logger.error(`Could not check whether event ${id} was already handled; handling it:`, error);
        return true;
      }
    },
  };
}
export type EventDeduper = ReturnType<typeof createEventDeduper>;

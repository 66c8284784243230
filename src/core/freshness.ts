import { compareTitles, type Entry } from './entry.js';

const DAY_MS = 86_400_000;

/** How long an entry may go unreviewed before the App Home counts it as stale. */
export const REVIEW_STALE_AFTER_DAYS = 180;

/** How many entries are due for a review (see REVIEW_STALE_AFTER_DAYS): what the App Home shows. */
export function reviewsDue(entries: readonly Entry[], now: Date): { stale: number; days: number } {
  return { stale: staleEntries(entries, REVIEW_STALE_AFTER_DAYS * DAY_MS, now).length, days: REVIEW_STALE_AFTER_DAYS };
}

/** An entry not reviewed for too long, or never. */
export interface StaleEntry {
  entry: Entry;
  /** Whole days since its `reviewed` date; absent when it was never reviewed. */
  daysSince?: number;
}

/**
 * The entries whose `reviewed` date (a calendar day, read as UTC midnight) is
 * at least `maxAgeMs` before `now`, or that have none: never reviewed first,
 * then the longest unreviewed, then by title.
 */
export function staleEntries(entries: readonly Entry[], maxAgeMs: number, now: Date): StaleEntry[] {
  return entries
    .flatMap((entry): StaleEntry[] => {
      if (!entry.reviewed) return [{ entry }];
      const age = now.getTime() - Date.parse(`${entry.reviewed}T00:00:00Z`);
      return age >= maxAgeMs ? [{ entry, daysSince: Math.floor(age / DAY_MS) }] : [];
    })
    .sort((a, b) => (b.daysSince ?? Infinity) - (a.daysSince ?? Infinity) || compareTitles(a.entry, b.entry));
}

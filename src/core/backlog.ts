import { compareTitles, type Entry, type Priority } from './entry.js';

/** A tool the recap says the team should try, derived from an entry's `backlog` field. */
export interface BacklogItem {
  entry: Entry;
  priority: Priority;
  reason: string;
}

export const PRIORITY_RANK: Record<Priority, number> = { high: 0, normal: 1, low: 2 };

/** The evaluation backlog: every entry with a `backlog` field, highest priority first, then by title. */
export function deriveBacklog(entries: readonly Entry[]): BacklogItem[] {
  return entries
    .flatMap((entry) => (entry.backlog ? [{ entry, priority: entry.backlog.priority, reason: entry.backlog.reason }] : []))
    .sort(
      (a, b) =>
        PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || compareTitles(a.entry, b.entry),
    );
}

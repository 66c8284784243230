import { compareTitles, type Entry, type Priority } from './entry.js';

/**
 * A tool to try: from the recap (an entry's `backlog` field) or proposed by
 * the team (`source: 'proposed'`, with who proposed it and when).
 */
export type BacklogItem = {
  entry: Entry;
  priority: Priority;
  reason: string;
} & ({ source: 'recap' } | { source: 'proposed'; proposedBy: string; proposedAt: Date; url: string });

export const PRIORITY_RANK: Record<Priority, number> = { high: 0, normal: 1, low: 2 };

/** Highest priority first, then by title. */
export const compareBacklogItems = (a: BacklogItem, b: BacklogItem) =>
  PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || compareTitles(a.entry, b.entry);

/** The recap's backlog: every entry with a `backlog` field, highest priority first, then by title. */
export function deriveBacklog(entries: readonly Entry[]): BacklogItem[] {
  return entries
    .flatMap((entry): BacklogItem[] => (entry.backlog ? [{ entry, priority: entry.backlog.priority, reason: entry.backlog.reason, source: 'recap' }] : []))
    .sort(compareBacklogItems);
}

/** The whole backlog: the recap's tools and the team's proposals, in one order. */
export function joinBacklog(recap: readonly BacklogItem[], proposed: readonly BacklogItem[]): BacklogItem[] {
  return [...recap, ...proposed].sort(compareBacklogItems);
}

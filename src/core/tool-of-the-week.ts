import type { DigestRecord, ToolState } from './store.js';
import { PRIORITY_RANK, type BacklogItem } from './backlog.js';
import { compareTitles } from './entry.js';
import { toolStatus } from './tool-status.js';

/**
 * The tool to feature this week: never one evaluated or dismissed, never last
 * week's, and every remaining tool before any repeats; then highest priority, then title.
 */
export function pickToolOfTheWeek(
  backlog: readonly BacklogItem[],
  states: ReadonlyMap<string, ToolState>,
  history: readonly DigestRecord[],
): BacklogItem | undefined {
  const lastWeek = history[0]?.entryId;
  const timesFeatured = new Map<string, number>();
  for (const digest of history) {
    if (digest.entryId) timesFeatured.set(digest.entryId, (timesFeatured.get(digest.entryId) ?? 0) + 1);
  }
  const featured = (item: BacklogItem) => timesFeatured.get(item.entry.id) ?? 0;
  return backlog
    .filter((item) => {
      const status = toolStatus(states.get(item.entry.id));
      return status !== 'evaluated' && status !== 'dismissed' && item.entry.id !== lastWeek;
    })
    .sort(
      (a, b) =>
        featured(a) - featured(b) ||
        PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
        compareTitles(a.entry, b.entry),
    )[0];
}

import type { ToolState, VerdictRecord } from './store.js';
import type { BacklogItem } from './backlog.js';
import { toolStanding } from './tool-status.js';

export interface BacklogSummary {
  claimed: { item: BacklogItem; by: string; at?: Date }[];
  verdictsSince: VerdictRecord[];
  open: BacklogItem[];
  evaluated: { item: BacklogItem; verdict: VerdictRecord }[];
  dismissed: BacklogItem[];
}

/** The backlog grouped by status for the digest, each group in backlog order. */
export function summarizeBacklog(
  backlog: readonly BacklogItem[],
  states: ReadonlyMap<string, ToolState>,
  since: Date | undefined,
): BacklogSummary {
  const summary: BacklogSummary = { claimed: [], verdictsSince: [], open: [], evaluated: [], dismissed: [] };
  for (const item of backlog) {
    const state = states.get(item.entry.id);
    summary.verdictsSince.push(...(state?.verdicts ?? []).filter((v) => !since || v.at > since));
    const standing = toolStanding(state);
    if (standing.status === 'open') summary.open.push(item);
    else if (standing.status === 'dismissed') summary.dismissed.push(item);
    else if (standing.status === 'evaluated') summary.evaluated.push({ item, verdict: standing.verdict });
    else summary.claimed.push({ item, by: standing.by, ...(standing.at && { at: standing.at }) });
  }
  return summary;
}

import type { WeekGaps } from './gaps.js';
import type { DigestRecord, ToolState } from './store.js';
import type { BacklogItem } from './backlog.js';
import { summarizeBacklog, type BacklogSummary } from './backlog-summary.js';
import { pickToolOfTheWeek } from './tool-of-the-week.js';

/** Everything a digest message shows, whatever renders it. */
export interface Digest {
  /** The slot it is for; absent for a preview outside any slot. */
  slot?: Date;
  tool?: BacklogItem;
  toolState?: ToolState;
  summary: BacklogSummary;
  /** Verdicts are counted from here: the previous digest's post. */
  since?: Date;
  nextRun?: Date;
  /** The questions its week left unanswered, when there were any. */
  unanswered?: WeekGaps;
}

/**
 * The digest for a slot. `history` is the digests posted before it, newest
 * first; `toolId` forces the tool of the week (re-rendering a posted digest; null: it had none).
 */
export function composeDigest(options: {
  backlog: readonly BacklogItem[];
  states: ReadonlyMap<string, ToolState>;
  history: readonly DigestRecord[];
  slot?: Date;
  nextRun?: Date;
  toolId?: string | null;
  unanswered?: WeekGaps;
}): Digest {
  const { backlog, states, history } = options;
  const tool =
    options.toolId === undefined
      ? pickToolOfTheWeek(backlog, states, history)
      : backlog.find((item) => item.entry.id === options.toolId);
  const since = history[0]?.postedAt;
  return {
    ...(options.slot && { slot: options.slot }),
    ...(tool && { tool, toolState: states.get(tool.entry.id) }),
    summary: summarizeBacklog(backlog, states, since),
    ...(since && { since }),
    ...(options.nextRun && { nextRun: options.nextRun }),
    ...(options.unanswered && { unanswered: options.unanswered }),
  };
}

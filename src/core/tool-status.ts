import type { Dismissal, ToolState, VerdictRecord } from './store.js';

export type ToolStatus = 'open' | 'claimed' | 'evaluated' | 'dismissed';

/** The verdict that counts: the latest. */
export function latestVerdict(state: ToolState | undefined): VerdictRecord | undefined {
  return state?.verdicts.at(-1);
}

/** Where a tool stands, with what each surface shows of it: who dismissed it, the verdict that counts, who is on it. */
export type ToolStanding =
  | { status: 'dismissed'; dismissal: Dismissal }
  | { status: 'evaluated'; verdict: VerdictRecord }
  | { status: 'claimed'; by: string; at?: Date }
  | { status: 'open' };

/** Where a tool stands: a dismissal outranks a verdict, which outranks a claim. */
export function toolStanding(state?: ToolState): ToolStanding {
  if (state?.dismissed) return { status: 'dismissed', dismissal: state.dismissed };
  const verdict = latestVerdict(state);
  if (verdict) return { status: 'evaluated', verdict };
  if (state?.claimedBy) return { status: 'claimed', by: state.claimedBy, ...(state.claimedAt && { at: state.claimedAt }) };
  return { status: 'open' };
}

export const toolStatus = (state?: ToolState): ToolStatus => toolStanding(state).status;

export type ToolAction = 'claim' | 'verdict' | 'dismiss';

/**
 * What can be done with a tool in each state: the buttons a message shows,
 * and what a click on any message, however old, may still do. (Whoever is on
 * a claimed tool may click "claim" again: see the tracker.)
 */
const TOOL_ACTIONS: Record<ToolStatus, readonly ToolAction[]> = {
  open: ['claim', 'verdict', 'dismiss'],
  claimed: ['verdict', 'dismiss'],
  evaluated: ['verdict'],
  dismissed: [],
};

export const toolActions = (state?: ToolState): readonly ToolAction[] => TOOL_ACTIONS[toolStatus(state)];

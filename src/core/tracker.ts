import type { BacklogStore, DigestRecord, ToolState, Verdict } from './store.js';
import type { BacklogItem } from './backlog.js';
import { composeDigest, type Digest } from './digest.js';
import { nextRunCache, type DigestSchedule } from './schedule.js';
import { toolActions, toolStanding, toolStatus, type ToolAction, type ToolStatus } from './tool-status.js';

export interface BoardRow {
  item: BacklogItem;
  state?: ToolState;
  status: ToolStatus;
}

/** Why a click on a tool does nothing: checked against the tool's state when the click arrives, not when its message was drawn. */
export type TrackerRefusal =
  | { reason: 'not-in-backlog' }
  /** Someone else is on it: a claim never takes a tool from them. */
  | { reason: 'claimed'; by: string }
  | { reason: 'evaluated'; by: string; verdict: Verdict }
  | { reason: 'dismissed'; by: string };

export type TrackerResult = { ok: true; state: ToolState } | ({ ok: false } & TrackerRefusal);

/** What stops `user` doing `action` on a tool in `state` (see TOOL_ACTIONS), if anything. */
function refusalFor(state: ToolState, action: ToolAction, user: string): TrackerRefusal | undefined {
  if (toolActions(state).includes(action)) return undefined;
  const standing = toolStanding(state);
  if (standing.status === 'dismissed') return { reason: 'dismissed', by: standing.dismissal.by };
  if (standing.status === 'evaluated') return { reason: 'evaluated', by: standing.verdict.by, verdict: standing.verdict.verdict };
  if (standing.status === 'claimed' && standing.by !== user) return { reason: 'claimed', by: standing.by };
  return undefined;
}

/** A modal's submission: `submissionId` (the surface's id for the modal) makes a second delivery of the same submission a no-op. */
export interface Submission {
  submissionId?: string;
}

/**
 * The living evaluation backlog: the recap's list of tools joined with what the
 * team did about them (claims, verdicts, dismissals). Every surface reads and
 * writes the backlog through this.
 */
export function createBacklogTracker(deps: {
  backlog: readonly BacklogItem[];
  store: BacklogStore;
  schedule: DigestSchedule;
  /** Whether a weekly digest is scheduled (DIGEST_CHANNEL set). */
  scheduled: boolean;
  clock?: () => Date;
}) {
  const { backlog, store, schedule } = deps;
  const clock = deps.clock ?? (() => new Date());
  const nextRunAt = nextRunCache(schedule);
  const inBacklog = (id: string) => backlog.some((item) => item.entry.id === id);
  /**
   * `action` on a tool, decided on its state as stored when the click
   * arrives (another process may have changed it a moment ago) and written
   * in the same transaction. `done`: the state already shows this very
   * action (a double click, a submission delivered twice), so nothing is written.
   */
  const act = (id: string, user: string, action: ToolAction, write: () => ToolState, done: (current: ToolState) => boolean = () => false): TrackerResult => {
    if (!inBacklog(id)) return { ok: false, reason: 'not-in-backlog' };
    return store.changeTool(id, (current): TrackerResult => {
      if (done(current)) return { ok: true, state: current };
      const refusal = refusalFor(current, action, user);
      return refusal ? { ok: false, ...refusal } : { ok: true, state: write() };
    });
  };

  return {
    board(): BoardRow[] {
      const states = store.toolStates();
      return backlog.map((item) => {
        const state = states.get(item.entry.id);
        return { item, ...(state && { state }), status: toolStatus(state) };
      });
    },
    row(id: string): BoardRow | undefined {
      const item = backlog.find((i) => i.entry.id === id);
      if (!item) return undefined;
      const state = store.toolStates().get(id);
      return { item, ...(state && { state }), status: toolStatus(state) };
    },
    /** What stops `user` doing `action` on a tool now (before opening a modal: its submission is checked again). */
    refusal(id: string, action: ToolAction, user: string): TrackerRefusal | undefined {
      if (!inBacklog(id)) return { reason: 'not-in-backlog' };
      return refusalFor(store.toolStates().get(id) ?? { entryId: id, verdicts: [] }, action, user);
    },
    claim: (id: string, user: string): TrackerResult =>
      act(id, user, 'claim', () => store.claim(id, user, clock()), (current) => toolStatus(current) === 'claimed' && current.claimedBy === user),
    recordVerdict: (id: string, user: string, verdict: Verdict, options: { comment?: string } & Submission = {}): TrackerResult => {
      const { comment, submissionId } = options;
      return act(
        id,
        user,
        'verdict',
        () => store.recordVerdict({ entryId: id, verdict, by: user, at: clock(), ...(comment && { comment }), ...(submissionId && { submissionId }) }),
        (current) => submissionId !== undefined && current.verdicts.some((v) => v.submissionId === submissionId),
      );
    },
    dismiss: (id: string, user: string, options: { reason?: string } & Submission = {}): TrackerResult => {
      const { reason, submissionId } = options;
      return act(
        id,
        user,
        'dismiss',
        () => store.dismiss(id, { by: user, at: clock(), ...(reason && { reason }), ...(submissionId && { submissionId }) }),
        (current) => submissionId !== undefined && current.dismissed?.submissionId === submissionId,
      );
    },
    nextRun(): Date | undefined {
      return deps.scheduled ? nextRunAt(clock()) : undefined;
    },
    /** The next digest as it would be posted now. */
    previewDigest(): Digest {
      const nextRun = this.nextRun();
      return composeDigest({ backlog, states: store.toolStates(), history: store.digestHistory(), ...(nextRun && { nextRun }) });
    },
    /** A posted digest with today's states, to update its message in place. */
    digestFor(record: DigestRecord): Digest {
      const history = store.digestHistory().filter((d) => d.slot < record.slot);
      return composeDigest({
        backlog,
        states: store.toolStates(),
        history,
        slot: new Date(record.slot),
        toolId: record.entryId ?? null,
      });
    },
    findDigest: (channel: string, ts: string) => store.digestByTs(channel, ts),
    latestDigest: (): DigestRecord | undefined => store.digestHistory()[0],
  };
}

export type BacklogTracker = ReturnType<typeof createBacklogTracker>;

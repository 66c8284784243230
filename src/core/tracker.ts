import type { BacklogStore, DigestRecord, ToolDecision, ToolState, ToolWrite, Verdict } from './store.js';
import type { BacklogItem } from './backlog.js';
import { composeDigest, type Digest } from './digest.js';
import type { KnowledgeGaps } from './gaps.js';
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
  /** For the digest's line on the week's unanswered questions. */
  gaps?: Pick<KnowledgeGaps, 'week'>;
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
  const act = async (id: string, user: string, action: ToolAction, write: () => ToolWrite, done: (current: ToolState) => boolean = () => false): Promise<TrackerResult> => {
    if (!inBacklog(id)) return { ok: false, reason: 'not-in-backlog' };
    const { result: refusal, state } = await store.changeTool(id, (current): ToolDecision<TrackerRefusal | undefined> => {
      if (done(current)) return { result: undefined };
      const refused = refusalFor(current, action, user);
      return refused ? { result: refused } : { write: write(), result: undefined };
    });
    return refusal ? { ok: false, ...refusal } : { ok: true, state };
  };
  const rowOf = (item: BacklogItem, states: ReadonlyMap<string, ToolState>): BoardRow => {
    const state = states.get(item.entry.id);
    return { item, ...(state && { state }), status: toolStatus(state) };
  };

  return {
    async board(): Promise<BoardRow[]> {
      const states = await store.toolStates();
      return backlog.map((item) => rowOf(item, states));
    },
    async row(id: string): Promise<BoardRow | undefined> {
      const item = backlog.find((i) => i.entry.id === id);
      return item && rowOf(item, await store.toolStates());
    },
    /** What stops `user` doing `action` on a tool now (before opening a modal: its submission is checked again). */
    async refusal(id: string, action: ToolAction, user: string): Promise<TrackerRefusal | undefined> {
      if (!inBacklog(id)) return { reason: 'not-in-backlog' };
      return refusalFor((await store.toolStates()).get(id) ?? { entryId: id, verdicts: [] }, action, user);
    },
    claim: (id: string, user: string): Promise<TrackerResult> =>
      act(id, user, 'claim', () => ({ kind: 'claim', by: user, at: clock() }), (current) => toolStatus(current) === 'claimed' && current.claimedBy === user),
    recordVerdict: (id: string, user: string, verdict: Verdict, options: { comment?: string } & Submission = {}): Promise<TrackerResult> => {
      const { comment, submissionId } = options;
      return act(
        id,
        user,
        'verdict',
        () => ({ kind: 'verdict', record: { verdict, by: user, at: clock(), ...(comment && { comment }), ...(submissionId && { submissionId }) } }),
        (current) => submissionId !== undefined && current.verdicts.some((v) => v.submissionId === submissionId),
      );
    },
    dismiss: (id: string, user: string, options: { reason?: string } & Submission = {}): Promise<TrackerResult> => {
      const { reason, submissionId } = options;
      return act(
        id,
        user,
        'dismiss',
        () => ({ kind: 'dismiss', dismissal: { by: user, at: clock(), ...(reason && { reason }), ...(submissionId && { submissionId }) } }),
        (current) => submissionId !== undefined && current.dismissed?.submissionId === submissionId,
      );
    },
    nextRun(): Date | undefined {
      return deps.scheduled ? nextRunAt(clock()) : undefined;
    },
    /** The next digest as it would be posted now. */
    async previewDigest(): Promise<Digest> {
      const nextRun = this.nextRun();
      const [states, history, unanswered] = await Promise.all([store.toolStates(), store.digestHistory(), deps.gaps?.week(clock())]);
      return composeDigest({ backlog, states, history, ...(nextRun && { nextRun }), ...(unanswered && { unanswered }) });
    },
    /** A posted digest with today's states, to update its message in place. */
    async digestFor(record: DigestRecord): Promise<Digest> {
      const [states, history, unanswered] = await Promise.all([store.toolStates(), store.digestHistory(), deps.gaps?.week(new Date(record.slot))]);
      return composeDigest({
        backlog,
        states,
        history: history.filter((d) => d.slot < record.slot),
        slot: new Date(record.slot),
        toolId: record.entryId ?? null,
        ...(unanswered && { unanswered }),
      });
    },
    findDigest: (channel: string, messageRef: string): Promise<DigestRecord | undefined> => store.digestByMessage(channel, messageRef),
    latestDigest: async (): Promise<DigestRecord | undefined> => (await store.digestHistory())[0],
  };
}

export type BacklogTracker = ReturnType<typeof createBacklogTracker>;

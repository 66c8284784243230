import type { BacklogStore, DigestRecord, ToolDecision, ToolState, ToolWrite, Verdict } from './store.js';
import { joinBacklog, type BacklogItem } from './backlog.js';
import type { Entry } from './entry.js';
import type { Log } from './log.js';
import { createAssistant, type Assistant } from './assistant.js';
import { PROPOSED_EVENT, proposalSlug, proposedBacklogItem, proposedEntry, titleKey, uniqueId, validateProposal, type ProposalError, type ProposalInput } from './proposal.js';
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

/**
 * The store could not be read or written (a database that went away): what
 * the team did about the tools cannot be known or changed right now. Every
 * tracker call that reaches the store rejects with this, whatever the backend,
 * so a surface can say so rather than a generic error.
 */
export class BoardUnreachableError extends Error {
  /** The store's own words for why (`connect ECONNREFUSED 127.0.0.1:5432`): they name a host and a user at most. */
  readonly reason: string;
  constructor(override readonly cause: unknown) {
    const reason = describeCause(cause);
    super(`the backlog's store cannot be reached: ${reason}`);
    this.name = 'BoardUnreachableError';
    this.reason = reason;
  }
}

/**
 * A store failure in its own words (node-postgres's name the host and the
 * user at most). A refused connection to a name with several addresses
 * (localhost) is an AggregateError with no message of its own: its parts say it.
 */
export function describeCause(cause: unknown): string {
  if (cause instanceof AggregateError && cause.message === '') return [...new Set(cause.errors.map(describeCause))].join('; ');
  if (cause instanceof Error) return cause.message || (cause as NodeJS.ErrnoException).code || cause.name;
  return String(cause);
}

/** Which apology a failed request gets (a key of the locale's `errors`): the board being unreachable is said as such. */
export const failureKind = (error: unknown): 'boardUnreachable' | 'generic' => (error instanceof BoardUnreachableError ? 'boardUnreachable' : 'generic');

/** A tool's row for a card, or `unavailable` when the store cannot be read now (the card then goes out without its live status). */
export type CardRow = BoardRow | { unavailable: true; item: BacklogItem };

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

/** What a recap tool is called, for duplicates: its title, the title's name before a `:` or `(` (`Conftest : tester…`), its id. */
const toolNames = (entry: Entry) => [entry.title, entry.title.split(/\s*[:(]/)[0] ?? entry.title, entry.id.replaceAll('-', ' ')];

/** What proposing a tool did: the new backlog item (or the one this submission already made), or what is wrong with the input. */
export type ProposalResult = { ok: true; item: BacklogItem; added: boolean } | { ok: false; errors: ProposalError[] };

/** The knowledge the tracker serves (one tracker per knowledge: a reload makes a new one): its tools to try, and its entries by id. */
export interface BacklogKnowledge {
  readonly backlog: readonly BacklogItem[];
  entry(id: string): Entry | undefined;
}

/**
 * The living evaluation backlog: the recap's list of tools and the team's
 * proposals, joined with what the team did about them (claims, verdicts,
 * dismissals). Every surface reads and writes the backlog through this; it
 * reads the proposals on every call.
 */
export function createBacklogTracker(deps: {
  knowledge: BacklogKnowledge;
  store: BacklogStore;
  schedule: DigestSchedule;
  /** Whether a weekly digest is scheduled (DIGEST_CHANNEL set). */
  scheduled: boolean;
  clock?: () => Date;
  /** Where a failure that does not stop the answer is reported (see cardRow). */
  log?: Log;
  /** For the digest's line on the week's unanswered questions. */
  gaps?: Pick<KnowledgeGaps, 'week'>;
}) {
  const { schedule } = deps;
  const store = unreachableAsBoardError(deps.store);
  const clock = deps.clock ?? (() => new Date());
  const nextRunAt = nextRunCache(schedule);
  const readBacklog = async (): Promise<BacklogItem[]> => joinBacklog(deps.knowledge.backlog, (await store.proposals()).map(proposedBacklogItem));
  const inBacklog = async (id: string) => (await readBacklog()).some((item) => item.entry.id === id);
  // The proposals searched as entries of their own knowledge (the same search
  // as the recap's), built again only when the proposals changed.
  let proposalSearch: { signature: string; assistant: Assistant } | undefined;
  const searchProposals = async (): Promise<Assistant> => {
    const proposals = await store.proposals();
    const signature = JSON.stringify(proposals.map((p) => [p.id, p.title, p.reason]));
    if (proposalSearch?.signature !== signature) proposalSearch = { signature, assistant: createAssistant(proposals.map(proposedEntry)) };
    return proposalSearch.assistant;
  };
  /**
   * `action` on a tool, decided on its state as stored when the click
   * arrives (another process may have changed it a moment ago) and written
   * in the same transaction. `done`: the state already shows this very
   * action (a double click, a submission delivered twice), so nothing is written.
   */
  const act = async (id: string, user: string, action: ToolAction, write: () => ToolWrite, done: (current: ToolState) => boolean = () => false): Promise<TrackerResult> => {
    if (!(await inBacklog(id))) return { ok: false, reason: 'not-in-backlog' };
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
    /** The recap's tools and the proposed ones, highest priority first. */
    backlog: readBacklog,
    async board(): Promise<BoardRow[]> {
      const [backlog, states] = await Promise.all([readBacklog(), store.toolStates()]);
      return backlog.map((item) => rowOf(item, states));
    },
    async row(id: string): Promise<BoardRow | undefined> {
      // Every answer card asks for its entry's row: a recap tool (or any knowledge entry) never needs the proposals read.
      const recap = deps.knowledge.backlog.find((i) => i.entry.id === id);
      if (recap || deps.knowledge.entry(id)) return recap && rowOf(recap, await store.toolStates());
      const [backlog, states] = await Promise.all([readBacklog(), store.toolStates()]);
      const item = backlog.find((i) => i.entry.id === id);
      return item && rowOf(item, states);
    },
    /**
     * A tool proposed by `user`: validated, refused when its title is already
     * in the backlog (case and accents aside), given an id no entry or proposal
     * has, and stored once per submission.
     */
    async propose(input: ProposalInput, user: string, submission: Submission = {}): Promise<ProposalResult> {
      const checked = validateProposal(input);
      if (!checked.ok) return checked;
      const { title, url, reason, priority } = checked.value;
      const { knowledge } = deps;
      const proposals = await store.proposals();
      const earlier = submission.submissionId === undefined ? undefined : proposals.find((p) => p.submissionId === submission.submissionId);
      if (earlier) return { ok: true, item: proposedBacklogItem(earlier), added: false };
      const key = titleKey(title);
      // The recap's names here (the store does not know the knowledge); the proposals' the store refuses itself, in the same step as the write.
      const taken = { ok: false as const, errors: [{ field: 'title' as const, problem: 'already-in-backlog' as const }] };
      if (knowledge.backlog.some((item) => toolNames(item.entry).some((name) => titleKey(name) === key))) return taken;
      const ids = new Set(proposals.map((p) => p.id));
      // Another proposal may take the id between this read and the write: then try the next one.
      for (let attempt = 0; attempt < 5; attempt++) {
        const id = uniqueId(proposalSlug(title), (candidate) => ids.has(candidate) || candidate === PROPOSED_EVENT || knowledge.entry(candidate) !== undefined);
        const outcome = await store.addProposal({ id, title, url, reason, priority, by: user, at: clock(), ...submission });
        if (outcome.status === 'title-taken') return taken;
        if (outcome.status !== 'id-taken') return { ok: true, item: proposedBacklogItem(outcome.proposal), added: outcome.status === 'added' };
        ids.add(id);
      }
      throw new Error(`could not find a free id for the proposal "${title}"`);
    },
    /** The proposed tool a question is about (searched as the knowledge is), with where the team stands with it; none when no proposal answers it. */
    async findProposal(query: string): Promise<BoardRow | undefined> {
      const answer = (await searchProposals()).ask(query);
      return answer.kind === 'entry' ? this.row(answer.entry.id) : undefined;
    },
    /** The row, or `unavailable` with the failure logged: an answer about a tool never fails for its live status. */
    async cardRow(id: string): Promise<CardRow | undefined> {
      try {
        return await this.row(id);
      } catch (error) {
        deps.log?.error(`Could not read where ${id} stands; answering without its status:`, error);
        // A recap tool is known without the store; a proposed one is read from it, so its card (if any) goes without a status line.
        const item = deps.knowledge.backlog.find((i) => i.entry.id === id);
        return item && { unavailable: true, item };
      }
    },
    /** What stops `user` doing `action` on a tool now (before opening a modal: its submission is checked again). */
    async refusal(id: string, action: ToolAction, user: string): Promise<TrackerRefusal | undefined> {
      if (!(await inBacklog(id))) return { reason: 'not-in-backlog' };
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
      const [backlog, states, history, unanswered] = await Promise.all([readBacklog(), store.toolStates(), store.digestHistory(), deps.gaps?.week(clock())]);
      return composeDigest({ backlog, states, history, ...(nextRun && { nextRun }), ...(unanswered && { unanswered }) });
    },
    /** A posted digest with today's states, to update its message in place. */
    async digestFor(record: DigestRecord): Promise<Digest> {
      const [backlog, states, history, unanswered] = await Promise.all([
        readBacklog(),
        store.toolStates(),
        store.digestHistory(),
        deps.gaps?.week(new Date(record.slot)),
      ]);
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

/** The store with every failure turned into BoardUnreachableError (calls that succeed are untouched): what the tracker and the gaps read through. */
export function unreachableAsBoardError(store: BacklogStore): BacklogStore {
  return new Proxy(store, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => unknown).apply(target, args);
        } catch (error) {
          throw error instanceof BoardUnreachableError ? error : new BoardUnreachableError(error);
        }
      };
    },
  });
}

export type BacklogTracker = ReturnType<typeof createBacklogTracker>;

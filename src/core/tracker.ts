import type { BacklogStore, DigestRecord, ToolState, Verdict } from './store.js';
import type { BacklogItem } from './backlog.js';
import { composeDigest, nextRunCache, toolStatus, type Digest, type ToolStatus } from './digest.js';
import type { DigestSchedule } from './digest-job.js';

export interface BoardRow {
  item: BacklogItem;
  state?: ToolState;
  status: ToolStatus;
}

export type TrackerResult =
  | { ok: true; state: ToolState }
  | { ok: false; reason: 'not-in-backlog' }
  /** Someone else is on it: a claim never takes a tool from them. */
  | { ok: false; reason: 'claimed'; by: string };

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
  const write = (id: string, change: () => ToolState): TrackerResult =>
    inBacklog(id) ? { ok: true, state: change() } : { ok: false, reason: 'not-in-backlog' };

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
    claim(id: string, user: string): TrackerResult {
      const state = store.toolStates().get(id);
      const holder = toolStatus(state) === 'claimed' ? state?.claimedBy : undefined;
      if (holder && holder !== user && inBacklog(id)) return { ok: false, reason: 'claimed', by: holder };
      return write(id, () => store.claim(id, user, clock()));
    },
    recordVerdict: (id: string, user: string, verdict: Verdict, comment?: string) =>
      write(id, () => store.recordVerdict({ entryId: id, verdict, by: user, at: clock(), ...(comment && { comment }) })),
    dismiss: (id: string, user: string, reason?: string) => write(id, () => store.dismiss(id, user, reason, clock())),
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

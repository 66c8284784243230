import { formatProblem, type KnowledgeProblem } from './knowledge.js';

/** What loading the knowledge gives: the value to serve, or every problem found. */
export type KnowledgeBuild<T> = { ok: true; value: T; entries: number; skipped: KnowledgeProblem[] } | { ok: false; problems: KnowledgeProblem[] };

/** `/healthz`'s `knowledge`: what is served, or why the last reload was refused (the last good knowledge is still served). */
export type KnowledgeHealth =
  | { status: 'ok'; entries: number; loadedAt: string }
  | { status: 'invalid'; problems: string[]; entries: number; loadedAt: string };

export type ReloadOutcome<T> = { ok: true; value: T; skipped: KnowledgeProblem[] } | { ok: false; problems: KnowledgeProblem[] };

/**
 * The knowledge being served, swapped whole on a reload. A reload builds the
 * new knowledge off to the side and replaces the reference in one step: a
 * request that took `current()` keeps what it took, so none sees half of one
 * and half of the other, and an invalid reload changes nothing served.
 * Reloads never overlap: one asked for while another runs runs once after it.
 */
export function createLiveKnowledge<T>(options: { initial: T; entries: number; build: () => Promise<KnowledgeBuild<T>>; clock?: () => Date }) {
  const clock = options.clock ?? (() => new Date());
  let current = options.initial;
  let served = { entries: options.entries, loadedAt: clock() };
  let refused: KnowledgeProblem[] | undefined;
  const listeners = new Set<(value: T) => void | Promise<void>>();
  let running: Promise<ReloadOutcome<T>> | undefined;
  let queued: Promise<ReloadOutcome<T>> | undefined;

  const reloadOnce = async (): Promise<ReloadOutcome<T>> => {
    const built = await options.build();
    if (!built.ok) {
      refused = built.problems;
      return { ok: false, problems: built.problems };
    }
    current = built.value;
    served = { entries: built.entries, loadedAt: clock() };
    refused = undefined;
    // Called in the same step as the swap: nothing runs between the two.
    for (const listener of listeners) {
      try {
        void Promise.resolve(listener(built.value)).catch(() => undefined);
      } catch {
        // A listener's failure is its own business: the knowledge is swapped.
      }
    }
    return { ok: true, value: built.value, skipped: built.skipped };
  };

  /** Loads the knowledge again; resolves once a reload that started after this call has finished. */
  const reload = (): Promise<ReloadOutcome<T>> => {
    if (!running) {
      running = reloadOnce().finally(() => {
        running = undefined;
      });
      return running;
    }
    // One is running: it may have read the files before this change, so one more follows it.
    const again = () => {
      queued = undefined;
      return reload();
    };
    queued ??= running.then(again, again);
    return queued;
  };

  return {
    current: (): T => current,
    health(): KnowledgeHealth {
      const base = { entries: served.entries, loadedAt: served.loadedAt.toISOString() };
      return refused ? { status: 'invalid', problems: refused.map(formatProblem), ...base } : { status: 'ok', ...base };
    },
    reload,
    /** `listener` is called with each knowledge swapped in; returns how to stop listening. */
    onReload(listener: (value: T) => void | Promise<void>): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

import type { Config } from './config.js';
import { createLogger } from './logger.js';
import { loadAssistant, type Assistant } from './core/assistant.js';
import { formatProblems, type KnowledgeProblem } from './core/knowledge.js';
import { createLiveKnowledge, type KnowledgeBuild, type KnowledgeHealth, type ReloadOutcome } from './core/live-knowledge.js';
import { createBacklogTracker, type BacklogTracker } from './core/tracker.js';
import { stringsFor, type Strings } from './locale/index.js';
import { openStore } from './state/open-store.js';
import { reportFailures } from './state/observed.js';
import type { BacklogStore } from './core/store.js';
import { createKnowledgeGaps, type KnowledgeGaps } from './core/gaps.js';
import type { Log } from './core/log.js';

/** One knowledge as served: the assistant answering from it and the backlog tracker over its tools (the store is shared). */
export interface ServedKnowledge {
  assistant: Assistant;
  tracker: BacklogTracker;
}

/** What every surface (Slack, the console, the CLI) needs to show the bot's messages. */
export interface RenderContext extends ServedKnowledge {
  /** The knowledge's gaps: one for the runtime, whatever knowledge is served. */
  gaps: KnowledgeGaps;
  /** The process's log, when it has one (the bot and the console; the command line says what went wrong itself). */
  log?: Log;
  strings: Strings;
  timeZone: string;
}

/** Everything the surfaces share, built once from the config. */
export interface Runtime extends RenderContext {
  /** The knowledge served now: read it once per message (see context), since a reload may swap it. */
  readonly assistant: Assistant;
  readonly tracker: BacklogTracker;
  store: BacklogStore;
  strings: Strings;
  /** The context of this moment: one knowledge, whatever a reload swaps in meanwhile. */
  context(): RenderContext;
  /** Loads the knowledge folder again and swaps it in if valid; invalid, the last good knowledge stays served. */
  reload(): Promise<ReloadOutcome<ServedKnowledge>>;
  /** Called with each knowledge swapped in (in the same step as the swap); returns how to stop listening. */
  onReload(listener: (knowledge: ServedKnowledge) => void | Promise<void>): () => void;
  /** What is served, or why the last reload was refused: for /healthz. */
  knowledgeHealth(): KnowledgeHealth;
  /** Files in the knowledge folder that are not read, with why: for the log. */
  skippedFiles: readonly KnowledgeProblem[];
  /** Calls `listener` with the operation's name each time a store call fails (for metrics); returns how to stop. */
  onStoreFailure(listener: (operation: string) => void): () => void;
  close(): Promise<void>;
}

/**
 * Loads the knowledge and opens the state (`readOnly`: for commands that only
 * read it). Problems come back as one printable message (the knowledge
 * report, or what is wrong with STATE_DIR or DATABASE_URL).
 */
export async function openRuntime(
  config: Config,
  options: { clock?: () => Date; readOnly?: boolean; onStoreIdleError?: (error: Error) => void; log?: Log } = {},
): Promise<{ ok: true; runtime: Runtime } | { ok: false; message: string }> {
  const loaded = await loadAssistant(config.knowledgeDir);
  if (!loaded.ok) return { ok: false, message: formatProblems(loaded.problems) };
  const opened = await openStore(config, {
    readOnly: options.readOnly ?? false,
    ...(options.onStoreIdleError && { onIdleError: options.onStoreIdleError }),
  });
  if (!opened.ok) return opened;
  const storeFailureListeners = new Set<(operation: string) => void>();
  const store = reportFailures(opened.store, (operation) => {
    for (const listener of storeFailureListeners) listener(operation);
  });
  // Without a log of the caller's (the kubecon-bot command), what fails behind an answer is one line on standard error, never a stack.
  const log = options.log ?? createLogger({ level: config.logLevel, format: config.logFormat });
  const gaps = createKnowledgeGaps({ store, log, ...(options.clock && { clock: options.clock }) });
  // Each knowledge gets its own tracker over the one store: the store is
  // keyed by entry id, so a tool that leaves the knowledge and comes back
  // finds its claims and verdicts where it left them.
  const serve = (assistant: Assistant): ServedKnowledge => ({
    assistant,
    tracker: createBacklogTracker({
      gaps,
      knowledge: assistant,
      store,
      schedule: { cron: config.digest.cron, timeZone: config.digest.timeZone },
      scheduled: Boolean(config.digest.channel),
      ...(options.clock && { clock: options.clock }),
      ...(options.log && { log: options.log }),
    }),
  });
  const knowledge = createLiveKnowledge<ServedKnowledge>({
    initial: serve(loaded.assistant),
    entries: loaded.assistant.entries.length,
    build: async (): Promise<KnowledgeBuild<ServedKnowledge>> => {
      const reloaded = await loadAssistant(config.knowledgeDir);
      if (!reloaded.ok) return reloaded;
      return { ok: true, value: serve(reloaded.assistant), entries: reloaded.assistant.entries.length, skipped: reloaded.skipped };
    },
    ...(options.clock && { clock: options.clock }),
  });
  if (!options.readOnly) {
    // Questions the knowledge answers since they were asked are no gaps any
    // more: asked again at start, and after each good reload.
    await gaps.forgetAnswered(loaded.assistant);
    knowledge.onReload((served) => gaps.forgetAnswered(served.assistant));
  }
  const strings = stringsFor(config.locale);
  const timeZone = config.digest.timeZone;
  // One context per knowledge served, made when it is first asked for: every request reads it.
  const contexts = new WeakMap<ServedKnowledge, RenderContext>();
  const context = (): RenderContext => {
    const served = knowledge.current();
    let made = contexts.get(served);
    if (!made) contexts.set(served, (made = { ...served, gaps, strings, timeZone, ...(options.log && { log: options.log }) }));
    return made;
  };
  return {
    ok: true,
    runtime: {
      get assistant() {
        return knowledge.current().assistant;
      },
      get tracker() {
        return knowledge.current().tracker;
      },
      store,
      gaps,
      strings,
      timeZone,
      ...(options.log && { log: options.log }),
      context,
      reload: knowledge.reload,
      onReload: knowledge.onReload,
      knowledgeHealth: knowledge.health,
      skippedFiles: loaded.skipped,
      onStoreFailure: (listener) => {
        storeFailureListeners.add(listener);
        return () => storeFailureListeners.delete(listener);
      },
      // Writes still in flight (a question just recorded) finish first.
      close: async () => {
        await gaps.close();
        await store.close();
      },
    },
  };
}

import type { Config } from './config.js';
import { loadAssistant, type Assistant } from './core/assistant.js';
import { formatProblems, type KnowledgeProblem } from './core/knowledge.js';
import { createBacklogTracker, type BacklogTracker } from './core/tracker.js';
import { stringsFor, type Strings } from './locale/index.js';
import { StateDirError } from './state/database.js';
import { reportFailures } from './state/observed.js';
import { openSqliteStore } from './state/sqlite.js';
import type { BacklogStore } from './core/store.js';
import { createKnowledgeGaps, forgetAnsweredQuestions, type KnowledgeGaps } from './core/gaps.js';
import type { Log } from './core/log.js';

/** What every surface (Slack, the console, the CLI) needs to show the bot's messages. */
export interface RenderContext {
  assistant: Assistant;
  tracker: BacklogTracker;
  gaps: KnowledgeGaps;
  strings: Strings;
  timeZone: string;
}

/** Everything the surfaces share, built once from the config. */
export interface Runtime extends RenderContext {
  assistant: Assistant;
  store: BacklogStore;
  tracker: BacklogTracker;
  strings: Strings;
  /** Files in the knowledge folder that are not read, with why: for the log. */
  skippedFiles: readonly KnowledgeProblem[];
  /** Calls `listener` with the operation's name each time a store call fails (for metrics); returns how to stop. */
  onStoreFailure(listener: (operation: string) => void): () => void;
  close(): Promise<void>;
}

/**
 * Loads the knowledge and opens the state (`readOnly`: for commands that only
 * read it). Problems come back as one printable message (the knowledge
 * report, or what is wrong with STATE_DIR).
 */
export async function openRuntime(
  config: Config,
  options: { clock?: () => Date; readOnly?: boolean; log?: Log } = {},
): Promise<{ ok: true; runtime: Runtime } | { ok: false; message: string }> {
  const loaded = await loadAssistant(config.knowledgeDir);
  if (!loaded.ok) return { ok: false, message: formatProblems(loaded.problems) };
  let store: BacklogStore;
  const storeFailureListeners = new Set<(operation: string) => void>();
  try {
    store = openSqliteStore(config.stateDir, { readOnly: options.readOnly ?? false });
  } catch (error) {
    const message = error instanceof StateDirError ? ` ${error.message}` : `: cannot open the state database: ${(error as Error).message}`;
    return { ok: false, message: `STATE_DIR ${config.stateDir}${message}` };
  }
  store = reportFailures(store, (operation) => {
    for (const listener of storeFailureListeners) listener(operation);
  });
  const assistant = loaded.assistant;
  const log = options.log ?? console;
  const gaps = createKnowledgeGaps({ store, log, ...(options.clock && { clock: options.clock }) });
  // Questions the knowledge answers since they were asked are no gaps any more.
  if (!options.readOnly) {
    await forgetAnsweredQuestions(assistant, store).catch((error: unknown) => log.error('Could not re-ask the unanswered questions:', error));
  }
  const tracker = createBacklogTracker({
    gaps,
    backlog: assistant.backlog,
    store,
    schedule: { cron: config.digest.cron, timeZone: config.digest.timeZone },
    scheduled: Boolean(config.digest.channel),
    ...(options.clock && { clock: options.clock }),
  });
  return {
    ok: true,
    runtime: {
      assistant,
      store,
      tracker,
      gaps,
      strings: stringsFor(config.locale),
      timeZone: config.digest.timeZone,
      skippedFiles: loaded.skipped,
      onStoreFailure: (listener) => {
        storeFailureListeners.add(listener);
        return () => storeFailureListeners.delete(listener);
      },
      // Writes still in flight (a question just recorded) finish first.
      close: async () => {
        await gaps.idle();
        await store.close();
      },
    },
  };
}

import type { Config } from './config.js';
import { loadAssistant, type Assistant } from './core/assistant.js';
import { formatProblems, type KnowledgeProblem } from './core/knowledge.js';
import { createBacklogTracker, type BacklogTracker } from './core/tracker.js';
import { stringsFor, type Strings } from './locale/index.js';
import { openStore } from './state/open-store.js';
import { reportFailures } from './state/observed.js';
import type { BacklogStore } from './core/store.js';

/** What every surface (Slack, the console, the CLI) needs to show the bot's messages. */
export interface RenderContext {
  assistant: Assistant;
  tracker: BacklogTracker;
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
 * report, or what is wrong with STATE_DIR or DATABASE_URL).
 */
export async function openRuntime(
  config: Config,
  options: { clock?: () => Date; readOnly?: boolean; onStoreIdleError?: (error: Error) => void } = {},
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
  const assistant = loaded.assistant;
  const tracker = createBacklogTracker({
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
      strings: stringsFor(config.locale),
      timeZone: config.digest.timeZone,
      skippedFiles: loaded.skipped,
      onStoreFailure: (listener) => {
        storeFailureListeners.add(listener);
        return () => storeFailureListeners.delete(listener);
      },
      close: () => store.close(),
    },
  };
}

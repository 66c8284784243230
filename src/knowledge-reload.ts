import { formatProblem, formatProblems } from './core/knowledge.js';
import { watchKnowledge } from './core/knowledge-watcher.js';
import type { Log } from './core/log.js';
import type { Runtime } from './runtime.js';

/**
 * The running bot's knowledge follows its folder: reloaded once a change in
 * KNOWLEDGE_DIR has settled, and on SIGHUP. An invalid reload is logged with
 * the same report as `kubecon-bot check`, and the last good knowledge stays served.
 */
export function serveKnowledgeReloads(options: { runtime: Runtime; dir: string; logger: Log; debounceMs?: number }) {
  const { runtime, dir, logger } = options;
  const reload = async (why: string): Promise<void> => {
    logger.info(`Reloading the knowledge from ${dir} (${why})`);
    const outcome = await runtime.reload();
    if (outcome.ok) {
      logger.info(`Reloaded ${outcome.value.assistant.entries.length} entries from ${dir}`);
      for (const skipped of outcome.skipped) logger.warn(formatProblem(skipped));
    } else {
      logger.error(`${formatProblems(outcome.problems)}\nStill serving the last good knowledge (${runtime.assistant.entries.length} entries) until the folder is fixed.`);
    }
  };
  const onHangup = () => void reload('SIGHUP');
  process.on('SIGHUP', onHangup);
  const watcher = watchKnowledge(dir, () => void reload('a file changed'), {
    ...(options.debounceMs !== undefined && { debounceMs: options.debounceMs }),
    onError: (error) => logger.warn(`Watching ${dir} for changes failed (SIGHUP still reloads): ${error instanceof Error ? error.message : String(error)}`),
  });
  const ready = watcher.ready.then(() => logger.info(`Watching ${dir} for changes (SIGHUP reloads too)`));
  return {
    /** Resolves once changes are seen (the folder's first scan is done). */
    ready,
    async close(): Promise<void> {
      process.off('SIGHUP', onHangup);
      await watcher.close();
    },
  };
}

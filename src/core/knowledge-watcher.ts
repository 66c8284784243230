import path from 'node:path';
import { watch } from 'chokidar';

/** Quiet time after the last change before reloading: an editor's save, a `git pull`, come as bursts of events. */
export const RELOAD_DEBOUNCE_MS = 500;

/**
 * Calls `changed` once a burst of changes below `dir` has settled. chokidar
 * rather than Node's own recursive fs.watch, which Node 20 emulates on Linux
 * and which reports a file changed in a linked folder as the link changing:
 * chokidar follows linked folders as the loader does (see loadKnowledge).
 */
export function watchKnowledge(dir: string, changed: () => void, options: { debounceMs?: number; onError?: (error: unknown) => void } = {}) {
  const root = path.resolve(dir);
  const debounceMs = options.debounceMs ?? RELOAD_DEBOUNCE_MS;
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(root, {
    ignoreInitial: true,
    followSymlinks: true,
    // Hidden files (an editor's swap file, .git) are never read, so their changes change nothing.
    ignored: (file: string) => file !== root && path.basename(file).startsWith('.'),
  });
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  watcher.on('all', () => {
    clearTimeout(timer);
    timer = setTimeout(changed, debounceMs);
  });
  watcher.on('error', (error) => options.onError?.(error));
  return {
    /** Resolves once the folder's first scan is done: changes from then on are seen. */
    ready,
    async close(): Promise<void> {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}

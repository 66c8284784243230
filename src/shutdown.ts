import type { Log } from './core/log.js';

/** Kubernetes waits 30 s by default before SIGKILL; a bot that cannot stop in 10 s is stuck, not busy. */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

export interface ShutdownStep {
  /** What it does, for the debug log: "closing the HTTP server". */
  name: string;
  /**
   * How long it may take: past it, it is logged as left unfinished and the
   * next step runs (a frozen database must not hold the exit). The steps'
   * bounds add up to the whole stop's at most.
   */
  boundMs: number;
  run(): Promise<void> | void;
}

export interface ShutdownOptions {
  /** Run one after the other, in order: stop taking work, finish what is in flight, then close. */
  steps: readonly ShutdownStep[];
  logger: Log;
  exit: (code: number) => void;
  timeoutMs?: number;
  /** For tests: the timers that bound the whole and each step. */
  setTimer?: (run: () => void, ms: number) => unknown;
}

/**
 * Stopping on a signal: the steps in order, each logged at debug, then exit 0;
 * a step that fails, or is still running past its own bound, is logged and the
 * next runs; past the whole time bound (a step that would not let go), exit 1
 * with what was still running. A second signal while stopping changes nothing.
 */
export function createShutdown(options: ShutdownOptions): { stop(signal: string): Promise<void>; readonly stopping: boolean } {
  const { steps, logger, exit } = options;
  const timeoutMs = options.timeoutMs ?? SHUTDOWN_TIMEOUT_MS;
  const setTimer = options.setTimer ?? ((run: () => void, ms: number) => setTimeout(run, ms));
  const bounds = steps.reduce((sum, step) => sum + step.boundMs, 0);
  if (bounds > timeoutMs) throw new Error(`the shutdown's steps may take ${bounds / 1000} s, more than its ${timeoutMs / 1000} s`);
  let stopping = false;
  let exited = false;
  const finish = (code: number) => {
    if (exited) return;
    exited = true;
    exit(code);
  };
  return {
    get stopping() {
      return stopping;
    },
    async stop(signal) {
      if (stopping) return;
      stopping = true;
      logger.info(`${signal} received, stopping`);
      let current = 'starting to stop';
      setTimer(() => {
        logger.error(`Could not stop within ${timeoutMs / 1000} s (still ${current}): exiting anyway`);
        finish(1);
      }, timeoutMs);
      for (const step of steps) {
        current = step.name;
        logger.debug(`Stopping: ${step.name}`);
        const done = Promise.resolve()
          .then(() => step.run())
          .then(
            () => 'done' as const,
            (error: unknown) => logger.error(`Stopping: ${step.name} failed: ${error instanceof Error ? error.message : String(error)}`),
          );
        const late = new Promise<'late'>((resolve) => setTimer(() => resolve('late'), step.boundMs));
        if ((await Promise.race([done, late])) === 'late') logger.warn(`Stopping: ${step.name} did not finish within ${step.boundMs / 1000} s; going on`);
        if (exited) return;
      }
      logger.debug('Stopped');
      finish(0);
    },
  };
}

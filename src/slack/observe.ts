import type { App } from '@slack/bolt';
import type { DigestJob } from '../core/digest-job.js';
import type { AppMetrics, Surface } from './metrics.js';

/** Clicks and modal submissions are counted here; commands and mentions by their listeners, which know what they answered. */
const INTERACTIONS: Record<string, Surface> = { block_actions: 'action', view_submission: 'view' };

/**
 * Counts the listeners running, through a middleware registered before any
 * other: `idle()` resolves once none is (a stopping process waits for the
 * answers and posts in flight). Clicks and submissions are counted `ok`, or
 * `error` when their listener throws.
 */
export function trackInFlight(app: App, metrics: AppMetrics): { idle(): Promise<void> } {
  const running = new Set<Promise<unknown>>();
  app.use(async ({ body, next }) => {
    const surface = INTERACTIONS[body.type];
    const work = next();
    running.add(work);
    try {
      await work;
      if (surface) metrics.request(surface, 'ok');
    } catch (error) {
      if (surface) metrics.request(surface, 'error');
      throw error;
    } finally {
      running.delete(work);
    }
  });
  return {
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

/** The digest job with each run's outcome counted (`error`: the run threw, the store failing). */
export function observeDigestRuns(job: DigestJob, metrics: AppMetrics): DigestJob {
  const counted =
    <A extends unknown[]>(run: (...args: A) => ReturnType<DigestJob['runDue']>) =>
    (...args: A) =>
      run(...args).then(
        (result) => {
          metrics.digestRun(result.status);
          return result;
        },
        (error: unknown) => {
          metrics.digestRun('error');
          throw error;
        },
      );
  return { ...job, runDue: counted(job.runDue), catchUp: counted(job.catchUp), retry: counted(job.retry), lookAgain: counted(job.lookAgain) };
}

import type { App } from '@slack/bolt';
import type { DigestJob } from '../core/digest-job.js';
import type { AppMetrics, Surface } from './metrics.js';
import { interceptRegistrations } from './registrations.js';

/** Clicks and modal submissions are counted here; commands and mentions by their listeners, which know what they answered. */
const INTERACTIONS: Record<string, Surface> = { block_actions: 'action', view_submission: 'view' };

/**
 * Counts the listeners running: `idle()` resolves once none is (a stopping
 * process waits for the answers and posts in flight). Clicks and submissions
 * are counted `ok`, or `error` when their listener throws. Each listener
 * registered from now on is wrapped as it is registered, rather than by a
 * middleware that Bolt would run before every listener's filters on every
 * request.
 */
export function trackInFlight(app: App, metrics: AppMetrics): { idle(): Promise<void> } {
  const running = new Set<Promise<unknown>>();
  const tracked =
    (listener: (args: { body: { type?: unknown } }) => Promise<unknown>) =>
    async (args: { body: { type?: unknown } }): Promise<void> => {
      const surface = typeof args.body.type === 'string' ? INTERACTIONS[args.body.type] : undefined;
      const work = listener(args);
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
    };
  // The last argument of a registration is the listener.
  interceptRegistrations(app, (_method, args) => {
    const last = args.length - 1;
    return typeof args[last] === 'function' ? [...args.slice(0, last), tracked(args[last] as Parameters<typeof tracked>[0])] : args;
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

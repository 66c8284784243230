import cron from 'node-cron';
import { STALE_RESERVATION_MS, type BacklogStore } from './store.js';
import type { Log } from './log.js';
import type { DigestJob } from './digest-job.js';
import type { DigestRunResult } from './digest-slot.js';
import type { DigestSchedule } from './schedule.js';

/**
 * After a failed post, the next attempt comes this long after the previous
 * one (the last delay repeats) until it works or the slot's day is over: an
 * outage, or a bot not yet invited to the channel, costs a few minutes, not
 * the week. Quick network blips are already retried by the surface's client.
 */
const DIGEST_RETRY_DELAYS_MS: readonly number[] = [5, 15, 30, 60].map((minutes) => minutes * 60_000);

/** How long after a run finds its slot held, or its post unconfirmed, it looks again: the holder's reservation is stale by then. */
const LOOK_AGAIN_MS = STALE_RESERVATION_MS + 60_000;

/**
 * How long one replica's election to run a fire holds. Each fire is elected
 * under its own key (node-cron's task name and slot), so the lease only has
 * to outlast the replicas' clocks disagreeing: a replica firing later than
 * that is elected again, and finds the slot's row taken.
 */
const ELECTION_LEASE_MS = 60 * 60_000;

/** What the timer needs besides the job: the store the replicas share, where each fire elects the one replica that runs it. */
export interface DigestTimerDeps {
  store: Pick<BacklogStore, 'firstDelivery'>;
  logger: Log;
}

export interface DigestTimer {
  /** Resolves once the start-up catch-up has run and the weekly timer is set. */
  started: Promise<void>;
  /** Stops the timers and waits for every run in flight (the catch-up's too); callable at any time. */
  stop(): Promise<void>;
}

/**
 * Starts the weekly digest: catches up a slot missed while down, starts the
 * timer, and retries a failed post (see DIGEST_RETRY_DELAYS_MS). It returns at
 * once, so that whoever starts it can stop it during the catch-up.
 */
export function scheduleDigest(job: DigestJob, schedule: DigestSchedule, deps: DigestTimerDeps): DigestTimer {
  const { logger } = deps;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let task: ReturnType<typeof cron.schedule> | undefined;
  let stopped = false;

  const later = (delay: number, attempt = job.retry) => {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void run(attempt), delay);
    retryTimer.unref();
  };

  const run = async (attempt: () => Promise<DigestRunResult>): Promise<void> => {
    let result: DigestRunResult;
    try {
      result = await attempt();
    } catch (error) {
      // Posting failures come back as results; this is the state store failing (disk full, file locked).
      logger.error(`Weekly digest run failed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    clearTimeout(retryTimer);
    if (stopped) return;
    // Another run holds the slot (a deploy's old bot, a crashed one), or
    // this run's post was not confirmed: look again once things settle,
    // in case that run died, or to find the post in the channel.
    if (result.status === 'in-progress' || (result.status === 'uncertain' && !result.looked)) {
      later(LOOK_AGAIN_MS);
      return;
    }
    if (result.status !== 'failed') {
      failures = 0;
      return;
    }
    const delay = DIGEST_RETRY_DELAYS_MS[Math.min(failures, DIGEST_RETRY_DELAYS_MS.length - 1)]!;
    failures++;
    logger.info(`Next attempt at the digest for ${result.slot.toISOString()} in ${Math.round(delay / 60_000)} min`);
    later(delay);
  };

  const started = run(job.catchUp).then(() => {
    if (stopped) return;
    task = cron.schedule(schedule.cron, () => run(job.runDue), {
      timezone: schedule.timeZone,
      name: 'kubecon-digest',
      noOverlap: true,
      distributed: true,
      runCoordinator: electInStore(deps.store, logger),
      distributedLease: ELECTION_LEASE_MS,
    });
    // Another replica runs this fire: look again once its post is due to be
    // settled, in case it died before posting (then its reservation is stale, or there is none).
    task.on('execution:skipped', (context) => {
      if (stopped) return;
      logger.info(`Weekly digest due ${context.date.toISOString()}: another replica posts it; this one looks again in ${Math.round(LOOK_AGAIN_MS / 60_000)} min`);
      later(LOOK_AGAIN_MS, job.lookAgain);
    });
    logger.info(`Weekly digest scheduled: ${schedule.cron} (${schedule.timeZone})`);
  });
  return {
    started,
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      await started;
      await task?.destroy();
      await job.idle();
    },
  };
}

/**
 * One replica per fire, elected in the shared store (insert-if-absent): the
 * first to take the key runs it. A store that cannot elect lets the fire run:
 * the slot's reservation still makes it one post.
 */
function electInStore(store: DigestTimerDeps['store'], logger: Log) {
  return {
    async shouldRun(key: string, leaseMs: number): Promise<boolean> {
      const now = new Date();
      try {
        return await store.firstDelivery(`cron:${key}`, new Date(now.getTime() + leaseMs), now);
      } catch (error) {
        logger.warn(`Weekly digest: could not elect the replica that runs ${key} (${error instanceof Error ? error.message : String(error)}); running it, the slot's reservation keeps it to one post`);
        return true;
      }
    },
  };
}

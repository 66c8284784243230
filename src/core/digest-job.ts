import cron from 'node-cron';
import { STALE_RESERVATION_MS, type BacklogStore } from './store.js';
import type { BacklogItem } from './backlog.js';
import type { Log } from './log.js';
import { composeDigest, digestSlotAt, nextRunCache, sameDayIn, type Digest } from './digest.js';

export interface DigestSchedule {
  cron: string;
  timeZone: string;
}

/** Posts a digest somewhere (Slack) and returns the message's ts. */
export type PostDigest = (digest: Digest) => Promise<{ channel: string; ts: string }>;

/** Turns a posting failure into one line saying what went wrong and what to do. */
export type DescribeFailure = (error: unknown) => string;

/** Whether a failed post may have reached the channel all the same (the answer was lost, not the message). */
export type MayHavePosted = (error: unknown) => boolean;

export type DigestRunResult =
  | { status: 'posted'; slot: Date; ts: string; entryId?: string }
  | { status: 'already-posted'; slot: Date }
  | { status: 'in-progress'; slot: Date }
  | { status: 'skipped'; slot: Date; reason: string }
  | { status: 'no-slot' }
  | { status: 'failed'; slot: Date; error: string }
  /** Slack did not confirm the post: it may be in the channel, so it is not posted again on its own. */
  | { status: 'uncertain'; slot: Date; error: string };

/** Outcomes after which another process may still post the slot. */
const UNSETTLED: ReadonlySet<DigestRunResult['status']> = new Set(['failed', 'uncertain', 'skipped', 'in-progress']);

export interface DigestHealth {
  channel: string;
  schedule: string;
  nextRun?: string;
  lastRun?: { at: string; status: DigestRunResult['status']; slot?: string; error?: string };
}

/**
 * The weekly digest, as plain logic: which slot is due, one post per slot
 * (reserved in the store before posting, so a restart, a double fire or a
 * manual run in the same week never posts twice), and catching up a slot
 * missed while the process was down when it is still that day.
 */
export function createDigestJob(deps: {
  store: BacklogStore;
  backlog: () => readonly BacklogItem[];
  schedule: DigestSchedule;
  channel: string;
  post: PostDigest;
  describeFailure: DescribeFailure;
  mayHavePosted: MayHavePosted;
  logger: Log;
  clock?: () => Date;
}) {
  const { store, schedule, channel, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  let lastRun: DigestHealth['lastRun'];
  const nextRunAt = nextRunCache(schedule);

  const remember = (result: DigestRunResult): DigestRunResult => {
    lastRun = {
      at: clock().toISOString(),
      status: result.status,
      ...('slot' in result && { slot: result.slot.toISOString() }),
      ...((result.status === 'failed' || result.status === 'uncertain') && { error: result.error }),
    };
    return result;
  };

  async function publish(slot: Date): Promise<DigestRunResult> {
    const now = clock();
    const history = store.digestHistory();
    const digest = composeDigest({
      backlog: deps.backlog(),
      states: store.toolStates(),
      history,
      slot,
      nextRun: nextRunAt(now),
    });
    const key = slot.toISOString();
    if (!store.reserveDigestSlot(key, channel, digest.tool?.entry.id, now)) {
      if (store.digestBySlot(key)) {
        logger.info(`Digest for ${key} already posted: nothing to do`);
        return remember({ status: 'already-posted', slot });
      }
      const uncertainSince = store.digestUncertainSince(key);
      if (uncertainSince) {
        const error = `its post of ${uncertainSince.toISOString()} was never confirmed by Slack`;
        logger.warn(`Digest for ${key}: ${error}; look in ${channel}, and if it is not there, \`kubecon-bot digest --now --force\` posts it`);
        return remember({ status: 'uncertain', slot, error });
      }
      logger.info(`Digest for ${key} is being posted by another run: nothing to do`);
      return remember({ status: 'in-progress', slot });
    }
    let posted: Awaited<ReturnType<PostDigest>>;
    try {
      posted = await deps.post(digest);
    } catch (error) {
      const message = deps.describeFailure(error);
      if (deps.mayHavePosted(error)) {
        // Keep the slot reserved for good: a second post is worse than a late one.
        store.markDigestUncertain(key, clock());
        logger.error(
          `Digest for ${key} not confirmed by Slack: ${message}. It may be in ${channel} all the same, so it is not posted again on its own; if it is not there, \`kubecon-bot digest --now --force\` posts it`,
        );
        return remember({ status: 'uncertain', slot, error: message });
      }
      // Free the slot so that a later attempt posts it.
      store.releaseDigestSlot(key);
      logger.error(`Digest for ${key} not posted: ${message}`);
      return remember({ status: 'failed', slot, error: message });
    }
    try {
      store.completeDigest(key, posted.ts, clock());
    } catch (error) {
      // It is in the channel: keep the reservation rather than free the slot
      // for a second post. Buttons on it still work; the history misses it.
      logger.error(
        `Digest for ${key} posted to ${posted.channel} (ts ${posted.ts}) but not recorded: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    logger.info(`Digest posted to ${posted.channel} for ${key} (tool: ${digest.tool?.entry.id ?? 'none'})`);
    return remember({ status: 'posted', slot, ts: posted.ts, ...(digest.tool && { entryId: digest.tool.entry.id }) });
  }

  /** The run in flight, if any: a stopping process waits for it rather than leave a slot half posted. */
  let running: Promise<unknown> = Promise.resolve();
  const track = (run: Promise<DigestRunResult>): Promise<DigestRunResult> => {
    running = run.catch(() => undefined);
    return run;
  };

  /** The current slot, posted if nothing posted it yet and it is still the slot's day. */
  async function postIfStillDue(why: string, atStart = false): Promise<DigestRunResult> {
    const now = clock();
    const slot = digestSlotAt(schedule.cron, schedule.timeZone, now);
    if (!slot) return remember({ status: 'no-slot' });
    if (store.digestBySlot(slot.toISOString())) return remember({ status: 'already-posted', slot });
    if (!sameDayIn(schedule.timeZone, slot, now) && atStart && store.digestHistory().length === 0) {
      // A new install: nothing was ever posted, so nothing was missed.
      const reason = `no digest was ever posted; the first one is due ${nextRunAt(now)?.toISOString() ?? 'at the next slot'}`;
      logger.info(`Weekly digest: ${reason}`);
      return remember({ status: 'skipped', slot, reason });
    }
    if (!sameDayIn(schedule.timeZone, slot, now)) {
      const reason = `the digest due ${slot.toISOString()} was ${why} and that day is over`;
      logger.warn(`Skipped: ${reason}`);
      return remember({ status: 'skipped', slot, reason });
    }
    logger.info(`Posting the digest due ${slot.toISOString()}, ${why}`);
    return track(publish(slot));
  }

  return {
    /** The scheduled run, and `kubecon-bot digest --now`: the current week's slot, once. */
    async runDue(options: { force?: boolean } = {}): Promise<DigestRunResult> {
      const slot = digestSlotAt(schedule.cron, schedule.timeZone, clock());
      if (!slot) return remember({ status: 'no-slot' });
      // `--force`: someone looked in the channel and the unconfirmed post is not there.
      if (options.force && store.digestUncertainSince(slot.toISOString())) store.releaseDigestSlot(slot.toISOString());
      return track(publish(slot));
    },

    /** At start-up: post a slot missed while down if it is still that day, else skip it. */
    catchUp: () => postIfStillDue('missed while the bot was down', true),

    /** After a failed post: try this week's slot again if it is still that day. */
    retry: () => postIfStillDue('not posted at the last attempt'),

    /** Resolves once no run is in flight. */
    idle: async (): Promise<void> => {
      await running;
    },

    health(): DigestHealth {
      const nextRun = nextRunAt(clock());
      // Another process (`kubecon-bot digest --now`, the bot's next version) may have posted this slot since.
      const postedSince = lastRun?.slot && UNSETTLED.has(lastRun.status) ? store.digestBySlot(lastRun.slot) : undefined;
      const run = postedSince?.ts ? { at: postedSince.postedAt.toISOString(), status: 'posted' as const, slot: postedSince.slot } : lastRun;
      return { channel, schedule: `${schedule.cron} (${schedule.timeZone})`, ...(nextRun && { nextRun: nextRun.toISOString() }), ...(run && { lastRun: run }) };
    },
  };
}

export type DigestJob = ReturnType<typeof createDigestJob>;

/**
 * After a failed post, the next attempt comes this long after the previous
 * one (the last delay repeats) until it works or the slot's day is over: a
 * Slack outage, or a bot not yet invited to the channel, costs a few minutes,
 * not the week. Quick network blips are already retried by the Web API client.
 */
const DIGEST_RETRY_DELAYS_MS: readonly number[] = [5, 15, 30, 60].map((minutes) => minutes * 60_000);

/**
 * Starts the weekly digest: catches up a slot missed while down, starts the
 * timer, and retries a failed post (see DIGEST_RETRY_DELAYS_MS). The returned
 * function stops it all and waits for a run in flight.
 */
export async function scheduleDigest(job: DigestJob, schedule: DigestSchedule, logger: Log): Promise<() => Promise<void>> {
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

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
    // Another run holds the slot: look again once its reservation would be
    // stale, in case that run fails or dies (a deploy's old bot, a crash).
    if (result.status === 'in-progress' && !stopped) {
      retryTimer = setTimeout(() => void run(job.retry), STALE_RESERVATION_MS + 60_000);
      retryTimer.unref();
      return;
    }
    if (result.status !== 'failed') {
      failures = 0;
      return;
    }
    if (stopped) return;
    const delay = DIGEST_RETRY_DELAYS_MS[Math.min(failures, DIGEST_RETRY_DELAYS_MS.length - 1)]!;
    failures++;
    logger.info(`Next attempt at the digest for ${result.slot.toISOString()} in ${Math.round(delay / 60_000)} min`);
    retryTimer = setTimeout(() => void run(job.retry), delay);
    retryTimer.unref();
  };

  await run(job.catchUp);
  const task = cron.schedule(schedule.cron, () => run(job.runDue), { timezone: schedule.timeZone, name: 'kubecon-digest', noOverlap: true });
  logger.info(`Weekly digest scheduled: ${schedule.cron} (${schedule.timeZone})`);
  return async () => {
    stopped = true;
    clearTimeout(retryTimer);
    await task.destroy();
    await job.idle();
  };
}

import type { BacklogStore } from './store.js';
import type { BacklogItem } from './backlog.js';
import { composeDigest } from './digest.js';
import { createSlotPoster, type DigestRunResult, type PostingDeps } from './digest-slot.js';
import { digestSlotAt, nextRunCache, sameDayIn, type DigestSchedule } from './schedule.js';

/** Outcomes after which another process may still post the slot. */
const UNSETTLED: ReadonlySet<DigestRunResult['status']> = new Set(['failed', 'uncertain', 'skipped', 'in-progress']);

export interface DigestHealth {
  channel: string;
  schedule: string;
  nextRun?: string;
  lastRun?: { at: string; status: DigestRunResult['status']; slot?: string; error?: string };
}

/**
 * The weekly digest, as plain logic: which slot is due, posted once (see
 * createSlotPoster), and catching up a slot missed while the process was
 * down when it is still that day.
 */
export function createDigestJob(deps: PostingDeps & { backlog: () => Promise<readonly BacklogItem[]>; schedule: DigestSchedule; clock?: () => Date }) {
  const { store, schedule, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const nextRunAt = nextRunCache(schedule);
  const postOnce = createSlotPoster({ ...deps, clock });
  const health = createHealthReport({ store, channel: deps.channel, schedule, clock, nextRunAt });
  const inFlight = createRunsInFlight();
  const run = (attempt: Promise<DigestRunResult>) => inFlight.track(attempt.then(health.remember));

  async function publish(slot: Date, force = false): Promise<DigestRunResult> {
    const now = clock();
    const [backlog, states, history] = await Promise.all([deps.backlog(), store.toolStates(), store.digestHistory()]);
    const digest = composeDigest({ backlog, states, history, slot, nextRun: nextRunAt(now) });
    return postOnce(slot, digest, now, force);
  }

  /** The current slot, posted if nothing posted it yet and it is still the slot's day. */
  async function postIfStillDue(why: string, atStart = false): Promise<DigestRunResult> {
    const now = clock();
    const slot = digestSlotAt(schedule.cron, schedule.timeZone, now);
    if (!slot) return { status: 'no-slot' };
    if (await store.digestBySlot(slot.toISOString())) return { status: 'already-posted', slot };
    if (!sameDayIn(schedule.timeZone, slot, now) && atStart && (await store.digestHistory()).length === 0) {
      // A new install: nothing was ever posted, so nothing was missed.
      const reason = `no digest was ever posted; the first one is due ${nextRunAt(now)?.toISOString() ?? 'at the next slot'}`;
      logger.info(`Weekly digest: ${reason}`);
      return { status: 'skipped', slot, reason };
    }
    if (!sameDayIn(schedule.timeZone, slot, now)) {
      const reason = `the digest due ${slot.toISOString()} was ${why} and that day is over`;
      logger.warn(`Skipped: ${reason}`);
      return { status: 'skipped', slot, reason };
    }
    logger.info(`Posting the digest due ${slot.toISOString()}, ${why}`);
    return publish(slot);
  }

  /** The current week's slot, once. */
  async function due(force: boolean): Promise<DigestRunResult> {
    const slot = digestSlotAt(schedule.cron, schedule.timeZone, clock());
    return slot ? publish(slot, force) : { status: 'no-slot' };
  }

  return {
    /** The scheduled run, and a run by hand. `force`: someone looked in the channel and the unconfirmed post is not there. */
    runDue: (options: { force?: boolean } = {}) => run(due(options.force === true)),

    /** At start-up: post a slot missed while down if it is still that day, else skip it. */
    catchUp: () => run(postIfStillDue('missed while the bot was down', true)),

    /** After a failed post: try this week's slot again if it is still that day. */
    retry: () => run(postIfStillDue('not posted at the last attempt')),

    /** After another replica was elected to post: this week's slot, if that replica left it unposted (it died) and it is still that day. */
    lookAgain: () => run(postIfStillDue('left unposted by the replica elected to post it')),

    /** Resolves once no run is in flight. */
    idle: inFlight.idle,

    health: health.report,
  };
}

export type DigestJob = ReturnType<typeof createDigestJob>;

/** The runs in flight (a timer's and a retry's can overlap): a stopping process waits for them rather than leave a slot half posted. */
function createRunsInFlight() {
  const inFlight = new Set<Promise<unknown>>();
  return {
    track<T>(run: Promise<T>): Promise<T> {
      const settled: Promise<unknown> = run.then(
        () => inFlight.delete(settled),
        () => inFlight.delete(settled),
      );
      inFlight.add(settled);
      return run;
    },
    async idle(): Promise<void> {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}

/** The last run's outcome, for /healthz, corrected by what another process posted since. */
function createHealthReport(deps: { store: BacklogStore; channel: string; schedule: DigestSchedule; clock: () => Date; nextRunAt: (now: Date) => Date | undefined }) {
  const { store, channel, schedule, clock } = deps;
  let lastRun: DigestHealth['lastRun'];
  return {
    remember(result: DigestRunResult): DigestRunResult {
      lastRun = {
        at: clock().toISOString(),
        status: result.status,
        ...('slot' in result && { slot: result.slot.toISOString() }),
        ...((result.status === 'failed' || result.status === 'uncertain') && { error: result.error }),
      };
      return result;
    },
    async report(): Promise<DigestHealth> {
      const nextRun = deps.nextRunAt(clock());
      // Another process (a run by hand, the bot's next version) may have posted this slot since;
      // a store that cannot say leaves the last run as this process saw it, rather than fail the health report.
      const postedSince = lastRun?.slot && UNSETTLED.has(lastRun.status) ? await store.digestBySlot(lastRun.slot).catch(() => undefined) : undefined;
      const run = postedSince?.messageRef ? { at: postedSince.postedAt.toISOString(), status: 'posted' as const, slot: postedSince.slot } : lastRun;
      return { channel, schedule: `${schedule.cron} (${schedule.timeZone})`, ...(nextRun && { nextRun: nextRun.toISOString() }), ...(run && { lastRun: run }) };
    },
  };
}

import cron from 'node-cron';
import { STALE_RESERVATION_MS, type BacklogStore } from './store.js';
import type { BacklogItem } from './backlog.js';
import type { Log } from './log.js';
import { composeDigest, type Digest } from './digest.js';
import { digestSlotAt, nextRunCache, sameDayIn, type DigestSchedule } from './schedule.js';

/**
 * Posts a digest somewhere (Slack), tagged with its slot so that
 * FindPostedDigest can find it, and returns the message's ts: none when the
 * post was taken without saying which message it is.
 */
export type PostDigest = (digest: Digest, slot: string) => Promise<{ channel: string; ts?: string }>;

/** What the channel shows of a slot's post: there (with its ts), surely not there, or it could not be read. */
export type DigestLookup = { status: 'found'; ts: string; at: Date } | { status: 'absent' } | { status: 'unknown'; reason: string };

/** Looks in the channel for the post of `slot` made since `since` (its reservation). */
export type FindPostedDigest = (slot: string, since: Date) => Promise<DigestLookup>;

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
  /**
   * The post may be in the channel (Slack never confirmed it, or the run
   * posting it died), so it is not posted again on its own. `looked`: the
   * channel was searched and could not tell.
   */
  | { status: 'uncertain'; slot: Date; error: string; looked: boolean };

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
 *
 * A reservation whose post may be in the channel (Slack never confirmed it,
 * or the run holding it died) is never posted over on its own: the channel is
 * searched first, and the slot is posted only when its post is surely not there.
 */
export function createDigestJob(deps: {
  store: BacklogStore;
  backlog: () => readonly BacklogItem[];
  schedule: DigestSchedule;
  channel: string;
  post: PostDigest;
  findPosted: FindPostedDigest;
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

  const lookAt = (channel: string) => `look in ${channel}, and if it is not there, \`kubecon-bot digest --now --force\` posts it`;

  async function publish(slot: Date, force = false): Promise<DigestRunResult> {
    const now = clock();
    const digest = composeDigest({
      backlog: deps.backlog(),
      states: store.toolStates(),
      history: store.digestHistory(),
      slot,
      nextRun: nextRunAt(now),
    });
    const key = slot.toISOString();
    const entryId = digest.tool?.entry.id;
    if (store.reserveDigestSlot(key, channel, entryId, now)) return post(slot, digest);
    if (store.digestBySlot(key)) {
      logger.info(`Digest for ${key} already posted: nothing to do`);
      return remember({ status: 'already-posted', slot });
    }
    const pending = store.pendingDigest(key);
    const settled = !pending || (!pending.uncertainSince && now.getTime() - pending.reservedAt.getTime() < STALE_RESERVATION_MS);
    if (settled) {
      logger.info(`Digest for ${key} is being posted by another run: nothing to do`);
      return remember({ status: 'in-progress', slot });
    }
    // Slack never confirmed its post, or the run posting it died (before or after Slack took it): look before posting it again.
    const lookup = await deps.findPosted(key, pending.reservedAt).catch((error: unknown): DigestLookup => ({ status: 'unknown', reason: deps.describeFailure(error) }));
    const unconfirmed = `its post of ${pending.reservedAt.toISOString()} was never confirmed by Slack`;
    if (lookup.status === 'found') {
      record(key, lookup.ts, lookup.at, `found in ${channel} (ts ${lookup.ts}): recorded as posted`);
      return remember({ status: 'already-posted', slot });
    }
    if (lookup.status === 'unknown' && !force) {
      const error = `${unconfirmed}, and the bot could not look for it in ${channel}: ${lookup.reason}`;
      store.markDigestUncertain(key, now);
      logger.warn(`Digest for ${key}: ${error}. It may be there all the same, so it is not posted again on its own; ${lookAt(channel)}`);
      return remember({ status: 'uncertain', slot, error, looked: true });
    }
    if (!store.takeOverDigestSlot(key, pending.reservedAt, channel, entryId, now)) {
      logger.info(`Digest for ${key} is being posted by another run: nothing to do`);
      return remember({ status: 'in-progress', slot });
    }
    logger.info(`Digest for ${key}: ${unconfirmed}, ${lookup.status === 'absent' ? `and it is not in ${channel}` : 'and --force says to post it'}: posting it`);
    return post(slot, digest);
  }

  /** Posts a slot this run has reserved. */
  async function post(slot: Date, digest: Digest): Promise<DigestRunResult> {
    const key = slot.toISOString();
    let posted: Awaited<ReturnType<PostDigest>>;
    try {
      posted = await deps.post(digest, key);
    } catch (error) {
      const message = deps.describeFailure(error);
      if (deps.mayHavePosted(error)) return keepUnconfirmed(slot, message, `It may be in ${channel} all the same`);
      // Free the slot so that a later attempt posts it.
      store.releaseDigestSlot(key);
      logger.error(`Digest for ${key} not posted: ${message}`);
      return remember({ status: 'failed', slot, error: message });
    }
    // In the channel, but the bot cannot update a message it cannot name: the search finds its ts.
    if (!posted.ts) return keepUnconfirmed(slot, 'Slack accepted it but returned no message ts', `It is most likely in ${posted.channel}`);
    record(key, posted.ts, clock(), `posted to ${posted.channel} (tool: ${digest.tool?.entry.id ?? 'none'})`);
    return remember({ status: 'posted', slot, ts: posted.ts, ...(digest.tool && { entryId: digest.tool.entry.id }) });
  }

  /** A post Slack may have taken: the slot stays reserved, a second post being worse than a late one. */
  function keepUnconfirmed(slot: Date, error: string, where: string): DigestRunResult {
    const key = slot.toISOString();
    store.markDigestUncertain(key, clock());
    logger.error(`Digest for ${key} not confirmed by Slack: ${error}. ${where}, so it is posted again only once the channel shows it is not there; ${lookAt(channel)}`);
    return remember({ status: 'uncertain', slot, error, looked: false });
  }

  /** Marks a reserved slot as posted with its message. */
  function record(key: string, ts: string, at: Date, what: string): void {
    try {
      store.completeDigest(key, ts, at);
      logger.info(`Digest for ${key} ${what}`);
    } catch (error) {
      // It is in the channel: keep the reservation rather than free the slot
      // for a second post. Buttons on it still work; the history misses it.
      logger.error(`Digest for ${key} ${what} but not recorded: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The runs in flight (a timer's and a retry's can overlap): a stopping process waits for them rather than leave a slot half posted. */
  const inFlight = new Set<Promise<unknown>>();
  const track = (run: Promise<DigestRunResult>): Promise<DigestRunResult> => {
    const settled: Promise<unknown> = run.then(
      () => inFlight.delete(settled),
      () => inFlight.delete(settled),
    );
    inFlight.add(settled);
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
      return track(publish(slot, options.force === true));
    },

    /** At start-up: post a slot missed while down if it is still that day, else skip it. */
    catchUp: () => postIfStillDue('missed while the bot was down', true),

    /** After a failed post: try this week's slot again if it is still that day. */
    retry: () => postIfStillDue('not posted at the last attempt'),

    /** Resolves once no run is in flight. */
    idle: async (): Promise<void> => {
      while (inFlight.size > 0) await Promise.all(inFlight);
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

/** How long after a run finds its slot held, or its post unconfirmed, it looks again: the holder's reservation is stale by then. */
const LOOK_AGAIN_MS = STALE_RESERVATION_MS + 60_000;

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
export function scheduleDigest(job: DigestJob, schedule: DigestSchedule, logger: Log): DigestTimer {
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let task: ReturnType<typeof cron.schedule> | undefined;
  let stopped = false;

  const later = (delay: number) => {
    retryTimer = setTimeout(() => void run(job.retry), delay);
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
    // Slack did not confirm this run's post: look again once things settle,
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
    task = cron.schedule(schedule.cron, () => run(job.runDue), { timezone: schedule.timeZone, name: 'kubecon-digest', noOverlap: true });
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

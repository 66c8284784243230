import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Assistant } from '../../src/core/assistant.js';
import type { Digest } from '../../src/core/digest.js';
import { createDigestJob } from '../../src/core/digest-job.js';
import type { DigestLookup, PostingWords } from '../../src/core/digest-slot.js';
import { scheduleDigest } from '../../src/core/digest-timer.js';
import { createLogger } from '../../src/logger.js';
import { SLACK_POSTING_WORDS } from '../../src/slack/digest-post.js';
import { openSqliteStore } from '../../src/state/sqlite.js';
import type { BacklogStore } from '../../src/core/store.js';
import { loadRecap } from '../support/entries.js';
import { cleanupAfterEach } from '../support/cleanups.js';
import { tempStateDir } from '../support/test-app.js';

let assistant: Assistant;
beforeAll(async () => {
  assistant = await loadRecap();
});

const deferCleanup = cleanupAfterEach();

/** What the channel's history says when the bot looks there; by default it cannot be read (no scope). */
const UNREADABLE: DigestLookup = { status: 'unknown', reason: 'Slack error "missing_scope"' };

/**
 * A job on a real store in a temp dir, a clock the test moves, a post that
 * records what it got, and a channel history the test decides.
 */
function setUp(
  options: {
    stateDir?: string;
    failWith?: () => unknown;
    recordFailsWith?: string;
    clock?: () => Date;
    lookup?: DigestLookup;
    noTs?: boolean;
    /** Holds the post until it resolves; a function decides per post (several replicas sharing one Slack). */
    hold?: Promise<void> | (() => Promise<void> | undefined);
    words?: PostingWords;
  } = {},
) {
  const state = options.stateDir ? undefined : tempStateDir();
  const dir = options.stateDir ?? state!.dir;
  const opened = openSqliteStore(dir);
  const store: BacklogStore = options.recordFailsWith
    ? {
        ...opened,
        completeDigest: async () => {
          throw new Error(options.recordFailsWith);
        },
      }
    : opened;
  deferCleanup(async () => {
    await store.close();
    state?.cleanup();
  });
  let now = new Date('2026-03-23T08:45:00Z'); // Monday 23 March 2026, 09:45 in Paris
  const posted: Digest[] = [];
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => logs.push(line) });
  let failure = options.failWith;
  let attempts = 0;
  let lookup = options.lookup ?? UNREADABLE;
  const lookups: { slot: string; since: Date }[] = [];
  const postedSlots: string[] = [];
  const job = createDigestJob({
    store,
    backlog: async () => assistant.backlog,
    schedule: { cron: '30 9 * * 1', timeZone: 'Europe/Paris' },
    channel: 'C0DIGEST',
    post: async (digest, slot) => {
      attempts++;
      await (typeof options.hold === 'function' ? options.hold() : options.hold);
      if (failure) throw failure();
      posted.push(digest);
      postedSlots.push(slot);
      return options.noTs ? { channel: 'C0DIGEST' } : { channel: 'C0DIGEST', messageRef: `17000000${posted.length}.000100` };
    },
    findPosted: async (slot, since) => {
      lookups.push({ slot, since });
      return lookup;
    },
    describeFailure: (error) => `described: ${(error as Error).message}`,
    // Stands for a timeout or a dropped connection: Slack may have posted it.
    mayHavePosted: (error) => (error as Error).message === 'no answer',
    // The bot's own words, so that these tests check the log lines people read.
    words: options.words ?? SLACK_POSTING_WORDS,
    logger,
    clock: options.clock ?? (() => now),
  });
  return {
    job,
    store,
    dir,
    posted,
    logs,
    logger,
    attempts: () => attempts,
    lookups,
    postedSlots,
    channelShows: (next: DigestLookup) => {
      lookup = next;
    },
    failWith: (error: () => unknown) => {
      failure = error;
    },
    setNow: (iso: string) => {
      now = new Date(iso);
    },
    stopFailing: () => {
      failure = undefined;
    },
  };
}

describe('the weekly digest job', () => {
  it('posts this week’s digest once, however often it fires', async () => {
    const t = setUp();
    expect(await t.job.runDue()).toMatchObject({ status: 'posted', slot: new Date('2026-03-23T08:30:00Z'), entryId: 'conftest' });
    expect(await t.job.runDue()).toMatchObject({ status: 'already-posted' });
    t.setNow('2026-03-26T10:00:00Z'); // Thursday, same week
    expect(await t.job.runDue()).toMatchObject({ status: 'already-posted' });
    expect(t.posted).toHaveLength(1);
    expect(t.posted[0]!.tool?.entry.id).toBe('conftest');
  });

  it('leaves a week another run is posting to that run', async () => {
    const t = setUp();
    expect(await t.store.reserveDigestSlot('2026-03-23T08:30:00.000Z', 'C0DIGEST', 'conftest', new Date('2026-03-23T08:40:00Z'))).toBe(true);
    expect(await t.job.runDue()).toMatchObject({ status: 'in-progress' });
    expect(t.logs.some((l) => l.includes('being posted by another run'))).toBe(true);
    expect(t.posted).toHaveLength(0);
    expect(t.lookups).toHaveLength(0);
  });

  it('never posts over a run that died mid-post when it cannot look in the channel: the week is unconfirmed, and --force posts it', async () => {
    const t = setUp();
    // A run reserved the week at 08:40 and died (kill -9, a crash) before or after Slack took its post.
    await t.store.reserveDigestSlot('2026-03-23T08:30:00.000Z', 'C0DIGEST', 'conftest', new Date('2026-03-23T08:40:00Z'));
    t.setNow('2026-03-23T08:56:00Z');
    const result = await t.job.runDue();
    expect(result).toMatchObject({ status: 'uncertain', error: expect.stringContaining('its post of 2026-03-23T08:40:00.000Z was never confirmed by Slack') });
    expect(result).toMatchObject({ error: expect.stringContaining('could not look for it in C0DIGEST: Slack error "missing_scope"') });
    expect(t.lookups).toEqual([{ slot: '2026-03-23T08:30:00.000Z', since: new Date('2026-03-23T08:40:00Z') }]);
    expect(t.posted).toHaveLength(0);
    expect((await t.job.health()).lastRun).toMatchObject({ status: 'uncertain' });
    expect(t.logs.some((l) => l.includes('WARN') && l.includes('look in C0DIGEST') && l.includes('digest --now --force'))).toBe(true);
    // A restart, an hour later: still not posted on its own.
    t.setNow('2026-03-23T09:56:00Z');
    expect(await setUp({ stateDir: t.dir, clock: () => new Date('2026-03-23T09:56:00Z') }).job.catchUp()).toMatchObject({ status: 'uncertain' });
    expect(t.posted).toHaveLength(0);
    expect(await t.job.runDue({ force: true })).toMatchObject({ status: 'posted' });
    expect(t.posted).toHaveLength(1);
    expect(await t.job.runDue({ force: true })).toMatchObject({ status: 'already-posted' });
  });

  it('records the week a dead run did post, found in the channel by the slot in its metadata, and posts nothing', async () => {
    const t = setUp({ lookup: { status: 'found', messageRef: '1774255210.000200', at: new Date('2026-03-23T08:40:10Z') } });
    await t.store.reserveDigestSlot('2026-03-23T08:30:00.000Z', 'C0DIGEST', 'conftest', new Date('2026-03-23T08:40:00Z'));
    t.setNow('2026-03-23T08:56:00Z');
    expect(await t.job.runDue()).toMatchObject({ status: 'already-posted' });
    expect(t.posted).toHaveLength(0);
    expect(await t.store.digestBySlot('2026-03-23T08:30:00.000Z')).toMatchObject({ messageRef: '1774255210.000200', entryId: 'conftest', postedAt: new Date('2026-03-23T08:40:10Z') });
    expect(t.logs.some((l) => l.includes('found in C0DIGEST (ts 1774255210.000200)'))).toBe(true);
    expect((await t.job.health()).lastRun).toMatchObject({ status: 'already-posted' });
  });

  it('posts the week a dead run never posted, once the channel shows it is not there', async () => {
    const t = setUp({ lookup: { status: 'absent' } });
    await t.store.reserveDigestSlot('2026-03-23T08:30:00.000Z', 'C0DIGEST', 'conftest', new Date('2026-03-23T08:40:00Z'));
    t.setNow('2026-03-23T08:56:00Z');
    expect(await t.job.runDue()).toMatchObject({ status: 'posted' });
    expect(t.postedSlots).toEqual(['2026-03-23T08:30:00.000Z']);
    expect(await t.job.runDue()).toMatchObject({ status: 'already-posted' });
    expect(t.posted).toHaveLength(1);
  });

  it('tags each post with its slot, for the channel search to find', async () => {
    const t = setUp();
    await t.job.runDue();
    expect(t.postedSlots).toEqual(['2026-03-23T08:30:00.000Z']);
  });

  it('counts a post Slack took without saying which message it is (no ts) as unconfirmed, never as not posted', async () => {
    const t = setUp({ noTs: true });
    expect(await t.job.runDue()).toMatchObject({ status: 'uncertain', error: expect.stringContaining('no message ts') });
    expect(await t.job.runDue()).toMatchObject({ status: 'uncertain' });
    expect(await t.job.retry()).toMatchObject({ status: 'uncertain' });
    expect(t.attempts()).toBe(1);
    t.channelShows({ status: 'found', messageRef: '1774255500.000100', at: new Date('2026-03-23T08:45:00Z') });
    expect(await t.job.runDue()).toMatchObject({ status: 'already-posted' });
    expect((await t.store.digestBySlot('2026-03-23T08:30:00.000Z'))?.messageRef).toBe('1774255500.000100');
    expect(t.attempts()).toBe(1);
  });

  it('never posts a week twice when the post went out but could not be recorded', async () => {
    const t = setUp({ recordFailsWith: 'database is locked' });
    expect(await t.job.runDue()).toMatchObject({ status: 'posted' });
    expect(t.logs.some((l) => l.includes('ERROR') && l.includes('but not recorded: database is locked'))).toBe(true);
    expect(await t.job.runDue()).toMatchObject({ status: 'in-progress' });
    expect(await t.job.catchUp()).toMatchObject({ status: 'in-progress' });
    expect(t.posted).toHaveLength(1);
  });

  it('lets a stopping process wait for the run in flight', async () => {
    const t = setUp();
    const run = t.job.runDue();
    let settled = false;
    void run.then(() => (settled = true));
    await t.job.idle();
    expect(settled).toBe(true);
    expect(t.posted).toHaveLength(1);
  });

  it('still knows a week was posted after a restart', async () => {
    const first = setUp();
    await first.job.runDue();
    await first.store.close();
    const again = setUp({ stateDir: first.dir });
    expect(await again.job.runDue()).toMatchObject({ status: 'already-posted' });
    expect(again.posted).toHaveLength(0);
  });

  it('goes through the backlog week after week, highest priority first, never twice in a row, across the clock change', async () => {
    const t = setUp();
    const picks: (string | undefined)[] = [];
    // Mondays 09:45 Paris from 23 March 2026; the clocks go forward on 29 March.
    const mondays = ['2026-03-23T08:45:00Z', '2026-03-30T07:45:00Z', '2026-04-06T07:45:00Z', '2026-04-13T07:45:00Z', '2026-04-20T07:45:00Z', '2026-04-27T07:45:00Z', '2026-05-04T07:45:00Z', '2026-05-11T07:45:00Z', '2026-05-18T07:45:00Z'];
    for (const monday of mondays) {
      t.setNow(monday);
      const result = await t.job.runDue();
      expect(result.status).toBe('posted');
      picks.push(result.status === 'posted' ? result.entryId : undefined);
    }
    const open = assistant.backlog.map((b) => b.entry.id);
    expect(picks.slice(0, open.length)).toEqual(open);
    expect(picks[open.length]).toBe(open[0]);
    expect(t.posted[1]!.slot).toEqual(new Date('2026-03-30T07:30:00Z'));
  });

  it('skips tools already evaluated or dismissed', async () => {
    const t = setUp();
    await t.store.changeTool('conftest', () => ({ write: { kind: 'verdict', record: { verdict: 'adopt', by: 'U1', at: new Date('2026-03-20T10:00:00Z') } }, result: undefined }));
    await t.store.changeTool('chaos-toolkit', () => ({ write: { kind: 'dismiss', dismissal: { by: 'U2', reason: 'déjà fait', at: new Date('2026-03-20T10:00:00Z') } }, result: undefined }));
    expect(await t.job.runDue()).toMatchObject({ status: 'posted', entryId: 'kapp' });
    expect(t.posted[0]!.summary.evaluated.map((e) => e.item.entry.id)).toEqual(['conftest']);
    expect(t.posted[0]!.summary.dismissed.map((i) => i.entry.id)).toEqual(['chaos-toolkit']);
  });

  it('frees the slot when posting fails, says why, and posts on the next run', async () => {
    const t = setUp({ failWith: () => new Error('channel_not_found') });
    expect(await t.job.runDue()).toMatchObject({ status: 'failed', error: 'described: channel_not_found' });
    expect((await t.job.health()).lastRun).toMatchObject({ status: 'failed', error: 'described: channel_not_found' });
    expect(t.logs.some((l) => l.includes('ERROR') && l.includes('described: channel_not_found'))).toBe(true);
    t.stopFailing();
    expect(await t.job.runDue()).toMatchObject({ status: 'posted' });
    expect((await t.job.health()).lastRun).toMatchObject({ status: 'posted' });
  });

  it('never posts again on its own when Slack may have posted it, even after a restart; --force can', async () => {
    const t = setUp({ failWith: () => new Error('no answer') });
    expect(await t.job.runDue()).toMatchObject({ status: 'uncertain', error: 'described: no answer' });
    expect((await t.job.health()).lastRun).toMatchObject({ status: 'uncertain', error: 'described: no answer' });
    expect(t.logs.some((l) => l.includes('ERROR') && l.includes('may be in C0DIGEST') && l.includes('digest --now --force'))).toBe(true);
    t.stopFailing();
    expect(await t.job.runDue()).toMatchObject({ status: 'uncertain', error: expect.stringContaining('its post of 2026-03-23T08:45:00.000Z was never confirmed by Slack') });
    expect(await t.job.retry()).toMatchObject({ status: 'uncertain' });
    // A restart an hour later, the same day: its catch-up leaves the slot alone.
    t.setNow('2026-03-23T09:45:00Z');
    const restarted = setUp({ stateDir: t.dir });
    restarted.setNow('2026-03-23T09:45:00Z');
    expect(await restarted.job.catchUp()).toMatchObject({ status: 'uncertain' });
    expect([...t.posted, ...restarted.posted]).toHaveLength(0);
    expect(await t.job.runDue({ force: true })).toMatchObject({ status: 'posted' });
    expect(t.posted).toHaveLength(1);
  });

  it('after an unconfirmed post, looks in the channel on the next run and posts only if it is not there', async () => {
    const t = setUp({ failWith: () => new Error('no answer'), lookup: { status: 'absent' } });
    expect(await t.job.runDue()).toMatchObject({ status: 'uncertain' });
    expect(t.lookups).toHaveLength(0); // not in the same run: Slack may still be writing it
    t.stopFailing();
    expect(await t.job.runDue()).toMatchObject({ status: 'posted' });
    expect(t.lookups).toHaveLength(1);
    expect(t.posted).toHaveLength(1);
  });

  it('catches up a slot missed while down when it is still that day', async () => {
    const t = setUp();
    t.setNow('2026-03-23T21:00:00Z'); // Monday 22:00 in Paris
    expect(await t.job.catchUp()).toMatchObject({ status: 'posted' });
    expect(await t.job.catchUp()).toMatchObject({ status: 'already-posted' });
    expect((await t.job.health()).lastRun).toMatchObject({ status: 'already-posted' });
  });

  it('skips a missed slot once that day is over in the digest’s time zone, and says so', async () => {
    const t = setUp();
    t.setNow('2026-03-16T08:45:00Z'); // the Monday before: posted
    expect(await t.job.runDue()).toMatchObject({ status: 'posted' });
    t.setNow('2026-03-23T23:30:00Z'); // already Tuesday 00:30 in Paris
    expect(await t.job.catchUp()).toMatchObject({ status: 'skipped' });
    expect(t.posted).toHaveLength(1);
    expect(t.logs.some((l) => l.includes('WARN') && l.includes('missed while the bot was down'))).toBe(true);
  });

  it('does not call a slot missed on a new install, and says when the first digest comes', async () => {
    const t = setUp();
    t.setNow('2026-03-24T10:00:00Z'); // Tuesday: this week's slot passed before the bot ever posted
    expect(await t.job.catchUp()).toMatchObject({ status: 'skipped', reason: 'no digest was ever posted; the first one is due 2026-03-30T07:30:00.000Z' });
    expect(t.logs.some((l) => l.includes('WARN'))).toBe(false);
    expect(t.logs.some((l) => l.includes('INFO') && l.includes('the first one is due 2026-03-30T07:30:00.000Z'))).toBe(true);
  });

  it('reports a slot another process posted since its own run failed', async () => {
    const t = setUp({ failWith: () => new Error('not_in_channel') });
    expect(await t.job.runDue()).toMatchObject({ status: 'failed' });
    // `kubecon-bot digest --now`, run by hand once the bot was invited, writes to the same store.
    const other = setUp({ stateDir: t.dir });
    expect(await other.job.runDue()).toMatchObject({ status: 'posted' });
    expect((await t.job.health()).lastRun).toMatchObject({ status: 'posted', slot: '2026-03-23T08:30:00.000Z' });
  });

  it('names the service, the message reference and the remedy in the words its surface gives, never Slack', async () => {
    const words = { service: 'the chat', reference: 'id', remedy: '`post-digest --again` posts it' };
    const t = setUp({ noTs: true, words, lookup: { status: 'unknown', reason: 'history unreadable' } });
    expect(await t.job.runDue()).toMatchObject({ status: 'uncertain', error: 'the chat accepted it but returned no message id' });
    expect(await t.job.runDue()).toMatchObject({ status: 'uncertain', error: expect.stringMatching(/^its post of .+ was never confirmed by the chat, and the bot could not look for it in C0DIGEST: history unreadable$/) });
    t.channelShows({ status: 'found', messageRef: '42', at: new Date('2026-03-23T08:45:00Z') });
    expect(await t.job.runDue()).toMatchObject({ status: 'already-posted' });
    expect(t.logs.filter((l) => l.includes('look in C0DIGEST, and if it is not there, `post-digest --again` posts it'))).toHaveLength(2);
    expect(t.logs.some((l) => l.includes('found in C0DIGEST (id 42): recorded as posted'))).toBe(true);
    expect(t.logs.join('\n')).not.toMatch(/slack|digest --now|\bts\b/i);
  });

  it('tells the next run time in its health report', async () => {
    const t = setUp();
    expect(await t.job.health()).toMatchObject({ channel: 'C0DIGEST', nextRun: '2026-03-30T07:30:00.000Z' });
  });
});

describe('the digest on its timer', () => {
  const MINUTE = 60_000;
  afterEach(() => {
    vi.useRealTimers();
  });

  /** The job on the real timer (node-cron) and the retry timers, with time faked from Monday 23 March 2026, 09:45 in Paris. */
  async function started(failWith?: () => unknown, options: { lookup?: DigestLookup } = {}) {
    vi.useFakeTimers({ now: new Date('2026-03-23T08:45:00Z') });
    const t = setUp({ clock: () => new Date(), ...(failWith && { failWith }), ...options });
    const schedule = scheduleDigest(t.job, { cron: '30 9 * * 1', timeZone: 'Europe/Paris' }, { store: t.store, logger: t.logger });
    deferCleanup(() => void schedule.stop());
    await schedule.started;
    return { ...t, stop: schedule.stop };
  }

  it('tries a failed post again minutes later, and once it is out stops trying', async () => {
    const t = await started(() => new Error('not_in_channel'));
    expect(t.attempts()).toBe(1); // the start-up catch-up of this morning's slot
    expect(t.logs.some((l) => l.includes('Next attempt at the digest for 2026-03-23T08:30:00.000Z in 5 min'))).toBe(true);
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(t.attempts()).toBe(2);
    expect((await t.job.health()).lastRun).toMatchObject({ status: 'failed' });
    t.stopFailing(); // someone invited the bot to the channel
    await vi.advanceTimersByTimeAsync(15 * MINUTE);
    expect(t.attempts()).toBe(3);
    expect(t.posted).toHaveLength(1);
    expect((await t.job.health()).lastRun).toMatchObject({ status: 'posted' });
    await vi.advanceTimersByTimeAsync(6 * 60 * MINUTE);
    expect(t.attempts()).toBe(3);
  });

  it('gives up when the slot’s day is over, and says so', async () => {
    const t = await started(() => new Error('channel_not_found'));
    await vi.advanceTimersByTimeAsync(24 * 60 * MINUTE);
    // 09:45, 09:50, 10:05, 10:35, 11:35, then every hour up to 23:35 (Paris): 17 attempts.
    expect(t.attempts()).toBe(17);
    expect((await t.job.health()).lastRun).toMatchObject({ status: 'skipped' });
    expect(t.logs.some((l) => l.includes('WARN') && l.includes('not posted at the last attempt and that day is over'))).toBe(true);
    expect(t.posted).toHaveLength(0);
  });

  it('posts on the weekly timer, across the clock change, and retries a failed weekly post', async () => {
    const t = await started();
    expect(t.posted).toHaveLength(1); // this morning's slot, caught up at start
    t.failWith(() => new Error('ratelimited'));
    // Monday 30 March 2026, 09:30 in Paris, now summer time (07:30 UTC).
    await vi.advanceTimersByTimeAsync(new Date('2026-03-30T07:30:00Z').getTime() - Date.now());
    expect(t.attempts()).toBe(2);
    expect((await t.job.health()).lastRun).toMatchObject({ status: 'failed', slot: '2026-03-30T07:30:00.000Z' });
    t.stopFailing();
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(t.posted).toHaveLength(2);
    expect(t.posted[1]!.slot).toEqual(new Date('2026-03-30T07:30:00Z'));
  });

  it('does not try again when Slack may have posted it, and looks in the channel once, later', async () => {
    const t = await started(() => new Error('no answer'));
    expect((await t.job.health()).lastRun).toMatchObject({ status: 'uncertain' });
    expect(t.lookups).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(16 * MINUTE);
    expect(t.lookups).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3 * 60 * MINUTE);
    expect(t.attempts()).toBe(1);
    expect(t.lookups).toHaveLength(1);
    expect((await t.job.health()).lastRun).toMatchObject({ status: 'uncertain' });
  });

  it('settles an unconfirmed post by itself when the channel shows it', async () => {
    const t = await started(() => new Error('no answer'), { lookup: { status: 'found', messageRef: '1774255500.000100', at: new Date('2026-03-23T08:45:00Z') } });
    await vi.advanceTimersByTimeAsync(16 * MINUTE);
    expect((await t.job.health()).lastRun).toMatchObject({ status: 'already-posted', slot: '2026-03-23T08:30:00.000Z' });
    expect((await t.store.digestBySlot('2026-03-23T08:30:00.000Z'))?.messageRef).toBe('1774255500.000100');
    expect(t.attempts()).toBe(1);
  });

  it('looks again when another run held the slot and then failed, as during a deploy', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-23T08:45:00Z') });
    const t = setUp({ clock: () => new Date() });
    // The old bot reserved this morning's slot a minute ago and is posting.
    expect(await t.store.reserveDigestSlot('2026-03-23T08:30:00.000Z', 'C0DIGEST', 'conftest', new Date('2026-03-23T08:44:00Z'))).toBe(true);
    const schedule = scheduleDigest(t.job, { cron: '30 9 * * 1', timeZone: 'Europe/Paris' }, { store: t.store, logger: t.logger });
    deferCleanup(() => void schedule.stop());
    await schedule.started;
    expect((await t.job.health()).lastRun).toMatchObject({ status: 'in-progress' });
    await t.store.releaseDigestSlot('2026-03-23T08:30:00.000Z'); // its post failed, and it was stopped before retrying
    await vi.advanceTimersByTimeAsync(16 * MINUTE);
    expect(t.posted).toHaveLength(1);
  });

  it('looks in the channel when the run that held the slot died, as after a crash mid-post, and posts nothing when it is there', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-23T08:45:00Z') });
    const t = setUp({ clock: () => new Date(), lookup: { status: 'found', messageRef: '1774255440.000100', at: new Date('2026-03-23T08:44:00Z') } });
    // The previous process reserved this morning's slot a minute ago, Slack took its post, and it was killed before the answer.
    await t.store.reserveDigestSlot('2026-03-23T08:30:00.000Z', 'C0DIGEST', 'conftest', new Date('2026-03-23T08:44:00Z'));
    const schedule = scheduleDigest(t.job, { cron: '30 9 * * 1', timeZone: 'Europe/Paris' }, { store: t.store, logger: t.logger });
    deferCleanup(() => void schedule.stop());
    await schedule.started;
    expect((await t.job.health()).lastRun).toMatchObject({ status: 'in-progress' });
    await vi.advanceTimersByTimeAsync(16 * MINUTE);
    expect(t.lookups).toHaveLength(1);
    expect(t.posted).toHaveLength(0);
    expect((await t.store.digestBySlot('2026-03-23T08:30:00.000Z'))?.messageRef).toBe('1774255440.000100');
    await vi.advanceTimersByTimeAsync(6 * 60 * MINUTE);
    expect(t.attempts()).toBe(0);
  });

  it('waits for the start-up catch-up post when stopped in the middle of it, as in a rolling deploy', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-23T08:45:00Z') });
    let answer!: () => void;
    const hold = new Promise<void>((resolve) => (answer = resolve));
    const t = setUp({ clock: () => new Date(), hold });
    const schedule = scheduleDigest(t.job, { cron: '30 9 * * 1', timeZone: 'Europe/Paris' }, { store: t.store, logger: t.logger });
    // The catch-up reaches the post once the store has answered (a few promise turns, no timer).
    for (let turn = 0; turn < 100 && t.attempts() === 0; turn++) await Promise.resolve();
    expect(t.attempts()).toBe(1); // the catch-up is posting, Slack has not answered
    let stopped = false;
    const stopping = schedule.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(stopped).toBe(false);
    answer();
    await stopping;
    expect((await t.store.digestBySlot('2026-03-23T08:30:00.000Z'))?.messageRef).toBe('170000001.000100');
    await schedule.started;
    expect(t.logs.some((l) => l.includes('Weekly digest scheduled'))).toBe(false);
  });

  it('stops retrying when the bot stops', async () => {
    const t = await started(() => new Error('not_in_channel'));
    await t.stop();
    await vi.advanceTimersByTimeAsync(2 * 60 * MINUTE);
    expect(t.attempts()).toBe(1);
  });
});

describe('the digest on two replicas sharing one store', () => {
  const MINUTE = 60_000;
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Two replicas, each with its own connection to one STATE_DIR and its own timer, started at `now`. */
  async function replicas(now: string, options: { lookup?: DigestLookup; hold?: () => Promise<void> | undefined } = {}) {
    vi.useFakeTimers({ now: new Date(now) });
    const state = tempStateDir();
    deferCleanup(() => state.cleanup());
    const both = [0, 1].map(() => {
      const t = setUp({ stateDir: state.dir, clock: () => new Date(), ...options });
      const schedule = scheduleDigest(t.job, { cron: '30 9 * * 1', timeZone: 'Europe/Paris' }, { store: t.store, logger: t.logger });
      deferCleanup(() => void schedule.stop());
      return { ...t, schedule };
    });
    await Promise.all(both.map((r) => r.schedule.started));
    const posts = () => both.reduce((sum, r) => sum + r.posted.length, 0);
    const notElected = () => both.filter((r) => r.logs.some((l) => l.includes('Weekly digest due 2026-03-30T07:30:00.000Z: another replica posts it')));
    return { both, posts, notElected, store: both[0]!.store };
  }

  it('posts once when both fire at the same minute: the replica not elected says another one posts it, and logs no error', async () => {
    const r = await replicas('2026-03-30T07:29:00Z'); // Monday 09:29 in Paris, a minute before the slot
    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    expect(r.posts()).toBe(1);
    expect(r.notElected()).toHaveLength(1);
    expect((await r.store.digestBySlot('2026-03-30T07:30:00.000Z'))?.messageRef).toBeDefined();
    // Its look again finds the week posted, and nobody posts or marks anything.
    await vi.advanceTimersByTimeAsync(6 * 60 * MINUTE);
    expect(r.posts()).toBe(1);
    for (const replica of r.both) expect(replica.logs.filter((l) => / (ERROR|WARN) \[/.test(l))).toEqual([]);
  });

  it('posts the week once when the elected replica dies mid-post: the other looks again after the stale window and posts it when the channel does not have it', async () => {
    let posts = 0;
    // The first post never comes back (its replica was killed before Slack took it); later ones go through.
    const r = await replicas('2026-03-30T07:29:00Z', { lookup: { status: 'absent' }, hold: () => (posts++ === 0 ? new Promise<void>(() => {}) : undefined) });
    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    expect(posts).toBe(1);
    const [survivor] = r.notElected();
    expect(survivor).toBeDefined();
    await vi.advanceTimersByTimeAsync(20 * MINUTE);
    expect(survivor!.lookups).toHaveLength(1);
    expect(survivor!.posted).toHaveLength(1);
    expect(r.posts()).toBe(1);
    expect((await r.store.digestBySlot('2026-03-30T07:30:00.000Z'))?.messageRef).toBeDefined();
    expect(survivor!.logs.some((l) => l.includes('and it is not in C0DIGEST: posting it'))).toBe(true);
  });

  it('posts once when both look again at a dead run’s reservation at the same moment: one takes it over, the other finds it taken', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-23T08:45:00Z') });
    const state = tempStateDir();
    deferCleanup(() => state.cleanup());
    const holder = setUp({ stateDir: state.dir });
    // A replica reserved this morning's slot a minute ago and was killed before Slack took its post.
    await holder.store.reserveDigestSlot('2026-03-23T08:30:00.000Z', 'C0DIGEST', 'conftest', new Date('2026-03-23T08:44:00Z'));
    const both = [0, 1].map(() => setUp({ stateDir: state.dir, clock: () => new Date(), lookup: { status: 'absent' } }));
    const schedules = both.map((t) => scheduleDigest(t.job, { cron: '30 9 * * 1', timeZone: 'Europe/Paris' }, { store: t.store, logger: t.logger }));
    for (const schedule of schedules) deferCleanup(() => void schedule.stop());
    await Promise.all(schedules.map((schedule) => schedule.started));
    expect(both.map((t) => t.posted.length)).toEqual([0, 0]);
    await vi.advanceTimersByTimeAsync(6 * 60 * MINUTE);
    expect(both.reduce((sum, t) => sum + t.posted.length, 0)).toBe(1);
    expect((await holder.store.digestBySlot('2026-03-23T08:30:00.000Z'))?.messageRef).toBeDefined();
  });

  it('catches up a slot missed while both were down once, though both start together', async () => {
    const r = await replicas('2026-03-23T08:45:00Z'); // 09:45, a quarter of an hour after this morning's slot
    expect(r.posts()).toBe(1);
    expect(r.both.filter((b) => b.logs.some((l) => l.includes('is being posted by another run') || l.includes('already posted')))).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(6 * 60 * MINUTE);
    expect(r.posts()).toBe(1);
  });
});

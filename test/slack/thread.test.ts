import { describe, expect, it } from 'vitest';
import { sendEvent, sendSlashCommand } from '../support/slack-request.js';
import { cleanupAfterEach } from '../support/cleanups.js';
import { startTestSlackApp, testState, type TestSlackApp } from '../support/test-app.js';

const cleanup = cleanupAfterEach();

const DAY_MS = 24 * 60 * 60_000;

/** A clock a test moves by hand. */
function fakeClock(start = new Date('2026-03-30T08:00:00Z')) {
  let now = start.getTime();
  return { clock: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

async function start(options: Parameters<typeof startTestSlackApp>[1] = {}): Promise<TestSlackApp> {
  const t = await startTestSlackApp({}, options);
  cleanup(() => t.stop());
  return t;
}

let eventCount = 0;
/** A mention, in the thread `thread` when given, as Slack sends it; its own event id each time. */
async function mention(t: TestSlackApp, text: string, ts: string, thread?: string, channel = 'C0GENERAL') {
  const event = { type: 'app_mention', user: 'U0ALICE', text: `<@UBOT> ${text}`, channel, ts, event_ts: ts, ...(thread && { thread_ts: thread }) };
  const res = await sendEvent(t.eventsUrl, event, `EvThread${++eventCount}`);
  expect(res.status).toBe(200);
}

/** The bot's replies in a thread, once there are `count` of them. */
async function replies(t: TestSlackApp, thread: string, count: number, channel = 'C0GENERAL') {
  return t.slack.waitFor(() => {
    const found = t.slack.callsTo('chat.postMessage').filter((c) => c.body.channel === channel && c.body.thread_ts === thread);
    return found.length >= count && found;
  }, `${count} replies in thread ${thread}`);
}

/** The text of the bot's `n`th reply (1-based) in a thread. */
async function reply(t: TestSlackApp, thread: string, n: number, channel = 'C0GENERAL'): Promise<string> {
  return String((await replies(t, thread, n, channel))[n - 1]!.body.text);
}

describe('follow-ups in a thread', () => {
  it('answers a follow-up that names no entry about the entry the thread is about', async () => {
    const t = await start();
    await mention(t, 'loki', '1700000100.000100');
    expect(await reply(t, '1700000100.000100', 1)).toMatch(/^Loki/);
    await mention(t, 'who presented it?', '1700000100.000200', '1700000100.000100');
    expect(await reply(t, '1700000100.000100', 2)).toMatch(/^Loki/);
    await mention(t, "et c'est prêt pour la prod ?", '1700000100.000300', '1700000100.000100');
    expect(await reply(t, '1700000100.000100', 3)).toMatch(/^Loki/);
    await mention(t, 'et les limites ?', '1700000100.000400', '1700000100.000100');
    expect(await reply(t, '1700000100.000100', 4)).toMatch(/^Loki/);
  });

  it('switches the subject when a follow-up names another entry', async () => {
    const t = await start();
    await mention(t, 'loki', '1700000200.000100');
    await replies(t, '1700000200.000100', 1);
    await mention(t, 'et rook ?', '1700000200.000200', '1700000200.000100');
    expect(await reply(t, '1700000200.000100', 2)).toMatch(/^Rook/);
    await mention(t, 'who presented it?', '1700000200.000300', '1700000200.000100');
    expect(await reply(t, '1700000200.000100', 3)).toMatch(/^Rook/);
  });

  it('invents no answer to an off-topic follow-up, and keeps the subject for the next one', async () => {
    const t = await start();
    await mention(t, 'loki', '1700000300.000100');
    await replies(t, '1700000300.000100', 1);
    await mention(t, 'quelle heure est-il ?', '1700000300.000200', '1700000300.000100');
    expect(await reply(t, '1700000300.000100', 2)).not.toMatch(/^Loki/);
    await mention(t, "what's the weather", '1700000300.000300', '1700000300.000100');
    expect(await reply(t, '1700000300.000100', 3)).not.toMatch(/^Loki/);
    await mention(t, 'who presented it?', '1700000300.000400', '1700000300.000100');
    expect(await reply(t, '1700000300.000100', 4)).toMatch(/^Loki/);
  });

  it('gives a new thread, or the same thread ts in another channel, no subject', async () => {
    const t = await start();
    await mention(t, 'loki', '1700000400.000100');
    await replies(t, '1700000400.000100', 1);
    await mention(t, 'who presented it?', '1700000400.000200');
    expect(await reply(t, '1700000400.000200', 1)).not.toMatch(/^Loki/);
    await mention(t, 'who presented it?', '1700000400.000300', '1700000400.000100', 'C0RANDOM');
    expect(await reply(t, '1700000400.000100', 1, 'C0RANDOM')).not.toMatch(/^Loki/);
  });

  it('forgets a thread’s subject after seven days without an answer about it', async () => {
    const { clock, advance } = fakeClock();
    const t = await start({ clock });
    await mention(t, 'loki', '1700000500.000100');
    await replies(t, '1700000500.000100', 1);
    advance(6 * DAY_MS);
    await mention(t, 'who presented it?', '1700000500.000200', '1700000500.000100');
    expect(await reply(t, '1700000500.000100', 2)).toMatch(/^Loki/);
    // That answer was about Loki again: seven days from it, not from the first.
    advance(6 * DAY_MS);
    await mention(t, 'who presented it?', '1700000500.000300', '1700000500.000100');
    expect(await reply(t, '1700000500.000100', 3)).toMatch(/^Loki/);
    advance(7 * DAY_MS + 1);
    await mention(t, 'who presented it?', '1700000500.000400', '1700000500.000100');
    expect(await reply(t, '1700000500.000100', 4)).not.toMatch(/^Loki/);
  });

  it('keeps a thread’s subject across a restart, in the state folder', async () => {
    const state = await testState();
    cleanup(state.cleanup);
    const first = await startTestSlackApp({}, { state });
    await mention(first, 'loki', '1700000600.000100');
    await replies(first, '1700000600.000100', 1);
    await first.stop();
    const second = await start({ state });
    await mention(second, 'who presented it?', '1700000600.000200', '1700000600.000100');
    expect(await reply(second, '1700000600.000100', 1)).toMatch(/^Loki/);
  });
});

describe('a store that fails', () => {
  it('still answers a mention when the store cannot say whether it was handled, nor what the thread is about', async () => {
    const t = await start();
    const broken = async () => {
      throw new Error('disk I/O error');
    };
    // Every replica's: the one store they share is what fails.
    for (const { runtime } of t.replicas) Object.assign(runtime.store, { firstDelivery: broken, conversationSubject: broken, rememberConversationSubject: broken });
    await mention(t, 'loki', '1700000900.000100');
    expect(await reply(t, '1700000900.000100', 1)).toMatch(/^Loki/);
    await mention(t, 'who presented it?', '1700000900.000200', '1700000900.000100');
    expect(await reply(t, '1700000900.000100', 2)).not.toMatch(/^Loki/);
    expect(t.logs.filter((line) => line.includes('disk I/O error')).length).toBeGreaterThanOrEqual(3);
  });

  it('still answers about a tool to try, without its status, when the store cannot read the tools’ states', async () => {
    const t = await start();
    // As PostgreSQL under load gives it: every connection busy for longer than a call may wait.
    const broken = async () => {
      throw new Error('timeout exceeded when trying to connect');
    };
    for (const { runtime } of t.replicas) Object.assign(runtime.store, { toolStates: broken });
    const slash = await sendSlashCommand(t.eventsUrl, { text: 'loki' });
    expect(slash.status).toBe(200);
    expect(slash.text).toContain('Loki');
    await mention(t, 'loki', '1700000900.000300');
    expect(await reply(t, '1700000900.000300', 1)).toMatch(/^Loki/);
  });
});

describe('Slack retries, across replicas', () => {
  it('answers an event once when its retry lands on another app sharing the state', async () => {
    const state = await testState();
    cleanup(state.cleanup);
    const one = await start({ state });
    const two = await start({ state });
    const event = { type: 'app_mention', user: 'U0ALICE', text: '<@UBOT> linkerd', channel: 'C0GENERAL', ts: '1700000700.000100', event_ts: '1700000700.000100' };
    await sendEvent(one.eventsUrl, event, 'EvReplica1');
    await replies(one, '1700000700.000100', 1);
    const retry = await sendEvent(two.eventsUrl, event, 'EvReplica1', { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    await two.slack.waitFor(() => two.logs.some((line) => line.includes('Skipped a repeated app_mention EvReplica1')), 'the second app to skip the retry');
    expect(two.slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(one.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('answers an event once when two apps sharing the state get it at the same time', async () => {
    const state = await testState();
    cleanup(state.cleanup);
    const apps = [await start({ state }), await start({ state })];
    const event = { type: 'app_mention', user: 'U0ALICE', text: '<@UBOT> rook', channel: 'C0GENERAL', ts: '1700000800.000100', event_ts: '1700000800.000100' };
    await Promise.all(apps.map((t, i) => sendEvent(t.eventsUrl, event, 'EvReplica2', i ? { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } } : {})));
    const posted = () => apps.flatMap((t) => t.slack.callsTo('chat.postMessage'));
    const skipped = () => apps.flatMap((t) => t.logs.filter((line) => line.includes('Skipped a repeated app_mention EvReplica2')));
    await apps[0]!.slack.waitFor(() => posted().length + skipped().length >= 2, 'both apps to handle the event');
    expect(posted()).toHaveLength(1);
    expect(skipped()).toHaveLength(1);
  });
});

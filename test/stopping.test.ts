import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from './support/fake-slack.js';
import { freePort, run, runBot, untilOutput, waitForHttp, type Spawned } from './support/process.js';
import { sendEvent, sendSlashCommand, TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from './support/slack-request.js';
import { KNOWLEDGE_DIR, tempStateDir } from './support/test-app.js';
import { freshDatabase, serverAddress, throughPort } from './support/postgres.js';
import { startTcpProxy } from './support/tcp-proxy.js';

// The bot as `npm start` runs it (node dist/src/main.js, standard error a
// pipe, as in a container): its logs, and how it stops on SIGTERM.

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function startBot(env: Record<string, string> = {}) {
  const slack = await new FakeSlack().start();
  const state = tempStateDir();
  cleanups.push(() => state.cleanup(), () => slack.stop());
  const port = await freePort();
  const bot = runBot(
    {
      KNOWLEDGE_DIR,
      STATE_DIR: state.dir,
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
      ...env,
    },
    cleanups,
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHttp(`${baseUrl}/healthz`, bot);
  return { slack, bot, baseUrl, eventsUrl: `${baseUrl}/slack/events`, stateDir: state.dir };
}

/** Every line of standard error, each a JSON object. */
function jsonLines(bot: Spawned): Record<string, unknown>[] {
  return bot
    .stderr()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON log line: ${line}`);
      }
    });
}

/** A zone where it is around noon now, so a 00:00 daily slot is earlier today whenever the tests run. */
function noonZone(now = new Date()): string {
  const offset = 12 - now.getUTCHours();
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

const mention = (text: string, ts: string) => ({ type: 'app_mention', user: 'U0ALICE', text, channel: 'C0GENERAL', ts, event_ts: ts });

describe('logs', () => {
  it('writes one JSON object a line to standard error, with no question text and no token at info level', async () => {
    const { slack, bot, eventsUrl } = await startBot({ LOG_LEVEL: 'info', DIGEST_CHANNEL: 'C0DIGEST', DIGEST_CRON: '0 0 * * *', DIGEST_TZ: noonZone() });
    // The start-up catch-up posts today's digest.
    await slack.waitFor(() => slack.callsTo('chat.postMessage').some((c) => c.body.channel === 'C0DIGEST'), 'the digest post');
    expect((await sendSlashCommand(eventsUrl, { text: 'quokkasecret zebrafish' })).status).toBe(200);
    expect((await sendSlashCommand(eventsUrl, { text: 'helm3 quokkasecret' })).status).toBe(200);
    await sendEvent(eventsUrl, mention('<@UBOT> loki quokkasecret', '1700000900.000100'), 'EvLog1');
    await slack.waitFor(() => slack.callsTo('chat.postMessage').some((c) => c.body.thread_ts === '1700000900.000100'), 'the mention answer');
    // A Web API error is logged (error level) with what went wrong, not what was asked.
    slack.on('chat.postMessage', () => ({ body: { ok: false, error: 'not_in_channel' } }));
    await sendEvent(eventsUrl, mention('<@UBOT> loki quokkasecret', '1700000900.000200'), 'EvLog2');
    await untilOutput(bot, 'Could not answer a mention');
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);

    const lines = jsonLines(bot);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) {
      expect(line).toEqual(expect.objectContaining({ level: expect.stringMatching(/^(info|warn|error)$/), time: expect.any(String), name: expect.any(String), msg: expect.any(String) }));
    }
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining([expect.stringMatching(/^Loaded \d+ entries/), expect.stringMatching(/^Digest for .* posted/)]));
    expect(bot.stderr()).not.toContain('quokkasecret');
    expect(bot.stderr()).not.toContain(TEST_BOT_TOKEN);
    expect(bot.stderr()).not.toContain(TEST_SIGNING_SECRET);
    expect(bot.stdout()).toBe('');
  }, 120_000);

  it('writes the unanswered questions still queued before it exits', async () => {
    const { bot, eventsUrl, stateDir } = await startBot();
    // Queued for a second after it comes: SIGTERM right after the answer finds it queued.
    expect((await sendSlashCommand(eventsUrl, { text: 'zorglub introuvable', channel_id: 'C0GENERAL' })).status).toBe(200);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    const gaps = run(['node', 'dist/src/cli/main.js', 'gaps', '--json'], { KNOWLEDGE_DIR, STATE_DIR: stateDir });
    expect(await gaps.exited, gaps.stderr()).toBe(0);
    expect((JSON.parse(gaps.stdout()) as { unanswered: { question: string }[] }).unanswered.map((q) => q.question)).toEqual(['zorglub introuvable']);
  }, 120_000);
});

describe('SIGTERM', () => {
  it('exits 0 within its 10 s with the database frozen, an answer in flight and a question still queued', async () => {
    const db = await freshDatabase();
    cleanups.push(db.drop);
    const proxy = await startTcpProxy(serverAddress(db.url));
    cleanups.push(() => proxy.close());
    const { bot, eventsUrl } = await startBot({ DATABASE_URL: throughPort(db.url, proxy.port), DIGEST_CHANNEL: 'C0DIGEST', LOG_LEVEL: 'debug' });
    expect((await sendSlashCommand(eventsUrl, { text: 'helm3' })).status).toBe(200);
    // kill -STOP on the server: connections stay open, nothing answers.
    proxy.cut({ silently: true });
    // A question with no answer, queued to be recorded; then a mention, acknowledged at once and still being answered.
    await sendSlashCommand(eventsUrl, { text: 'pizza3' });
    expect((await sendEvent(eventsUrl, mention('<@UBOT> helm3', '1700000990.000100'), 'EvFrozenStop')).status).toBe(200);
    bot.child.kill('SIGTERM');
    // Past 10 s the process exits 1 ("Could not stop within 10 s"): 0 is the bound kept.
    expect(await bot.exited).toBe(0);
    expect(bot.stderr()).not.toContain('Could not stop within');
  }, 120_000);

  it('stops taking requests, finishes the answer in flight, closes, logs each step at debug and exits 0', async () => {
    const { slack, bot, baseUrl, eventsUrl } = await startBot({ LOG_LEVEL: 'debug' });
    expect((await fetch(`${baseUrl}/readyz`)).status).toBe(200);
    let answer!: () => void;
    const slackAnswers = new Promise<void>((resolve) => (answer = resolve));
    slack.on('chat.postMessage', async () => {
      await slackAnswers;
      return undefined;
    });
    await sendEvent(eventsUrl, mention('<@UBOT> loki', '1700000950.000100'), 'EvStop1');
    await slack.waitFor(() => slack.callsTo('chat.postMessage').length >= 1, 'the answer being posted');

    bot.child.kill('SIGTERM');
    expect(await untilOutput(bot, 'Stopping: waiting for the answers and posts in flight')).toBe(true);
    // Not ready any more: the server no longer takes connections, or says it is stopping.
    const probe = await fetch(`${baseUrl}/readyz`).catch(() => undefined);
    if (probe) expect(probe.status).toBe(503);
    expect(bot.child.exitCode).toBeNull();

    answer();
    expect(await bot.exited).toBe(0);
    const messages = jsonLines(bot).map((l) => l.msg as string);
    const steps = jsonLines(bot)
      .filter((l) => l.level === 'debug' && typeof l.msg === 'string' && l.msg.startsWith('Stop'))
      .map((l) => l.msg);
    expect(steps).toEqual([
      'Stopping: closing the HTTP server (requests in progress finish)',
      'Stopping: waiting for the answers and posts in flight',
      'Stopping: stopping the weekly digest (after any digest post in flight)',
      'Stopping: no longer watching the knowledge folder',
      'Stopping: writing the unanswered questions still queued',
      'Stopping: closing the state store',
      'Stopped',
    ]);
    // The answer completed while the process waited, before the store closed.
    expect(bot.stderr()).not.toContain('Could not answer a mention');
    const answered = messages.lastIndexOf("apiCall('chat.postMessage') end");
    expect(answered).toBeGreaterThan(messages.indexOf('Stopping: waiting for the answers and posts in flight'));
    expect(answered).toBeLessThan(messages.indexOf('Stopping: closing the state store'));
  }, 120_000);
});

import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from './support/fake-slack.js';
import { FakeSocketMode, slashCommandEnvelope } from './support/fake-socket-mode.js';
import { freePort, runBot, untilOutput, waitForHttp } from './support/process.js';
import { TEST_BOT_TOKEN } from './support/slack-request.js';
import { KNOWLEDGE_DIR, tempStateDir } from './support/test-app.js';
import { waitUntil } from './support/wait.js';

// The bot as `npm start` runs it in Socket Mode, losing Slack for a while:
// it must stay up and connect again by itself.

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('Socket Mode losing Slack for a while', () => {
  it('stays up, is not ready while apps.connections.open fails, and reconnects by itself once Slack is back', async () => {
    const [slack, port, state] = [await new FakeSlack().start(), await freePort(), tempStateDir()];
    let socket = await new FakeSocketMode(slack).start();
    cleanups.push(() => state.cleanup(), () => slack.stop());
    const env = { KNOWLEDGE_DIR, STATE_DIR: state.dir, SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_APP_TOKEN: 'xapp-1-test-not-real', SLACK_API_URL: slack.apiUrl };
    const bot = runBot({ ...env, PORT: String(port), LOG_LEVEL: 'debug' }, cleanups);
    cleanups.push(() => socket.stop());
    const readyz = `http://127.0.0.1:${port}/readyz`;
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, bot);
    await untilOutput(bot, 'Connected in Socket Mode');
    expect((await fetch(readyz)).status).toBe(200);

    // Slack goes away: the socket closes, and opening a new one fails, first
    // with an error Slack's client gives up on, then with no socket server behind the URL.
    let opens = 0;
    let back = false;
    slack.on('apps.connections.open', () => {
      opens++;
      if (back) return { body: { ok: true, url: socket.url } };
      return opens % 2 === 1 ? { body: { ok: false, error: 'invalid_auth' } } : { body: { ok: true, url: 'ws://127.0.0.1:1/link' } };
    });
    await socket.stop();
    await waitUntil(async () => opens >= 3 || bot.child.exitCode !== null, 'a few failed attempts to reconnect');
    expect(bot.child.exitCode).toBeNull();
    expect((await fetch(readyz)).status).toBe(503);

    // Slack is back: the bot connects again with no restart, and answers over the socket.
    socket = await new FakeSocketMode(slack).start();
    back = true;
    await socket.connected();
    await waitUntil(async () => (await fetch(readyz)).status === 200, '/readyz to be 200 again');
    const ack = await socket.send(slashCommandEnvelope({ text: 'helm3' }));
    expect(JSON.stringify(ack.payload)).toContain('Helm 3');
    expect(bot.child.exitCode).toBeNull();
    expect(bot.output()).not.toContain('could not keep running');
  });
});

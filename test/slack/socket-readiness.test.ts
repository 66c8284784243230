import type { App } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createSlackApp } from '../../src/slack/app.js';
import { FakeSlack } from '../support/fake-slack.js';
import { FakeSocketMode, slashCommandEnvelope } from '../support/fake-socket-mode.js';
import { freePort } from '../support/process.js';
import { TEST_BOT_TOKEN } from '../support/slack-request.js';
import { KNOWLEDGE_DIR, tempStateDir } from '../support/test-app.js';
import { bounded, WAIT_MS } from '../support/wait.js';
import { parseMetrics } from '../support/metrics.js';

// Readiness in Socket Mode follows the socket: Slack sends nothing while it is down.

let slack: FakeSlack;
let socket: FakeSocketMode;
let state: ReturnType<typeof tempStateDir>;
let runtime: Runtime;
let app: App;
let baseUrl: string;

beforeAll(async () => {
  slack = await new FakeSlack().start();
  socket = await new FakeSocketMode(slack).start();
  state = tempStateDir();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const parsed = parseConfig({ SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_APP_TOKEN: 'xapp-1-test-not-real', SLACK_API_URL: slack.apiUrl, KNOWLEDGE_DIR, STATE_DIR: state.dir, PORT: String(port) });
  if (!parsed.ok || parsed.config.mode !== 'socket') throw new Error('expected Socket Mode');
  const opened = await openRuntime(parsed.config);
  if (!opened.ok) throw new Error(opened.message);
  runtime = opened.runtime;
  ({ app } = createSlackApp({ config: parsed.config, runtime, logger: createLogger({ level: 'error', write: () => {} }) }));
  await app.init();
  await bounded(app.start(), WAIT_MS, 'the app to connect over Socket Mode');
});

afterAll(async () => {
  await app.stop();
  await socket.stop();
  await slack.stop();
  runtime.close();
  state.cleanup();
});

async function readyz(): Promise<{ status: number; body: { checks: Record<string, { ok: boolean; reason?: string }> } }> {
  const res = await fetch(`${baseUrl}/readyz`);
  return { status: res.status, body: (await res.json()) as { checks: Record<string, { ok: boolean; reason?: string }> } };
}

describe('Socket Mode readiness and metrics', () => {
  it('serves /metrics on PORT, counting a command answered over the socket', async () => {
    await socket.send(slashCommandEnvelope({ text: 'helm3', response_url: slack.responseUrl('socket-ready') }));
    const res = await fetch(`${baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(parseMetrics(await res.text()).get('kubecon_requests_total{surface="slash",outcome="answered"}')).toBe(1);
  });

  it('is ready while connected, and says the connection is down once it is', async () => {
    const connected = await readyz();
    expect(connected.status).toBe(200);
    expect(connected.body.checks.slack).toEqual({ ok: true });
    // The socket drops; the client's reconnection waits until a new socket server is up.
    let reopen!: (url: string) => void;
    const reopened = new Promise<string>((resolve) => (reopen = resolve));
    slack.on('apps.connections.open', async () => ({ body: { ok: true, url: await reopened } }));
    await socket.stop();
    let down = await readyz();
    for (let i = 0; i < 300 && down.status === 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      down = await readyz();
    }
    expect(down.status).toBe(503);
    expect(down.body.checks.slack).toEqual({ ok: false, reason: 'the Socket Mode connection is not open' });
    expect(down.body.checks.store).toEqual({ ok: true });
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);

    // Slack back: ready again, with no restart.
    socket = await new FakeSocketMode(slack).start();
    reopen(socket.url);
    await socket.connected();
    let up = await readyz();
    for (let i = 0; i < 300 && up.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      up = await readyz();
    }
    expect(up.status).toBe(200);
  });
});

import type { App } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type SocketConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createSlackApp } from '../../src/slack/app.js';
import { FakeSlack } from '../support/fake-slack.js';
import { eventEnvelope, FakeSocketMode, slashCommandEnvelope } from '../support/fake-socket-mode.js';
import { freePort } from '../support/process.js';
import { TEST_BOT_TOKEN } from '../support/slack-request.js';
import { KNOWLEDGE_DIR, tempStateDir } from '../support/test-app.js';
import { bounded, WAIT_MS } from '../support/wait.js';

// The real Bolt app in Socket Mode: it asks the fake Web API for a socket
// URL with its app token, connects to the fake socket server, and answers
// envelopes pushed over it. Everything stays on 127.0.0.1.

const APP_TOKEN = 'xapp-1-test-not-real';

let slack: FakeSlack | undefined;
let socket: FakeSocketMode | undefined;
let state: ReturnType<typeof tempStateDir> | undefined;
let runtime: Runtime | undefined;
let app: App | undefined;
let config: SocketConfig;
let port: number;
const logs: string[] = [];

beforeAll(async () => {
  slack = await new FakeSlack().start();
  socket = await new FakeSocketMode(slack).start();
  state = tempStateDir();
  port = await freePort();
  const parsed = parseConfig({
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    KNOWLEDGE_DIR,
    STATE_DIR: state.dir,
    PORT: String(port),
  });
  if (!parsed.ok) throw new Error(parsed.message);
  if (parsed.config.mode !== 'socket') throw new Error(`expected Socket Mode, not ${parsed.config.mode}`);
  config = parsed.config;
  const opened = await openRuntime(config);
  if (!opened.ok) throw new Error(opened.message);
  runtime = opened.runtime;
  ({ app } = createSlackApp({
    config,
    runtime,
    logger: createLogger({ level: 'debug', write: (line) => logs.push(line) }),
  }));
  // app.start() resolves on the server's hello; bound it so a broken handshake fails here, not at the hook timeout.
  await bounded(app.start(), WAIT_MS, 'the app to connect over Socket Mode').catch((error: Error) => {
    throw new Error(`${error.message}\n${logs.join('\n')}`);
  });
});

afterAll(async () => {
  // The app first: once it is shutting down, losing the socket no longer schedules a reconnect.
  await app?.stop();
  await socket?.stop();
  await slack?.stop();
  runtime?.close();
  state?.cleanup();
});

describe('Socket Mode', () => {
  it('picks Socket Mode from the app token and opens its socket with it', () => {
    expect(config.mode).toBe('socket');
    const [open] = slack!.callsTo('apps.connections.open');
    expect(open?.authorization).toBe(`Bearer ${APP_TOKEN}`);
  });

  it('answers /kubecon helm3 over the socket with the ephemeral Helm 3 card in the ack', async () => {
    const envelope = slashCommandEnvelope({ text: 'helm3', response_url: slack!.responseUrl('socket-cmd') });
    const ack = await socket!.send(envelope);
    expect(ack.envelope_id).toBe(envelope.envelope_id);
    expect(ack.payload?.response_type).toBe('ephemeral');
    expect(ack.payload?.text).toMatch(/^Helm 3/);
    expect(ack.payload?.blocks).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'header', text: expect.objectContaining({ text: 'Helm 3' }) })]));
  });

  it('answers an app_mention in the thread it came from', async () => {
    const ts = '1700000101.000100';
    const envelope = eventEnvelope({ type: 'app_mention', user: 'U0ALICE', text: '<@UBOT> helm 3', channel: 'C0GENERAL', ts, event_ts: ts }, 'EvSOCKET001');
    const ack = await socket!.send(envelope);
    expect(ack.envelope_id).toBe(envelope.envelope_id);
    const post = await slack!.waitFor(() => slack!.callsTo('chat.postMessage').find((c) => c.body.thread_ts === ts), `a reply in thread ${ts}`);
    expect(post.body.channel).toBe('C0GENERAL');
    expect(post.body.text).toMatch(/^Helm 3/);
    expect(post.authorization).toBe(`Bearer ${TEST_BOT_TOKEN}`);
  });

  it('serves GET /healthz on PORT, reporting socket mode', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(WAIT_MS) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', mode: 'socket' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventEnvelope, slashCommandEnvelope } from '../support/fake-socket-mode.js';
import { TEST_BOT_TOKEN } from '../support/slack-request.js';
import { startTestSocketApp, TEST_APP_TOKEN, type TestSocketApp } from '../support/test-app.js';
import { WAIT_MS } from '../support/wait.js';

// The real Bolt app in Socket Mode: it asks the fake Web API for a socket
// URL with its app token, connects to the fake socket server, and answers
// envelopes pushed over it. Everything stays on 127.0.0.1.

let t: TestSocketApp;

beforeAll(async () => {
  t = await startTestSocketApp();
});

afterAll(async () => {
  await t.stop();
});

describe('Socket Mode', () => {
  it('picks Socket Mode from the app token and opens its socket with it', () => {
    expect(t.config.mode).toBe('socket');
    const opens = t.slack.callsTo('apps.connections.open');
    expect(opens).toHaveLength(t.replicas.length);
    for (const open of opens) expect(open.authorization).toBe(`Bearer ${TEST_APP_TOKEN}`);
  });

  it('answers /kubecon helm3 over the socket with the ephemeral Helm 3 card in the ack', async () => {
    // As many as there are connections: each replica gets one.
    for (const replica of t.replicas) {
      const envelope = slashCommandEnvelope({ text: 'helm3', response_url: t.slack.responseUrl(`socket-cmd-${replica.port}`) });
      const ack = await t.socket.send(envelope);
      expect(ack.envelope_id).toBe(envelope.envelope_id);
      expect(ack.payload?.response_type).toBe('ephemeral');
      expect(ack.payload?.text).toMatch(/^Helm 3/);
      expect(ack.payload?.blocks).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'header', text: expect.objectContaining({ text: 'Helm 3' }) })]));
    }
  });

  it('answers an app_mention in the thread it came from', async () => {
    const threads = ['1700000101.000100', '1700000101.000200'].slice(0, t.replicas.length);
    for (const [i, ts] of threads.entries()) {
      const envelope = eventEnvelope({ type: 'app_mention', user: 'U0ALICE', text: '<@UBOT> helm 3', channel: 'C0GENERAL', ts, event_ts: ts }, `EvSOCKET00${i + 1}`);
      const ack = await t.socket.send(envelope);
      expect(ack.envelope_id).toBe(envelope.envelope_id);
      const post = await t.slack.waitFor(() => t.slack.callsTo('chat.postMessage').find((c) => c.body.thread_ts === ts), `a reply in thread ${ts}`);
      expect(post.body.channel).toBe('C0GENERAL');
      expect(post.body.text).toMatch(/^Helm 3/);
      expect(post.authorization).toBe(`Bearer ${TEST_BOT_TOKEN}`);
    }
    expect(t.slack.callsTo('chat.postMessage').filter((c) => threads.includes(String(c.body.thread_ts)))).toHaveLength(threads.length);
  });

  it('answers an event Slack sends again once, whichever connection the retry comes on', async () => {
    const ts = '1700000102.000100';
    const event = { type: 'app_mention', user: 'U0ALICE', text: '<@UBOT> loki', channel: 'C0GENERAL', ts, event_ts: ts };
    await t.socket.send(eventEnvelope(event, 'EvSOCKET100'));
    await t.slack.waitFor(() => t.slack.callsTo('chat.postMessage').find((c) => c.body.thread_ts === ts), `a reply in thread ${ts}`);
    const retry = { ...eventEnvelope(event, 'EvSOCKET100'), retry_attempt: 1, retry_reason: 'timeout' };
    await t.socket.send(retry);
    await t.slack.waitFor(() => t.logs.some((line) => line.includes('Skipped a repeated app_mention EvSOCKET100')), 'the retry to be skipped');
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === ts)).toHaveLength(1);
  });

  it('serves GET /healthz on PORT, reporting socket mode', async () => {
    for (const replica of t.replicas) {
      const res = await fetch(`${replica.baseUrl}/healthz`, { signal: AbortSignal.timeout(WAIT_MS) });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', mode: 'socket' });
    }
  });
});

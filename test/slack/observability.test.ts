import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonClick, sendEvent, sendInteraction, sendSlashCommand } from '../support/slack-request.js';
import { parseMetrics } from '../support/metrics.js';
import { startTestSlackApp, type TestSlackApp } from '../support/test-app.js';

// GET /metrics and /readyz on the real app in HTTP mode, on loopback.

let t: TestSlackApp;
beforeAll(async () => {
  t = await startTestSlackApp();
});
afterAll(async () => {
  await t.stop();
});

/** Every replica's metrics, summed by series: as Prometheus scrapes each pod and `sum by` adds them up. */
async function metrics(): Promise<Map<string, number>> {
  const total = new Map<string, number>();
  for (const replica of t.replicas) {
    const res = await fetch(`${replica.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const [series, value] of parseMetrics(await res.text())) total.set(series, (total.get(series) ?? 0) + value);
  }
  return total;
}

const mention = (text: string, ts: string) => ({ type: 'app_mention', user: 'U0ALICE', text, channel: 'C0GENERAL', ts, event_ts: ts });

describe('GET /metrics', () => {
  it('serves Prometheus text with the process metrics and every kubecon_ name following the conventions', async () => {
    const res = await fetch(`${t.baseUrl}/metrics`);
    const text = await res.text();
    expect(text).toContain('# TYPE process_cpu_seconds_total counter');
    expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
    const ours = [...text.matchAll(/^# TYPE (kubecon_\S+) (\S+)$/gm)].map(([, name, type]) => ({ name: name!, type: type! }));
    expect(ours.map((m) => m.name).sort()).toEqual([
      'kubecon_answer_duration_seconds',
      'kubecon_answer_votes_total',
      'kubecon_digest_runs_total',
      'kubecon_requests_total',
      'kubecon_slack_api_errors_total',
      'kubecon_store_errors_total',
      'kubecon_unanswered_questions_total',
    ]);
    for (const { name, type } of ours) expect(name.endsWith(type === 'counter' ? '_total' : '_seconds'), name).toBe(true);
  });

  it('counts the votes on answer cards, helpful and unhelpful, never who voted nor on what', async () => {
    const before = await metrics();
    const value = JSON.stringify({ entry: 'helm-3', question: 'helm3' });
    for (const [actionId, user] of [['answer_helpful', 'U0ALICE'], ['answer_unhelpful', 'U0BOB'], ['answer_unhelpful', 'U0CAROL']] as const) {
      expect((await sendInteraction(t.eventsUrl, buttonClick({ actionId, value, user, responseUrl: t.slack.responseUrl(`vote-${user}`) }))).status).toBe(200);
    }
    await t.slack.waitFor(() => t.slack.responses.filter((r) => r.id.startsWith('vote-')).length >= 3 || undefined, 'the three thanks');
    const after = await metrics();
    const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
    expect(delta('kubecon_answer_votes_total{vote="helpful"}')).toBe(1);
    expect(delta('kubecon_answer_votes_total{vote="unhelpful"}')).toBe(2);
    expect(await (await fetch(`${t.baseUrl}/metrics`)).text()).not.toMatch(/helm-3|U0BOB/);
  });

  it('counts a slash command answered, one unanswered, and how long answers took', async () => {
    const before = await metrics();
    expect((await sendSlashCommand(t.eventsUrl, { text: 'helm3' })).status).toBe(200);
    expect((await sendSlashCommand(t.eventsUrl, { text: 'zzyzx quux' })).status).toBe(200);
    expect((await sendSlashCommand(t.eventsUrl, { text: 'help' })).status).toBe(200);
    const after = await metrics();
    const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
    expect(delta('kubecon_requests_total{surface="slash",outcome="answered"}')).toBe(1);
    expect(delta('kubecon_requests_total{surface="slash",outcome="unanswered"}')).toBe(1);
    expect(delta('kubecon_requests_total{surface="slash",outcome="command"}')).toBe(1);
    expect(delta('kubecon_unanswered_questions_total{surface="slash"}')).toBe(1);
    expect(delta('kubecon_answer_duration_seconds_count{surface="slash"}')).toBe(3);
    expect(delta('kubecon_answer_duration_seconds_bucket{le="+Inf",surface="slash"}')).toBe(3);
    // No label carries what was asked, nor who asked.
    const text = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(text).not.toMatch(/zzyzx|helm3|U0ALICE/);
  });

  it('counts a mention answered, and a Slack Web API error by method and code', async () => {
    const before = await metrics();
    await sendEvent(t.eventsUrl, mention('<@UBOT> loki', '1700000500.000100'), 'EvMetrics1');
    await t.slack.waitFor(() => t.slack.callsTo('chat.postMessage').some((c) => c.body.thread_ts === '1700000500.000100'), 'the answer');
    t.slack.on('chat.postMessage', () => ({ body: { ok: false, error: 'not_in_channel' } }));
    try {
      await sendEvent(t.eventsUrl, mention('<@UBOT> loki', '1700000500.000200'), 'EvMetrics2');
      const key = 'kubecon_requests_total{surface="mention",outcome="error"}';
      for (let i = 0; i < 300 && ((await metrics()).get(key) ?? 0) <= (before.get(key) ?? 0); i++) await new Promise((r) => setTimeout(r, 100));
    } finally {
      t.slack.on('chat.postMessage', () => undefined);
    }
    const after = await metrics();
    const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
    expect(delta('kubecon_requests_total{surface="mention",outcome="answered"}')).toBe(1);
    expect(delta('kubecon_requests_total{surface="mention",outcome="error"}')).toBe(1);
    expect(delta('kubecon_answer_duration_seconds_count{surface="mention"}')).toBe(1);
    expect(delta('kubecon_slack_api_errors_total{method="chat.postMessage",code="not_in_channel"}')).toBe(1);
  });
});

describe('GET /readyz and /healthz', () => {
  it('is ready with knowledge loaded and the store answering, and says which check fails once the store does not', async () => {
    const ready = await fetch(`${t.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { stopping: { ok: true }, knowledge: { ok: true }, store: { ok: true } },
    });
    const before = await metrics();
    // Every replica's: the database they share is what went away.
    for (const { runtime } of t.replicas) await runtime.store.close();
    const failing = await fetch(`${t.baseUrl}/readyz`);
    expect(failing.status).toBe(503);
    const body = (await failing.json()) as { status: string; checks: Record<string, { ok: boolean; reason?: string }> };
    expect(body.status).toBe('not ready');
    // The store's own words for being closed: SQLite's, or node-postgres's pool.
    expect(body.checks.store).toEqual({ ok: false, reason: expect.stringMatching(/database connection is not open|Cannot use a pool after calling end/) });
    expect(body.checks.knowledge).toEqual({ ok: true });
    // Liveness does not depend on the store: the process still answers.
    const live = await fetch(`${t.baseUrl}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: 'degraded', store: 'unavailable' });
    const after = await metrics();
    // Readiness and liveness each asked the store once.
    expect((after.get('kubecon_store_errors_total{operation="ping"}') ?? 0) - (before.get('kubecon_store_errors_total{operation="ping"}') ?? 0)).toBe(2);
  });
});

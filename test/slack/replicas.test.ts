import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { buttonClick, sendEvent, sendInteraction, sendSlashCommand } from '../support/slack-request.js';
import { slackBodyText as seen } from '../support/slack-text.js';
import { freshDatabase, serverAddress, throughPort } from '../support/postgres.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { startTestSlackApp, type TestSlackApp } from '../support/test-app.js';

// Monday 23 March 2026, 09:45 in Paris: this week's digest is due.
const NOW = new Date('2026-03-23T08:45:00Z');
const CHANNEL = 'C0DIGEST';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Two bots on one PostgreSQL database, as two replicas of one Deployment (each with its own fake Slack here). */
let dbUrl = '';
async function twoReplicas(): Promise<[TestSlackApp, TestSlackApp]> {
  const db = await freshDatabase();
  cleanups.push(db.drop);
  dbUrl = db.url;
  const start = async () => {
    const replica = await startTestSlackApp({ DIGEST_CHANNEL: CHANNEL, DATABASE_URL: db.url }, { clock: () => NOW });
    cleanups.push(() => replica.stop());
    return replica;
  };
  return [await start(), await start()];
}

describe('two replicas on one PostgreSQL database', () => {
  it('post one digest per week, and give a tool claimed on both to one person, telling the other who', async () => {
    const [a, b] = await twoReplicas();
    const posted = await a.digest!.runDue();
    if (posted.status !== 'posted') throw new Error(`expected the digest posted, got ${posted.status}`);
    expect(await b.digest!.runDue()).toMatchObject({ status: 'already-posted' });
    expect(b.slack.callsTo('chat.postMessage')).toHaveLength(0);

    // Bob clicks on the digest, and his click lands on the other replica: it finds the message in the shared store.
    await sendInteraction(b.eventsUrl, buttonClick({ actionId: 'digest_claim', value: 'conftest', user: 'U0BOB', channel: CHANNEL, messageTs: posted.messageRef }));
    const update = await b.slack.waitFor(() => b.slack.callsTo('chat.update').at(-1), 'chat.update');
    expect(update.body).toMatchObject({ channel: CHANNEL, ts: posted.messageRef });
    expect(seen(update.body).text).toContain('@U0BOB s’en occupe');

    // Alice clicks the same button on the first replica, whose memory may still show it free.
    await sendInteraction(
      a.eventsUrl,
      buttonClick({ actionId: 'digest_claim', value: 'conftest', user: 'U0ALICE', channel: CHANNEL, messageTs: posted.messageRef, responseUrl: a.slack.responseUrl('alice-claim') }),
    );
    const note = await a.slack.waitFor(() => a.slack.responses.find((r) => r.id === 'alice-claim'), 'the note to Alice');
    expect(note.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('<@U0BOB> s’occupe déjà de Conftest') });

    // The kubecon-bot command reads the same database.
    const backlog = await cli(['backlog'], { env: { DATABASE_URL: dbUrl } });
    expect(backlog.code).toBe(0);
    expect(backlog.stdout).toMatch(/Conftest : tester ses policies OPA · haute\n.*\n🙋 @U0BOB s’en occupe/);
  });

  it('answer a mention once when Slack’s retry lands on the other replica', async () => {
    const [a, b] = await twoReplicas();
    const event = { type: 'app_mention', user: 'U0ALICE', text: '<@UBOT> linkerd', channel: 'C0GENERAL', ts: '1700000700.000100', event_ts: '1700000700.000100' };
    await sendEvent(a.eventsUrl, event, 'EvPostgres1');
    await a.slack.waitFor(() => a.slack.callsTo('chat.postMessage').length === 1, 'the answer from the first replica');
    const retry = await sendEvent(b.eventsUrl, event, 'EvPostgres1', { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    await b.slack.waitFor(() => b.logs.some((line) => line.includes('Skipped a repeated app_mention EvPostgres1')), 'the other replica to skip the retry');
    expect(b.slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(a.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });
});

describe('a PostgreSQL server that goes away and comes back, seen from the bot', () => {
  /** A bot whose database is reached through a proxy the test cuts and restores. */
  async function botBehindProxy() {
    const db = await freshDatabase();
    cleanups.push(db.drop);
    const proxy = await startTcpProxy(serverAddress(db.url));
    cleanups.push(() => proxy.close());
    const t = await startTestSlackApp({ DATABASE_URL: throughPort(db.url, proxy.port) });
    cleanups.push(() => t.stop());
    return { proxy, t };
  }

  it('says "store": "unavailable" in /healthz (still 200) and fails readiness while it is gone, and is ready again once it is back', async () => {
    const { proxy, t } = await botBehindProxy();
    const probe = async (path: string) => {
      const res = await fetch(`${t.baseUrl}${path}`);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    expect(await probe('/healthz')).toMatchObject({ status: 200, body: { store: 'ok' } });
    expect((await probe('/readyz')).status).toBe(200);

    proxy.cut();
    expect(await probe('/healthz')).toMatchObject({ status: 200, body: { status: 'degraded', store: 'unavailable' } });
    expect(await probe('/readyz')).toMatchObject({ status: 503, body: { checks: { store: { ok: false } } } });
    // Swallowed silently, the server's silence is not waited for in full: liveness answers first.
    proxy.cut({ silently: true });
    expect(await probe('/healthz')).toMatchObject({ status: 200, body: { store: 'unavailable' } });

    proxy.restore();
    expect(await probe('/healthz')).toMatchObject({ status: 200, body: { store: 'ok' } });
    expect((await probe('/readyz')).status).toBe(200);
  });

  it('answers with the card and says its status is unavailable, and tells a claim it cannot reach the board, until it is back', async () => {
    const { proxy, t } = await botBehindProxy();
    const slash = async (text: string) => seen((await (await sendSlashCommand(t.eventsUrl, { text })).json()) as Record<string, unknown>).text;

    // Nothing has read the tools' states yet: the first card has to ask the database, which is gone.
    proxy.cut();
    const card = await slash('conftest');
    expect(card).toContain('Conftest : tester ses policies OPA');
    expect(card).toContain('Où en est l’équipe avec cet outil : indisponible pour l’instant');
    expect(card).not.toContain('quelque chose s’est mal passé');

    await sendEvent(t.eventsUrl, { type: 'app_mention', user: 'U0ALICE', text: '<@UBOT> conftest', channel: 'C0GENERAL', ts: '1700000800.000100', event_ts: '1700000800.000100' }, 'EvGone1');
    const answer = await t.slack.waitFor(() => t.slack.callsTo('chat.postMessage').at(-1), 'the answer to the mention');
    expect(seen(answer.body).text).toContain('indisponible pour l’instant');

    await sendInteraction(t.eventsUrl, buttonClick({ actionId: 'open_entry:conftest', value: 'conftest', ephemeral: true, responseUrl: t.slack.responseUrl('open') }));
    const opened = await t.slack.waitFor(() => t.slack.responses.find((r) => r.id === 'open'), 'the opened card');
    expect(seen(opened.body).text).toContain('indisponible pour l’instant');

    await sendInteraction(t.eventsUrl, buttonClick({ actionId: 'digest_claim', value: 'conftest', user: 'U0BOB', responseUrl: t.slack.responseUrl('claim') }));
    const note = await t.slack.waitFor(() => t.slack.responses.find((r) => r.id === 'claim'), 'the note to Bob');
    expect(note.body).toMatchObject({ response_type: 'ephemeral', text: 'Le tableau de l’équipe est injoignable pour l’instant : réessayez dans un moment.' });
    await sendInteraction(t.eventsUrl, buttonClick({ actionId: 'digest_verdict', value: 'conftest', user: 'U0BOB', responseUrl: t.slack.responseUrl('verdict') }));
    const verdictNote = await t.slack.waitFor(() => t.slack.responses.find((r) => r.id === 'verdict'), 'the note about the verdict');
    expect(verdictNote.body).toMatchObject({ text: expect.stringContaining('injoignable') });
    const backlog = (await (await sendSlashCommand(t.eventsUrl, { text: 'backlog' })).json()) as { text: string };
    expect(backlog.text).toBe('Le tableau de l’équipe est injoignable pour l’instant : réessayez dans un moment.');

    proxy.restore();
    const back = await slash('conftest');
    expect(back).toContain('⏳ à prendre');
    expect(back).not.toContain('indisponible');
  });
});

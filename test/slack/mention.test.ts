import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringsFor } from '../../src/locale/index.js';
import { sendEvent } from '../support/slack-request.js';
import { slackBodyText } from '../support/slack-text.js';
import { startTestSlackApp, type TestSlackApp } from '../support/test-app.js';

let t: TestSlackApp;
beforeAll(async () => {
  t = await startTestSlackApp();
});
afterAll(async () => {
  await t.stop();
});

function mention(text: string, extra: Record<string, unknown> = {}) {
  return { type: 'app_mention', user: 'U0ALICE', text, channel: 'C0GENERAL', ts: `${Date.now() / 1000}`, event_ts: '1', ...extra };
}

async function postsIn(channel: string, threadTs: string) {
  return t.slack.waitFor(() => {
    const found = t.slack.callsTo('chat.postMessage').filter((c) => c.body.channel === channel && c.body.thread_ts === threadTs);
    return found.length > 0 && found;
  }, `a reply in thread ${threadTs}`);
}

describe('@kubecon mentions', () => {
  it('answers a mention in a channel in a thread under that message', async () => {
    const res = await sendEvent(t.eventsUrl, mention("<@UBOT> c'est quoi loki ?", { ts: '1700000001.000100' }), 'Ev001');
    expect(res.status).toBe(200);
    const [post] = await postsIn('C0GENERAL', '1700000001.000100');
    expect(post!.body.text).toMatch(/^Loki/);
    expect(post!.authorization).toBe('Bearer xoxb-test-token-not-real');
  });

  it('answers in a message everyone sees, so the card offers no share button (its related entries still open)', async () => {
    await sendEvent(t.eventsUrl, mention('<@UBOT> helm3', { ts: '1700000001.000900' }), 'Ev009');
    const [post] = await postsIn('C0GENERAL', '1700000001.000900');
    expect(post!.body.text).toMatch(/^Helm 3/);
    const { text, buttons } = slackBodyText(post!.body);
    expect(buttons.map((b) => b.actionId)).not.toContain('share_answer');
    expect(text).not.toContain('Partager dans le canal');
    expect(buttons.length).toBeGreaterThan(0);
    const opens = buttons.filter((b) => b.actionId.startsWith('open_entry:'));
    expect(opens.length).toBeGreaterThan(0);
    expect(opens.every((b) => b.actionId === `open_entry:${b.value}`)).toBe(true);
    // Then only the votes.
    expect(buttons.slice(opens.length).map((b) => b.actionId)).toEqual(['answer_helpful', 'answer_unhelpful']);
  });

  it('tells the thread when the answer cannot be built, rather than saying nothing', async () => {
    const own = await startTestSlackApp();
    try {
      // A bug in the answer itself, on every replica.
      for (const { runtime } of own.replicas) {
        runtime.assistant.ask = () => {
          throw new Error('a bug in the search');
        };
      }
      await sendEvent(own.eventsUrl, mention('<@UBOT> loki', { ts: '1700000009.000100' }), 'EvBroken1');
      const post = await own.slack.waitFor(() => own.slack.callsTo('chat.postMessage').find((c) => c.body.thread_ts === '1700000009.000100'), 'a reply in the thread');
      expect(post.body.text).toBe(stringsFor(own.config.locale).errors.generic);
      expect(own.logs.some((line) => line.includes('Could not answer a mention') && line.includes('a bug in the search'))).toBe(true);
    } finally {
      await own.stop();
    }
  });

  it('answers a mention inside a thread in that same thread', async () => {
    await sendEvent(t.eventsUrl, mention('<@UBOT> helm 3', { ts: '1700000002.000200', thread_ts: '1700000000.000001' }), 'Ev002');
    const [post] = await postsIn('C0GENERAL', '1700000000.000001');
    expect(post!.body.text).toMatch(/^Helm 3/);
  });

  it('answers an empty mention with a short help', async () => {
    await sendEvent(t.eventsUrl, mention('<@UBOT>', { ts: '1700000003.000300' }), 'Ev003');
    const [post] = await postsIn('C0GENERAL', '1700000003.000300');
    expect(post!.body.text).toContain('/kubecon');
  });

  it('takes the same subcommands as /kubecon (backlog)', async () => {
    await sendEvent(t.eventsUrl, mention('<@UBOT> backlog', { ts: '1700000004.000400' }), 'Ev004');
    const [post] = await postsIn('C0GENERAL', '1700000004.000400');
    const backlog = slackBodyText(post!.body).text;
    expect(backlog).toContain('Conftest');
    expect(backlog).toContain('Kapp');
  });

  it('answers a retried event once', async () => {
    // Its own event id and message: another test's event would make the first delivery look like a retry.
    const event = mention('<@UBOT> linkerd', { ts: '1700000007.000700' });
    await sendEvent(t.eventsUrl, event, 'Ev007');
    await postsIn('C0GENERAL', '1700000007.000700');
    const retry = await sendEvent(t.eventsUrl, event, 'Ev007', { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    // A later, different event is answered: once it is, the retry has long been handled.
    await sendEvent(t.eventsUrl, mention('<@UBOT> rook', { ts: '1700000005.000500' }), 'Ev005');
    await postsIn('C0GENERAL', '1700000005.000500');
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === '1700000007.000700')).toHaveLength(1);
  });

  it('does not answer another bot, so two bots never talk to each other', async () => {
    await sendEvent(t.eventsUrl, mention('<@UBOT> loki', { ts: '1700000010.001000', user: 'U0OTHERBOT', bot_id: 'B0OTHER' }), 'Ev010');
    // A later mention from a person is answered: by then the bot's one has long been handled.
    await sendEvent(t.eventsUrl, mention('<@UBOT> rook', { ts: '1700000011.001100' }), 'Ev011');
    await postsIn('C0GENERAL', '1700000011.001100');
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === '1700000010.001000')).toHaveLength(0);
  });

  it('does not ping anyone with markup typed in a mention', async () => {
    await sendEvent(t.eventsUrl, mention('<@UBOT> <!here> &lt;!channel&gt; pizza', { ts: '1700000006.000600' }), 'Ev006');
    const [post] = await postsIn('C0GENERAL', '1700000006.000600');
    const raw = JSON.stringify(post!.body);
    expect(raw).not.toMatch(/<!(channel|here)>/);
  });
});

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringsFor } from '../../src/locale/index.js';
import { cli } from '../support/cli.js';
import { cleanupAfterEach } from '../support/cleanups.js';
import { ROOT, run } from '../support/process.js';
import { buttonClick, sendEvent, sendInteraction, sendSlashCommand } from '../support/slack-request.js';
import { slackBodyText } from '../support/slack-text.js';
import { entryText, makeKnowledgeDir } from '../support/temp-knowledge.js';
import { KNOWLEDGE_DIR, startTestSlackApp, tempStateDir, testState, type TestSlackApp, type TestState } from '../support/test-app.js';

const fr = stringsFor('fr');
const deferCleanup = cleanupAfterEach();

interface GapsJson {
  unanswered: { question: string; count: number; first_asked: string; last_asked: string; channels: number }[];
  unhelpful: { question: string; entry_id: string; count: number }[];
}

/** `kubecon-bot gaps --json` as its own process, on the app's state. */
async function gapsJson(state: TestState, ...args: string[]): Promise<GapsJson> {
  const child = run([process.execPath, path.join(ROOT, 'dist/src/cli/main.js'), 'gaps', '--json', ...args], { KNOWLEDGE_DIR, ...state.env }, ROOT);
  expect(await child.exited, child.stderr()).toBe(0);
  return JSON.parse(child.stdout()) as GapsJson;
}

async function app(): Promise<{ t: TestSlackApp; state: TestState }> {
  const state = await testState();
  const t = await startTestSlackApp({}, { state });
  deferCleanup(() => state.cleanup(), () => t.stop());
  return { t, state };
}

const kubecon = async (t: TestSlackApp, text: string, channel = 'C0GENERAL') => {
  const res = await sendSlashCommand(t.eventsUrl, { text, channel_id: channel, response_url: t.slack.responseUrl('cmd') });
  expect(res.status).toBe(200);
  return res.json() as Record<string, unknown>;
};


describe('unanswered questions', () => {
  it('records slash commands and mentions that find nothing, as one question across its wordings, with its channels, never who asked', async () => {
    const { t, state } = await app();
    await kubecon(t, 'Crossplane Compositions ?', 'C0GENERAL');
    await kubecon(t, 'crossplane   compositions', 'C0PLATFORM');
    await sendEvent(t.eventsUrl, { type: 'app_mention', user: 'U0BOB', text: '<@UBOT> crossplane compositions', channel: 'C0GENERAL', ts: '1700000002.000100', event_ts: '1' }, 'EvGap1');
    await t.slack.waitFor(() => t.slack.callsTo('chat.postMessage')[0], 'the mention’s answer');
    // Answered, and near misses only: one is not recorded, the other is.
    await kubecon(t, 'helm3');
    await kubecon(t, 'bonjour');
    await t.settled();

    const report = await gapsJson(state);
    expect(report.unanswered).toHaveLength(1);
    const [question] = report.unanswered;
    expect(question).toMatchObject({ question: 'crossplane compositions', count: 3, channels: 2 });
    expect(new Date(question!.first_asked).toISOString()).toBe(question!.first_asked);
    expect(question!.last_asked >= question!.first_asked).toBe(true);
    expect(report.unhelpful).toEqual([]);
    expect(JSON.stringify(report)).not.toMatch(/U0ALICE|U0BOB/);
  });

  it('never keeps a secret pasted into a question: the App Home, /kubecon gaps and kubecon-bot gaps show it redacted', async () => {
    const { t, state } = await app();
    // Made-up values, shaped as the real ones are.
    await kubecon(t, 'pourquoi xoxb-0000-fake-NOTAREALTOKEN est refusé');
    await kubecon(t, 'postgres://bot:NotARealPassword@db.internal/state refuse la connexion');
    await t.settled();
    const seen = [
      JSON.stringify(await gapsJson(state)),
      slackBodyText(await kubecon(t, 'gaps')).text,
    ];
    await sendEvent(t.eventsUrl, { type: 'app_home_opened', user: 'U0EVE', channel: 'D0HOME', tab: 'home', event_ts: '1' }, 'EvGapSecret');
    const publish = await t.slack.waitFor(() => t.slack.callsTo('views.publish')[0], 'the App Home');
    seen.push(slackBodyText((publish.body as { view: unknown }).view).text);
    for (const text of seen) {
      expect(text).toContain('xoxb-[redacted]');
      expect(text).toContain('postgres://bot:[redacted]@db.internal');
      expect(text).not.toContain('NOTAREALTOKEN');
      expect(text).not.toContain('NotARealPassword');
    }
  });

  it('shows them privately on /kubecon gaps, and on the App Home the five most asked', async () => {
    const { t } = await app();
    const questions = ['terraform', 'backstage', 'kyverno', 'keda autoscaling', 'spinnaker pipelines', 'crossplane compositions'];
    for (const [i, q] of questions.entries()) for (let n = 0; n <= i; n++) await kubecon(t, q);
    await t.settled();
    const gaps = slackBodyText(await kubecon(t, 'gaps'));
    expect((await kubecon(t, 'gaps')).response_type).toBe('ephemeral');
    expect(gaps.text).toContain(fr.gaps.unanswered);
    expect(gaps.text.indexOf('crossplane compositions')).toBeLessThan(gaps.text.indexOf('terraform'));
    expect(gaps.text).toContain('6 fois');

    await sendEvent(t.eventsUrl, { type: 'app_home_opened', user: 'U0ALICE', channel: 'D0HOME', tab: 'home', event_ts: '1' }, 'EvGapHome');
    const publish = await t.slack.waitFor(() => t.slack.callsTo('views.publish')[0], 'the App Home');
    const view = slackBodyText((publish.body as { view: unknown }).view).text;
    // Under the board.
    expect(view).toContain(fr.gaps.homeTitle);
    const home = view.slice(view.indexOf(fr.gaps.homeTitle));
    for (const q of questions.slice(1)) expect(home).toContain(q);
    expect(home).not.toContain('terraform');
  });

  it('adds the week’s unanswered questions to the digest, and nothing when there are none', async () => {
    const { t } = await app();
    expect(slackBodyText(await kubecon(t, 'digest')).text).not.toContain('sans réponse');
    await kubecon(t, 'terraform');
    await kubecon(t, 'terraform');
    await kubecon(t, 'backstage');
    await t.settled();
    expect(slackBodyText(await kubecon(t, 'digest')).text).toContain('2 questions sans réponse cette semaine, dont « terraform »');
  });

  it('records nothing from kubecon-bot ask unless given --record', async () => {
    const state = tempStateDir();
    deferCleanup(() => state.cleanup());
    const env = { STATE_DIR: state.dir };
    expect((await cli(['ask', 'terraform'], { env })).code).toBe(0);
    expect((await cli(['ask', '--json', 'terraform'], { env })).code).toBe(0);
    expect(JSON.parse((await cli(['gaps', '--json'], { env })).stdout)).toEqual({ unanswered: [], unhelpful: [] });
    expect((await cli(['ask', '--record', 'terraform'], { env })).code).toBe(0);
    const report = JSON.parse((await cli(['gaps', '--json', '--since', '30d'], { env })).stdout) as GapsJson;
    expect(report.unanswered).toMatchObject([{ question: 'terraform', count: 1, channels: 1 }]);
    const refused = await cli(['gaps', '--since', 'soon'], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--since "soon": expected a duration');
  });

  it('records from kubecon-bot ask --record what the reply says, as every surface does: a question a proposed tool answers is no gap', async () => {
    const state = tempStateDir();
    deferCleanup(() => state.cleanup());
    const env = { STATE_DIR: state.dir };
    const proposed = await cli(['propose', '--title', 'Kyverno', '--url', 'https://kyverno.io/', '--reason', 'des policies Kubernetes en YAML, sans Rego', '--by', 'alice'], { env });
    expect(proposed.code, proposed.stderr).toBe(0);
    const asked = await cli(['ask', '--record', 'kyverno'], { env });
    expect(asked.stdout).toContain('Kyverno');
    expect(JSON.parse((await cli(['gaps', '--json'], { env })).stdout)).toEqual({ unanswered: [], unhelpful: [] });
  });
});

describe('a question the knowledge comes to answer', () => {
  it('is no longer listed once a reload brings the entry that answers it', async () => {
    const knowledge = await makeKnowledgeDir({ 'test-event/autre.md': entryText('autre') });
    const state = await testState();
    const t = await startTestSlackApp({ KNOWLEDGE_DIR: knowledge.dir }, { state });
    deferCleanup(() => knowledge.cleanup(), () => state.cleanup(), () => t.stop());
    await kubecon(t, 'zorglub');
    await kubecon(t, 'terraform');
    await t.settled();
    expect((await gapsJson(state)).unanswered.map((q) => q.question).sort()).toEqual(['terraform', 'zorglub']);

    await writeFile(path.join(knowledge.dir, 'test-event/zorglub.md'), entryText('zorglub', { aliases: '[zorglub]' }));
    expect(await t.reload()).toMatchObject({ ok: true });
    await t.settled();
    expect((await gapsJson(state)).unanswered.map((q) => q.question)).toEqual(['terraform']);
  });
});

describe('did this answer help?', () => {
  const voteButtons = (body: unknown) => slackBodyText(body).buttons.filter((b) => b.actionId === 'answer_helpful' || b.actionId === 'answer_unhelpful');

  it('puts 👍 and 👎 on an answer card, records one vote per person that a second click changes, thanks the clicker privately and never updates the card', async () => {
    const { t, state } = await app();
    const card = await kubecon(t, 'helm3');
    const votes = voteButtons(card);
    expect(votes.map((b) => b.actionId)).toEqual(['answer_helpful', 'answer_unhelpful']);
    expect(slackBodyText(card).text).toMatch(/\[\d+\] 👍 {3}\[\d+\] 👎$/m);
    expect(JSON.parse(votes[0]!.value!)).toEqual({ entry: 'helm-3', question: 'helm3' });
    const click = (actionId: string, user: string, id: string) =>
      sendInteraction(t.eventsUrl, buttonClick({ actionId, value: votes[0]!.value!, user, ephemeral: true, responseUrl: t.slack.responseUrl(id) }));

    await click('answer_helpful', 'U0ALICE', 'v1');
    await click('answer_unhelpful', 'U0BOB', 'v2');
    await t.settled();
    // One each: no answer is more unhelpful than helpful.
    expect((await gapsJson(state)).unhelpful).toEqual([]);
    // Alice changes her mind: two 👎, no 👍.
    await click('answer_unhelpful', 'U0ALICE', 'v3');
    await t.settled();
    expect((await gapsJson(state)).unhelpful).toEqual([{ question: 'helm3', entry_id: 'helm-3', count: 2 }]);

    const thanks = await t.slack.waitFor(() => {
      const found = t.slack.responses.filter((r) => ['v1', 'v2', 'v3'].includes(r.id));
      return found.length === 3 && found;
    }, 'three thanks');
    for (const r of thanks) expect(r.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(thanks.find((r) => r.id === 'v1')!.body.text).toBe(fr.vote.thanks);
    expect(thanks.find((r) => r.id === 'v2')!.body.text).toBe(fr.vote.thanksUnhelpful);
    expect(t.slack.callsTo('chat.update')).toEqual([]);
  });

  it('puts the votes on a mention’s card and a shared card, and not on "found nothing"', async () => {
    const { t, state } = await app();
    await sendEvent(t.eventsUrl, { type: 'app_mention', user: 'U0ALICE', text: '<@UBOT> helm3', channel: 'C0GENERAL', ts: '1700000003.000100', event_ts: '1' }, 'EvVote1');
    const post = await t.slack.waitFor(() => t.slack.callsTo('chat.postMessage')[0], 'the mention’s answer');
    expect(voteButtons(post.body)).toHaveLength(2);
    expect(voteButtons(await kubecon(t, 'terraform'))).toEqual([]);

    // The share button carries the question, so the shared card's votes are on it (not on the entry id).
    const share = slackBodyText(await kubecon(t, 'helm3')).buttons.find((b) => b.actionId === 'share_answer')!;
    await sendInteraction(t.eventsUrl, buttonClick({ actionId: 'share_answer', value: share.value!, ephemeral: true, responseUrl: t.slack.responseUrl('share') }));
    const shared = await t.slack.waitFor(() => t.slack.responses.find((r) => r.id === 'share' && r.body.response_type === 'in_channel'), 'the shared card');
    const sharedVotes = voteButtons(shared.body);
    expect(sharedVotes.map((b) => b.actionId)).toEqual(['answer_helpful', 'answer_unhelpful']);
    await sendInteraction(t.eventsUrl, buttonClick({ actionId: 'answer_unhelpful', value: sharedVotes[1]!.value!, user: 'U0CAROL', responseUrl: t.slack.responseUrl('v-shared') }));
    await t.settled();
    expect((await gapsJson(state)).unhelpful).toEqual([{ question: 'helm3', entry_id: 'helm-3', count: 1 }]);

    // A card posted before the share button carried the question (its value the entry id alone) still shares.
    await sendInteraction(t.eventsUrl, buttonClick({ actionId: 'share_answer', value: 'helm-3', ephemeral: true, responseUrl: t.slack.responseUrl('share-old') }));
    const old = await t.slack.waitFor(() => t.slack.responses.find((r) => r.id === 'share-old' && r.body.response_type === 'in_channel'), 'the card shared from an old button');
    expect(voteButtons(old.body)).toHaveLength(2);
  });

  it('ignores a vote whose value is not what the bot wrote, and says so', async () => {
    const { t } = await app();
    await sendInteraction(t.eventsUrl, buttonClick({ actionId: 'answer_helpful', value: '{"entry":""}', responseUrl: t.slack.responseUrl('bad') }));
    const warning = await t.slack.waitFor(() => t.logs.find((l) => l.includes('Ignored a vote')), 'the warning');
    expect(warning).toContain('entry');
  });
});

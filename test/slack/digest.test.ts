import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buttonClick, sendEvent, sendInteraction, sendSlashCommand, viewSubmission } from '../support/slack-request.js';
import { slackBodyText as seen } from '../support/slack-text.js';
import { startTestSlackApp, type TestSlackApp } from '../support/test-app.js';

// Monday 23 March 2026, 09:45 in Paris: this week's digest is due.
const NOW = new Date('2026-03-23T08:45:00Z');
const CHANNEL = 'C0DIGEST';

// Each test starts from a fresh bot and state, and sets up what it needs: it
// can run alone, or in any order.
let t: TestSlackApp;

const json = (value: unknown) => JSON.stringify(value);

/** The buttons on a message or view Slack received, as `action_id:value`. */
const actionIds = (message: unknown) => seen(message).buttons.map((b) => `${b.actionId}:${b.value}`);

/** What `/kubecon <text>` shows whoever typed it, in the given app. */
async function kubeconIn(app: TestSlackApp, text: string) {
  return seen((await sendSlashCommand(app.eventsUrl, { text })).json()).text;
}
const kubecon = (text: string) => kubeconIn(t, text);

/** This week's digest, posted: the message the buttons are on. */
async function postDigest() {
  const result = await t.digest!.runDue();
  expect(result.status).toBe('posted');
  const post = t.slack.callsTo('chat.postMessage').at(-1)!;
  return { post, ts: result.status === 'posted' ? result.messageRef : '' };
}

async function lastUpdate(after: number) {
  return t.slack.waitFor(() => t.slack.callsTo('chat.update').length > after && t.slack.callsTo('chat.update').at(-1), 'chat.update');
}

/** What the team did before the test: Bob tried Conftest (Trial), Carol dismissed Kapp. */
async function recordVerdictAndDismissal() {
  expect(await t.runtime.tracker.recordVerdict('conftest', 'U0BOB', 'trial', { comment: 'Adopté sur le projet Alpha' })).toMatchObject({ ok: true });
  expect(await t.runtime.tracker.dismiss('kapp', 'U0CAROL', { reason: 'On a déjà Argo CD' })).toMatchObject({ ok: true });
}

describe('the weekly digest in Slack', () => {
  beforeEach(async () => {
    t = await startTestSlackApp({ DIGEST_CHANNEL: CHANNEL }, { clock: () => NOW });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('posts the tool of the week with its buttons and the backlog state', async () => {
    const digest = await postDigest();
    expect(digest.post.body.channel).toBe(CHANNEL);
    expect(digest.post.body.text).toBe('Outil de la semaine : Conftest : tester ses policies OPA');
    const shown = seen(digest.post.body);
    expect(shown.buttons.slice(0, 3).map((b) => [b.actionId, b.value])).toEqual([
      ['digest_claim', 'conftest'],
      ['digest_verdict', 'conftest'],
      ['digest_dismiss', 'conftest'],
    ]);
    expect(shown.text).toContain('[1] Je m’en occupe   [2] Testé   [3] Pas pour nous');
    expect(shown.text).toContain('Où en est la liste');
    expect(shown.text).toContain('Prochain digest : lundi 30 mars');
    // Tagged with its slot, so that a run that cannot tell whether it went out can look for it in the channel.
    expect(digest.post.body.metadata).toEqual({ event_type: 'kubecon_digest', event_payload: { slot: '2026-03-23T08:30:00.000Z' } });
    expect(await t.digest!.runDue()).toMatchObject({ status: 'already-posted' });
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('records a claim and updates the message in place', async () => {
    const { ts } = await postDigest();
    const before = t.slack.callsTo('chat.update').length;
    const res = await sendInteraction(t.eventsUrl, buttonClick({ actionId: 'digest_claim', value: 'conftest', user: 'U0BOB', channel: CHANNEL, messageTs: ts }));
    expect(res.status).toBe(200);
    const update = await lastUpdate(before);
    expect(update.body).toMatchObject({ channel: CHANNEL, ts });
    expect(seen(update.body).text).toContain('@U0BOB s’en occupe');
    expect(actionIds(update.body)).not.toContain('digest_claim:conftest');
    expect(await kubecon('conftest')).toContain('🙋 @U0BOB s’en occupe');
  });

  it('leaves a tool someone is on to them, and tells whoever clicked', async () => {
    const { ts } = await postDigest();
    expect(await t.runtime.tracker.claim('conftest', 'U0BOB')).toMatchObject({ ok: true });
    const updates = t.slack.callsTo('chat.update').length;
    await sendInteraction(
      t.eventsUrl,
      buttonClick({ actionId: 'digest_claim', value: 'conftest', user: 'U0ALICE', channel: CHANNEL, messageTs: ts, responseUrl: t.slack.responseUrl('alice-claim') }),
    );
    const note = await t.slack.waitFor(() => t.slack.responses.find((r) => r.id === 'alice-claim'), 'the note to Alice');
    expect(note.body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: '<@U0BOB> s’occupe déjà de Conftest : tester ses policies OPA : voyez avec elle ou lui.' });
    const card = await kubecon('conftest');
    expect(card).toContain('🙋 @U0BOB s’en occupe');
    expect(card).not.toContain('@U0ALICE');
    expect(t.slack.callsTo('chat.update')).toHaveLength(updates);
  });

  it('confirms a claim made from a digest preview, which has no message to update', async () => {
    const preview = await sendSlashCommand(t.eventsUrl, { text: 'digest' });
    expect(actionIds(preview.json())).toContain('digest_claim:conftest');
    await sendInteraction(
      t.eventsUrl,
      buttonClick({ actionId: 'digest_claim', value: 'secrets-store-csi', user: 'U0DAN', ephemeral: true, messageTs: '1700009999.000100', responseUrl: t.slack.responseUrl('dan-claim') }),
    );
    const note = await t.slack.waitFor(() => t.slack.responses.find((r) => r.id === 'dan-claim'), 'the note to Dan');
    expect(note.body).toMatchObject({ response_type: 'ephemeral', text: 'C’est noté : vous vous occupez de Secrets Store CSI Driver.' });
    expect(await kubecon('secrets store csi')).toContain('🙋 @U0DAN s’en occupe');
  });

  it('opens the verdict modal on “Testé”, and records the verdict it submits', async () => {
    const { ts } = await postDigest();
    await sendInteraction(t.eventsUrl, buttonClick({ actionId: 'digest_verdict', value: 'conftest', user: 'U0BOB', channel: CHANNEL, messageTs: ts }));
    const open = await t.slack.waitFor(() => t.slack.callsTo('views.open').at(-1), 'views.open');
    const view = open.body.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(open.body.trigger_id).toBe('4.5.6');
    expect(view.callback_id).toBe('verdict_modal');
    expect(JSON.parse(view.private_metadata)).toEqual({ entryId: 'conftest', channel: CHANNEL, ts });
    expect(json(view.blocks)).toContain('"value":"adopt"');

    const before = t.slack.callsTo('chat.update').length;
    const res = await sendInteraction(
      t.eventsUrl,
      viewSubmission({
        callbackId: 'verdict_modal',
        privateMetadata: view.private_metadata,
        user: 'U0BOB',
        values: {
          verdict: { verdict: { type: 'radio_buttons', selected_option: { value: 'trial', text: { type: 'plain_text', text: 'Trial' } } } },
          comment: { comment: { type: 'plain_text_input', value: 'Adopté sur le projet <!channel> Alpha' } },
        },
      }),
    );
    expect(res.status).toBe(200);
    const update = await lastUpdate(before);
    const blocks = json(update.body.blocks);
    expect(blocks).toContain('verdict *Trial* par <@U0BOB>');
    expect(blocks).toContain('&lt;!channel&gt;');
    expect(blocks).not.toContain('<!channel>');
    const card = await kubecon('conftest');
    expect(card).toContain('✅ verdict Trial par @U0BOB');
    expect(card).not.toContain('À tester');
  });

  it('refuses a verdict submission without a verdict, showing the error in the modal', async () => {
    const res = await sendInteraction(
      t.eventsUrl,
      viewSubmission({ callbackId: 'verdict_modal', privateMetadata: json({ entryId: 'kapp' }), values: { verdict: { verdict: { type: 'radio_buttons', selected_option: null } } } }),
    );
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ response_action: 'errors', errors: { verdict: 'Choisissez un verdict.' } });
  });

  it('keeps a modal open with a message when its tool is no longer in the backlog, recording nothing', async () => {
    const res = await sendInteraction(
      t.eventsUrl,
      viewSubmission({ callbackId: 'dismiss_modal', privateMetadata: json({ entryId: 'helm-3-gone' }), values: { reason: { reason: { type: 'plain_text_input', value: 'x' } } } }),
    );
    expect(res.json()).toEqual({ response_action: 'errors', errors: { reason: expect.stringContaining('n’est plus dans la liste') } });
    const broken = await sendInteraction(
      t.eventsUrl,
      viewSubmission({ callbackId: 'verdict_modal', privateMetadata: 'not json', values: { verdict: { verdict: { type: 'radio_buttons', selected_option: { value: 'adopt' } } } } }),
    );
    expect(broken.json()).toEqual({ response_action: 'errors', errors: { verdict: expect.stringContaining('n’est plus dans la liste') } });
  });

  it('answers a click from the App Home on a tool that is gone in a small modal, not silence', async () => {
    const opens = t.slack.callsTo('views.open').length;
    await sendInteraction(t.eventsUrl, buttonClick({ actionId: 'digest_claim', value: 'gone-tool', fromHome: true }));
    const open = await t.slack.waitFor(() => t.slack.callsTo('views.open').length > opens && t.slack.callsTo('views.open').at(-1), 'views.open');
    expect(json(open.body.view)).toContain('Je ne connais pas la fiche « gone-tool »');
    expect(t.logs.some((l) => l.includes('respond is not a function'))).toBe(false);
  });

  it('shows a tool with a verdict as tried, not as still to try, on its card', async () => {
    await recordVerdictAndDismissal();
    const card = json((await sendSlashCommand(t.eventsUrl, { text: 'conftest' })).json());
    expect(card).toContain('verdict *Trial* par <@U0BOB>');
    expect(card).not.toContain('À tester');
    expect(json((await sendSlashCommand(t.eventsUrl, { text: 'chaos toolkit' })).json())).toContain('À tester · priorité normale');
  });

  it('says an entry is not a tool to try rather than unknown', async () => {
    const opens = t.slack.callsTo('views.open').length;
    await sendInteraction(t.eventsUrl, buttonClick({ actionId: 'digest_claim', value: 'fluentd', fromHome: true }));
    const open = await t.slack.waitFor(() => t.slack.callsTo('views.open').length > opens && t.slack.callsTo('views.open').at(-1), 'views.open');
    expect(json(open.body.view)).toContain('Fluentd n’est pas dans la liste des outils à tester.');
  });

  it('dismisses a tool through its modal, with the reason', async () => {
    const { ts } = await postDigest();
    await sendInteraction(t.eventsUrl, buttonClick({ actionId: 'digest_dismiss', value: 'kapp', user: 'U0CAROL', channel: CHANNEL, messageTs: ts }));
    const open = await t.slack.waitFor(() => (t.slack.callsTo('views.open').at(-1)?.body.view as { callback_id: string } | undefined)?.callback_id === 'dismiss_modal' && t.slack.callsTo('views.open').at(-1), 'the dismiss modal');
    const view = open.body.view as { private_metadata: string };
    const before = t.slack.callsTo('chat.update').length;
    await sendInteraction(
      t.eventsUrl,
      viewSubmission({ callbackId: 'dismiss_modal', privateMetadata: view.private_metadata, user: 'U0CAROL', values: { reason: { reason: { type: 'plain_text_input', value: 'On a déjà Argo CD' } } } }),
    );
    const update = await lastUpdate(before);
    expect(seen(update.body).text).toContain('Écartés : Kapp');
    expect(await kubecon('kapp')).toContain('🚫 écarté par @U0CAROL : On a déjà Argo CD');
  });

  it('publishes the backlog board in the App Home', async () => {
    await recordVerdictAndDismissal();
    const before = t.slack.callsTo('views.publish').length;
    await sendEvent(t.eventsUrl, { type: 'app_home_opened', user: 'U0DAVE', channel: 'D0DAVE', tab: 'home', event_ts: '1.2' }, 'EvHome1');
    const publish = await t.slack.waitFor(() => t.slack.callsTo('views.publish').length > before && t.slack.callsTo('views.publish').at(-1), 'views.publish');
    expect(publish.body.user_id).toBe('U0DAVE');
    const view = publish.body.view as { type: string; blocks: unknown };
    expect(view.type).toBe('home');
    const home = seen(view);
    expect(home.text).toContain('Prochain digest : lundi 30 mars');
    expect(home.text).toContain('✅ verdict Trial par @U0BOB');
    expect(home.text).toContain('🚫 écarté par @U0CAROL');
    expect(actionIds(view)).toContain('digest_claim:loki');
    expect(actionIds(view)).not.toContain('digest_claim:kapp');
  });

  it('records a claim made from the App Home and updates this week’s digest too', async () => {
    const { ts } = await postDigest();
    const updates = t.slack.callsTo('chat.update').length;
    const publishes = t.slack.callsTo('views.publish').length;
    await sendInteraction(t.eventsUrl, buttonClick({ actionId: 'digest_claim', value: 'loki', user: 'U0ERIN', fromHome: true }));
    const publish = await t.slack.waitFor(() => t.slack.callsTo('views.publish').length > publishes && t.slack.callsTo('views.publish').at(-1), 'views.publish');
    expect(publish.body.user_id).toBe('U0ERIN');
    expect(json(publish.body.view)).toContain('<@U0ERIN> s’en occupe');
    const update = await lastUpdate(updates);
    expect(update.body).toMatchObject({ channel: CHANNEL, ts });
    expect(json(update.body.blocks)).toContain('Loki (Grafana Labs) : <@U0ERIN> s’en occupe');
  });

  it('opens an entry’s card in a modal from the App Home', async () => {
    const opens = t.slack.callsTo('views.open').length;
    await sendInteraction(t.eventsUrl, buttonClick({ actionId: 'open_entry:loki', value: 'loki', fromHome: true }));
    const open = await t.slack.waitFor(() => t.slack.callsTo('views.open').length > opens && t.slack.callsTo('views.open').at(-1), 'views.open');
    const view = open.body.view as { type: string; title: { text: string }; blocks: unknown[] };
    expect(view.type).toBe('modal');
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(seen(view).text).toMatch(/^Loki/);
    expect(seen(view).buttons.map((b) => b.actionId)).not.toContain('share_answer');
  });

  it('shows the live status in /kubecon backlog and on an entry’s card', async () => {
    await recordVerdictAndDismissal();
    const backlog = (await sendSlashCommand(t.eventsUrl, { text: 'backlog' })).json();
    expect(json(backlog)).toContain('verdict *Trial* par <@U0BOB>');
    const card = (await sendSlashCommand(t.eventsUrl, { text: 'kapp' })).json();
    expect(json(card)).toContain('écarté par <@U0CAROL>');
  });

  it('previews the next digest with /kubecon digest, with when it runs', async () => {
    const body = (await sendSlashCommand(t.eventsUrl, { text: 'digest' })).json() as { response_type: string; blocks: unknown[] };
    expect(body.response_type).toBe('ephemeral');
    expect(json(body.blocks)).toContain('Aperçu du prochain digest (lundi 30 mars');
  });

  it('reports the digest in /healthz', async () => {
    await postDigest();
    // Each pod reports its own last run: ask the one that ran it.
    const replica = t.replicas.at(-1)!;
    await replica.digest!.runDue();
    const health = (await (await fetch(`${replica.baseUrl}/healthz`)).json()) as { digest: Record<string, unknown> };
    expect(health.digest).toMatchObject({ channel: CHANNEL, nextRun: '2026-03-30T07:30:00.000Z', lastRun: { status: 'already-posted' } });
  });
});

describe('clicks and submissions that arrive after the tool changed', () => {
  // A fresh bot each: every test sets up the change it needs, so that it runs alone or in any order.
  let app: TestSlackApp;
  beforeEach(async () => {
    app = await startTestSlackApp({ DIGEST_CHANNEL: CHANNEL }, { clock: () => NOW });
  });
  afterEach(async () => {
    await app.stop();
  });
  const noteTo = (id: string) => app.slack.waitFor(() => app.slack.responses.find((r) => r.id === id), `the note ${id}`);
  const verdict = { verdict: { verdict: { type: 'radio_buttons', selected_option: { value: 'trial', text: { type: 'plain_text', text: 'Trial' } } } } };

  it('refuses a claim from a stale button on a dismissed tool, says who dismissed it, and records no claim', async () => {
    await app.runtime.tracker.dismiss('kapp', 'U0CAROL');
    await sendInteraction(app.eventsUrl, buttonClick({ actionId: 'digest_claim', value: 'kapp', user: 'U0BOB', channel: CHANNEL, responseUrl: app.slack.responseUrl('bob-kapp') }));
    const note = await noteTo('bob-kapp');
    expect(note.body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: expect.stringContaining('a été écarté par <@U0CAROL>') });
    const card = await kubeconIn(app, 'kapp');
    expect(card).toContain('🚫 écarté par @U0CAROL');
    expect(card).not.toContain('@U0BOB');
  });

  it('says a dismissed tool takes no verdict instead of opening the modal', async () => {
    await app.runtime.tracker.dismiss('kapp', 'U0CAROL');
    const opens = app.slack.callsTo('views.open').length;
    await sendInteraction(app.eventsUrl, buttonClick({ actionId: 'digest_verdict', value: 'kapp', user: 'U0BOB', channel: CHANNEL, responseUrl: app.slack.responseUrl('bob-kapp-verdict') }));
    expect((await noteTo('bob-kapp-verdict')).body.text).toContain('a été écarté par <@U0CAROL>');
    expect(app.slack.callsTo('views.open')).toHaveLength(opens);
  });

  it('records a verdict modal submitted twice once, and closes it both times', async () => {
    const submit = () =>
      sendInteraction(app.eventsUrl, viewSubmission({ callbackId: 'verdict_modal', privateMetadata: json({ entryId: 'conftest' }), user: 'U0BOB', viewId: 'V0TWICE', values: verdict }));
    const [first, second] = [await submit(), await submit()];
    expect([first.status, first.text, second.status, second.text]).toEqual([200, '', 200, '']);
    // The preview lists every verdict since the last digest (none was posted here).
    expect((await kubeconIn(app, 'digest')).match(/Conftest : tester ses policies OPA : verdict Trial par @U0BOB/g)).toHaveLength(1);
  });

  it('keeps the dismiss modal open with a message when the tool got a verdict since it opened, recording nothing', async () => {
    await app.runtime.tracker.recordVerdict('conftest', 'U0BOB', 'trial');
    const res = await sendInteraction(
      app.eventsUrl,
      viewSubmission({ callbackId: 'dismiss_modal', privateMetadata: json({ entryId: 'conftest' }), user: 'U0CAROL', viewId: 'V0LATE', values: { reason: { reason: { type: 'plain_text_input', value: 'trop tard' } } } }),
    );
    expect(res.json()).toEqual({ response_action: 'errors', errors: { reason: expect.stringContaining('a reçu un verdict entre-temps') } });
    const card = await kubeconIn(app, 'conftest');
    expect(card).toContain('✅ verdict Trial par @U0BOB');
    expect(card).not.toContain('écarté');
  });

  it('keeps the verdict modal open with a message when the tool was dismissed since it opened', async () => {
    await app.runtime.tracker.dismiss('kapp', 'U0CAROL');
    const res = await sendInteraction(app.eventsUrl, viewSubmission({ callbackId: 'verdict_modal', privateMetadata: json({ entryId: 'kapp' }), user: 'U0BOB', viewId: 'V0LATE2', values: verdict }));
    expect(res.json()).toEqual({ response_action: 'errors', errors: { verdict: expect.stringContaining('a été écarté entre-temps') } });
    expect(await kubeconIn(app, 'kapp')).not.toContain('verdict');
    expect(await kubeconIn(app, 'digest')).not.toMatch(/Kapp : verdict/);
  });
});

describe('when Slack refuses the digest', () => {
  it('logs what to do, shows it in /healthz, keeps running, and posts on the next try', async () => {
    const app = await startTestSlackApp({ DIGEST_CHANNEL: 'C0GONE' }, { clock: () => NOW });
    try {
      app.slack.on('chat.postMessage', () => ({ body: { ok: false, error: 'channel_not_found' } }));
      expect(await app.digest!.runDue()).toMatchObject({ status: 'failed', error: expect.stringContaining('check DIGEST_CHANNEL') });
      const health = (await (await fetch(`${app.baseUrl}/healthz`)).json()) as { status: string; digest: { lastRun: { error: string } } };
      expect(health.status).toBe('degraded');
      expect(health.digest.lastRun.error).toContain('channel_not_found');
      expect(app.logs.some((l) => l.includes('ERROR') && l.includes('channel_not_found'))).toBe(true);

      app.slack.on('chat.postMessage', () => ({ body: { ok: false, error: 'not_in_channel' } }));
      expect(await app.digest!.runDue()).toMatchObject({ status: 'failed', error: expect.stringContaining('/invite @kubecon') });

      app.slack.on('chat.postMessage', () => ({ status: 429, headers: { 'retry-after': '0' }, body: { ok: false, error: 'ratelimited' } }));
      const limited = await app.digest!.runDue();
      expect(limited).toMatchObject({ status: 'failed', error: expect.stringContaining('Slack rate limit') });

      app.slack.on('chat.postMessage', (body) => ({ body: { ok: true, channel: body.channel, ts: '1700000999.000100' } }));
      expect(await app.digest!.runDue()).toMatchObject({ status: 'posted' });
    } finally {
      await app.stop();
    }
  });

  it('counts a post Slack accepted without a ts as unconfirmed, never as not posted, and finds it in the channel', async () => {
    const app = await startTestSlackApp({ DIGEST_CHANNEL: CHANNEL }, { clock: () => NOW });
    try {
      app.slack.on('chat.postMessage', (body) => {
        app.slack.keepMessage(body);
        return { body: { ok: true, channel: body.channel } };
      });
      expect(await app.digest!.runDue()).toMatchObject({ status: 'uncertain', error: expect.stringContaining('no message ts') });
      const health = (await (await fetch(`${app.baseUrl}/healthz`)).json()) as { status: string };
      expect(health.status).toBe('degraded');
      app.slack.on('chat.postMessage', () => undefined);
      expect(await app.digest!.runDue()).toMatchObject({ status: 'already-posted' });
      expect(app.slack.callsTo('chat.postMessage')).toHaveLength(1);
      // The message found is the one a claim from the App Home updates.
      await sendInteraction(app.eventsUrl, buttonClick({ actionId: 'digest_claim', value: 'loki', user: 'U0ERIN', fromHome: true }));
      const update = await app.slack.waitFor(() => app.slack.callsTo('chat.update')[0], 'chat.update');
      expect(update.body).toMatchObject({ channel: CHANNEL, ts: app.slack.messagesIn(CHANNEL)[0]!.ts });
    } finally {
      await app.stop();
    }
  });

  it('pages through the channel for an unconfirmed digest, and cannot call it absent in a channel busier than it searches', async () => {
    const app = await startTestSlackApp({ DIGEST_CHANNEL: CHANNEL }, { clock: () => NOW });
    try {
      app.slack.on('chat.postMessage', (body) => {
        app.slack.keepMessage(body);
        return { hangUp: true };
      });
      expect(await app.digest!.runDue()).toMatchObject({ status: 'uncertain' });
      // The channel got busy since: the digest is beyond the first page.
      for (let i = 0; i < 250; i++) app.slack.keepMessage({ channel: CHANNEL, text: `chatter ${i}` });
      expect(await app.digest!.runDue()).toMatchObject({ status: 'already-posted' });
      expect(app.slack.callsTo('conversations.history')).toHaveLength(2);

      const busy = await startTestSlackApp({ DIGEST_CHANNEL: 'C0BUSY' }, { clock: () => NOW });
      try {
        busy.slack.on('chat.postMessage', () => ({ hangUp: true }));
        expect(await busy.digest!.runDue()).toMatchObject({ status: 'uncertain' });
        for (let i = 0; i < 2001; i++) busy.slack.keepMessage({ channel: 'C0BUSY', text: `chatter ${i}` });
        expect(await busy.digest!.runDue()).toMatchObject({ status: 'uncertain', error: expect.stringContaining('more than 2000 messages') });
        expect(busy.slack.callsTo('conversations.history')).toHaveLength(10);
        expect(busy.slack.callsTo('chat.postMessage')).toHaveLength(1);
      } finally {
        await busy.stop();
      }
    } finally {
      await app.stop();
    }
  });

  it('never posts twice a week accepted without a ts when the channel cannot be read', async () => {
    const app = await startTestSlackApp({ DIGEST_CHANNEL: CHANNEL }, { clock: () => NOW });
    try {
      app.slack.on('chat.postMessage', (body) => ({ body: { ok: true, channel: body.channel } }));
      app.slack.on('conversations.history', () => ({ body: { ok: false, error: 'missing_scope', needed: 'channels:history' } }));
      expect(await app.digest!.runDue()).toMatchObject({ status: 'uncertain' });
      expect(await app.digest!.runDue()).toMatchObject({ status: 'uncertain', error: expect.stringContaining('missing_scope') });
      expect(app.logs.some((l) => l.includes('WARN') && l.includes(`look in ${CHANNEL}`) && l.includes('add it from manifest.yml'))).toBe(true);
      expect(app.slack.callsTo('chat.postMessage')).toHaveLength(1);
    } finally {
      await app.stop();
    }
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buttonClick, sendInteraction, sendSlashCommand, viewSubmission } from '../support/slack-request.js';
import { slackBodyText as seen } from '../support/slack-text.js';
import { startTestSlackApp, type TestSlackApp } from '../support/test-app.js';

// Monday 23 March 2026, 09:45 in Paris: this week's digest is due.
let now = new Date('2026-03-23T08:45:00Z');
const CHANNEL = 'C0DIGEST';
let t: TestSlackApp;

/** The proposal modal's values as Slack sends them on submission. */
function proposal(fields: { title?: string; url?: string; reason?: string; priority?: string }) {
  return {
    proposal_title: { proposal_title: { type: 'plain_text_input', value: fields.title ?? null } },
    proposal_url: { proposal_url: { type: 'url_text_input', value: fields.url ?? null } },
    proposal_reason: { proposal_reason: { type: 'plain_text_input', value: fields.reason ?? null } },
    proposal_priority: { proposal_priority: { type: 'static_select', selected_option: fields.priority ? { text: { type: 'plain_text', text: fields.priority }, value: fields.priority } : null } },
  };
}

const ARGO = { title: 'Argo Rollouts', url: 'https://argoproj.github.io/argo-rollouts/', reason: 'Des déploiements progressifs sans écrire nos scripts.', priority: 'high' };

const submit = (values: ReturnType<typeof proposal>, viewId = 'V0PROPOSE') =>
  sendInteraction(t.eventsUrl, viewSubmission({ callbackId: 'propose_modal', privateMetadata: '', values, user: 'U0ALICE', viewId }));

async function kubecon(text: string) {
  return seen((await sendSlashCommand(t.eventsUrl, { text })).json()).text;
}

describe('proposing a tool from Slack', () => {
  beforeEach(async () => {
    now = new Date('2026-03-23T08:45:00Z');
    t = await startTestSlackApp({ DIGEST_CHANNEL: CHANNEL }, { clock: () => now });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('opens the proposal modal on /kubecon propose, with its four fields and normal priority by default', async () => {
    const res = await sendSlashCommand(t.eventsUrl, { text: 'propose', trigger_id: '9.9.9' });
    expect(res.status).toBe(200);
    const open = await t.slack.waitFor(() => t.slack.callsTo('views.open').at(-1), 'views.open');
    expect(open.body.trigger_id).toBe('9.9.9');
    const view = (typeof open.body.view === 'string' ? JSON.parse(open.body.view) : open.body.view) as { callback_id: string; blocks: { block_id: string; element: { initial_option?: { value: string } } }[] };
    expect(view.callback_id).toBe('propose_modal');
    expect(view.blocks.map((b) => b.block_id)).toEqual(['proposal_title', 'proposal_url', 'proposal_reason', 'proposal_priority']);
    expect(view.blocks[3]!.element.initial_option?.value).toBe('normal');
  });

  it('opens the same modal from the App Home button', async () => {
    await sendInteraction(t.eventsUrl, buttonClick({ actionId: 'propose_tool', value: 'propose', fromHome: true }));
    const open = await t.slack.waitFor(() => t.slack.callsTo('views.open').at(-1), 'views.open');
    expect(JSON.stringify(open.body.view)).toContain('propose_modal');
  });

  it('shows each problem under its field and stores nothing', async () => {
    const res = await submit(proposal({ ...ARGO, url: 'ftp://example.com/tool', reason: 'court' }));
    expect(res.json()).toEqual({
      response_action: 'errors',
      errors: { proposal_url: 'Un lien http:// ou https:// complet.', proposal_reason: 'Au moins 10 caractères.' },
    });
    expect(await t.runtime.store.proposals()).toEqual([]);
  });

  it('refuses a tool already in the backlog, case and accents aside', async () => {
    const res = await submit(proposal({ ...ARGO, title: 'CONFTÈST' }));
    expect(res.json()).toEqual({ response_action: 'errors', errors: { proposal_title: 'Cet outil est déjà dans la liste à tester.' } });
  });

  it('stores a good proposal once per submission, shows it in /kubecon backlog and the App Home, and opens its card', async () => {
    const res = await submit(proposal(ARGO));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    await submit(proposal(ARGO)); // Slack delivering the same submission twice
    const stored = await t.runtime.store.proposals();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: 'argo-rollouts', title: 'Argo Rollouts', priority: 'high', by: 'U0ALICE', submissionId: 'V0PROPOSE' });

    const home = await t.slack.waitFor(() => t.slack.callsTo('views.publish').at(-1), 'views.publish');
    expect(seen(home.body.view).text).toContain('Argo Rollouts');
    const backlog = await kubecon('backlog');
    expect(backlog).toContain('Argo Rollouts · haute');
    expect(backlog).toContain('Des déploiements progressifs sans écrire nos scripts.');

    const opened = await sendInteraction(t.eventsUrl, buttonClick({ actionId: 'open_entry:argo-rollouts', value: 'argo-rollouts', fromHome: true }));
    expect(opened.status).toBe(200);
    const card = await t.slack.waitFor(() => t.slack.callsTo('views.open').at(-1), 'views.open');
    const text = seen(card.body.view).text;
    expect(text).toContain('https://argoproj.github.io/argo-rollouts/');
    expect(text).toContain('Proposé par @U0ALICE le 2026-03-23');
  });

  it('answers /kubecon with a proposed tool’s card when the knowledge does not answer, and nothing else changes', async () => {
    // (`argo rollouts` is answered by the recap: its canary entry names it.)
    const kyverno = { title: 'Kyverno', url: 'https://kyverno.io/', reason: 'Des policies en YAML, sans apprendre Rego.', priority: 'normal' };
    expect(await kubecon('kyverno')).not.toContain('Proposé par');
    await submit(proposal(kyverno));
    const card = seen((await sendSlashCommand(t.eventsUrl, { text: 'Kyverno ?' })).json());
    expect(card.text).toContain('https://kyverno.io/');
    expect(card.text).toContain('Proposé par @U0ALICE le 2026-03-23');
    expect(card.buttons.map((b) => `${b.actionId}:${b.value}`)).toContain('digest_claim:kyverno');
    // The knowledge still answers first, and an unrelated question still finds nothing.
    expect(await kubecon('helm 3')).not.toContain('Proposé par');
    expect(await kubecon('quantum blockchain')).not.toContain('Kyverno');
  });

  it('has the digest draw a proposed tool by the same rules: priority first, never twice in a row', async () => {
    await submit(proposal(ARGO));
    const first = await t.digest!.runDue();
    expect(first.status).toBe('posted');
    // High, like Conftest, and first by title.
    expect(t.slack.callsTo('chat.postMessage').at(-1)!.body.text).toBe('Outil de la semaine : Argo Rollouts');
    const shown = seen(t.slack.callsTo('chat.postMessage').at(-1)!.body);
    expect(shown.buttons.slice(0, 3).map((b) => `${b.actionId}:${b.value}`)).toEqual(['digest_claim:argo-rollouts', 'digest_verdict:argo-rollouts', 'digest_dismiss:argo-rollouts']);

    now = new Date('2026-03-30T07:45:00Z'); // the next Monday, 09:45 in Paris
    expect((await t.digest!.runDue()).status).toBe('posted');
    expect(t.slack.callsTo('chat.postMessage').at(-1)!.body.text).toBe('Outil de la semaine : Conftest : tester ses policies OPA');
  });

  it('lets the team claim a proposed tool like any other', async () => {
    await submit(proposal(ARGO));
    await sendInteraction(t.eventsUrl, buttonClick({ actionId: 'digest_claim', value: 'argo-rollouts', user: 'U0BOB', fromHome: true }));
    const row = await t.slack.waitFor(() => t.slack.callsTo('views.publish').find((c) => c.body.user_id === 'U0BOB'), 'views.publish for U0BOB');
    expect(seen(row.body.view).text).toContain('🙋 @U0BOB s’en occupe');
  });
});

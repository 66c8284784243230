import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringsFor } from '../../src/locale/index.js';
import { startTestSlackApp, type TestSlackApp } from '../support/test-app.js';
import { buttonClick, sendForm, sendInteraction, sendSlashCommand, slashCommandFields } from '../support/slack-request.js';

interface AckBody {
  response_type: string;
  text: string;
  blocks: { type: string; text?: { text: string }; elements?: { type: string; text?: { text: string }; action_id?: string; value?: string }[]; accessory?: { value?: string } }[];
}

const fr = stringsFor('fr');
let t: TestSlackApp;
beforeAll(async () => {
  t = await startTestSlackApp();
});
afterAll(async () => {
  await t.stop();
});

async function kubecon(text: string): Promise<AckBody> {
  const res = await sendSlashCommand(t.eventsUrl, { text, response_url: t.slack.responseUrl('cmd') });
  expect(res.status).toBe(200);
  return res.json() as AckBody;
}

const allText = (body: AckBody) => JSON.stringify(body.blocks);
const buttons = (body: AckBody) => body.blocks.flatMap((b) => b.elements?.filter((e) => e.type === 'button') ?? []);

describe('/kubecon', () => {
  it('answers a command payload without its text with a short error, and logs what was wrong', async () => {
    const { text: _omitted, ...fields } = slashCommandFields({});
    const res = await sendForm(t.eventsUrl, fields);
    expect(res.status).toBe(200);
    const body = res.json() as AckBody;
    expect(body.response_type).toBe('ephemeral');
    expect(body.blocks).toBeUndefined();
    expect(body.text).toMatch(/\S/);
    expect(t.logs.some((l) => l.includes('WARN') && l.includes('malformed slash command') && l.includes('text'))).toBe(true);
  });

  it('answers helm3 with an ephemeral Helm 3 card in the acknowledgement', async () => {
    const body = await kubecon('helm3');
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toMatch(/^Helm 3 \(CNCF incubating\)/);
    expect(body.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Helm 3' } });
    expect(allText(body)).toContain('CNCF incubating');
    expect(allText(body)).toContain('<https://helm.sh/|');
    expect(allText(body)).toContain('À tester · priorité basse');
    expect(allText(body)).toContain('CR KubeCon EU 2019');
    const actionIds = buttons(body).map((b) => b.action_id);
    expect(actionIds).toContain('share_answer');
    expect(actionIds.filter((id) => id?.startsWith('open_entry:')).length).toBeGreaterThanOrEqual(1);
    expect(actionIds.filter((id) => id?.startsWith('open_entry:')).length).toBeLessThanOrEqual(3);
  });

  it('shows help for no text, help and aide, listing every subcommand', async () => {
    for (const text of ['', 'help', 'aide']) {
      const body = await kubecon(text);
      for (const sub of ['/kubecon <question>', '/kubecon help', '/kubecon list', '/kubecon backlog']) expect(allText(body)).toContain(sub);
    }
  });

  it('lists the entries grouped, each openable', async () => {
    const body = await kubecon('list');
    expect(allText(body)).toContain('Projets CNCF graduated');
    expect(allText(body)).toContain('Talks');
    expect(buttons(body).some((b) => b.action_id === 'open_entry:loki')).toBe(true);
    expect((await kubecon('liste')).text).toBe(body.text);
  });

  it('shows the backlog by priority with the reasons', async () => {
    const body = await kubecon('backlog');
    const text = allText(body);
    expect(text.indexOf('Conftest')).toBeLessThan(text.indexOf('Kapp'));
    expect(text).toContain('haute');
  });

  it('suggests near misses as buttons when nothing fits, with a hint to list', async () => {
    const body = await kubecon('pizza');
    expect(body.text).toContain('Rien dans le compte rendu pour « pizza »');
    expect(allText(body)).toContain('/kubecon list');
    const near = await kubecon('pizza loki burger frites');
    expect(near.text).toContain('Rien dans le compte rendu pour « pizza loki burger frites »');
    expect(near.text).toContain('Vous pensiez peut-être à : Loki');
    expect(buttons(near)[0]).toMatchObject({ action_id: 'open_entry:loki', value: 'loki' });
  });

  it('points to the subcommand a mistyped word was meant to be', async () => {
    const body = await kubecon('backleg');
    expect(allText(body)).toContain('Vouliez-vous dire `/kubecon backlog` ?');
    expect(allText(await kubecon('lsit'))).toContain('`/kubecon list`');
  });

  it('never echoes <!channel> or a user mention typed in a query', async () => {
    // @channel and @boss picked from Slack's menu arrive as markup: dropped from the question.
    const body = await kubecon('<!channel> <@U0BOSS> pizza');
    const raw = JSON.stringify(body);
    expect(raw).not.toContain('<!channel>');
    expect(raw).not.toContain('<@U0BOSS>');
    expect(body.text).toContain('« pizza »');
    // The same typed as plain characters arrives escaped by Slack: shown as typed, escaped once.
    const typed = await kubecon('&lt;!channel&gt; &amp; pizza');
    expect(JSON.stringify(typed)).not.toContain('<!channel>');
    expect(typed.text).toContain('« &lt;!channel&gt; &amp; pizza »');
  });

  it('reads a channel link in a question as the channel’s name', async () => {
    expect((await kubecon('<#C0123|general> loki')).text).toMatch(/^Loki/);
  });

  it('answers a 5,000-character query within Slack limits', async () => {
    const body = await kubecon(`loki ${'a'.repeat(5000)}`);
    expect(body.response_type).toBe('ephemeral');
    for (const block of body.blocks) if (block.type === 'section') expect(block.text!.text.length).toBeLessThanOrEqual(3000);
    expect(body.text.length).toBeLessThanOrEqual(3000);
  });

  it('answers emoji and control characters sanely', async () => {
    // Nothing in them to search for: the invitation to ask a question, not an error.
    for (const text of ['🚀', '\u0007\u001b']) {
      const body = await kubecon(text);
      expect(body.response_type).toBe('ephemeral');
      expect(body.text).toBe(fr.empty);
    }
    // Only spaces is no text at all: the help.
    const blank = await kubecon('   ');
    expect(blank.text).not.toBe(fr.errors.generic);
    expect(blank).toEqual(await kubecon('help'));
  });
});

describe('buttons on a card', () => {
  it('shares the card in the channel as the user, then removes the ephemeral one', async () => {
    const res = await sendInteraction(
      t.eventsUrl,
      buttonClick({ actionId: 'share_answer', value: 'loki', responseUrl: t.slack.responseUrl('share'), ephemeral: true, user: 'U0BOB' }),
    );
    expect(res.status).toBe(200);
    const posts = await t.slack.waitFor(() => {
      const got = t.slack.responses.filter((r) => r.id === 'share');
      return got.length >= 2 && got;
    }, 'two response_url posts');
    expect(posts[0]!.body).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(JSON.stringify(posts[0]!.body.blocks)).toContain('Partagé par <@U0BOB>');
    expect(JSON.stringify(posts[0]!.body.blocks)).not.toContain('share_answer');
    expect(posts[1]!.body).toEqual({ delete_original: true });
  });

  it('opens a related entry in place of the ephemeral card', async () => {
    await sendInteraction(t.eventsUrl, buttonClick({ actionId: 'open_entry:fluentd', value: 'fluentd', responseUrl: t.slack.responseUrl('open'), ephemeral: true }));
    const post = await t.slack.waitFor(() => t.slack.responses.find((r) => r.id === 'open'), 'the opened card');
    expect(post.body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(post.body.text).toMatch(/^Fluentd/);
  });
});

describe('request verification', () => {
  it('refuses a bad signature with 401', async () => {
    const res = await sendSlashCommand(t.eventsUrl, { text: 'helm3' }, { signature: 'v0=deadbeef' });
    expect(res.status).toBe(401);
  });

  it('refuses a request signed 10 minutes ago with 401', async () => {
    const res = await sendSlashCommand(t.eventsUrl, { text: 'helm3' }, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(res.status).toBe(401);
  });

  it('refuses a request signed with another secret with 401', async () => {
    const res = await sendSlashCommand(t.eventsUrl, { text: 'helm3' }, { secret: 'another-secret-entirely' });
    expect(res.status).toBe(401);
  });
});

describe('GET /healthz', () => {
  it('answers 200 with the mode, the entries loaded and the uptime', async () => {
    const res = await fetch(`${t.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', mode: 'http' });
    expect(body.entries).toBeGreaterThanOrEqual(17);
    expect(typeof body.uptimeSeconds).toBe('number');
  });
});

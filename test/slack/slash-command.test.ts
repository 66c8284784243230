import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringsFor } from '../../src/locale/index.js';
import { startTestSlackApp, type TestSlackApp } from '../support/test-app.js';
import { slackBodyText } from '../support/slack-text.js';
import { buttonClick, sendForm, sendInteraction, sendSigned, sendSlashCommand, slashCommandFields, viewSubmission } from '../support/slack-request.js';

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

  it('logs a malformed button click with the field’s path and what was expected', async () => {
    const click = buttonClick({ actionId: 'open_entry:helm-3' }) as { actions: Record<string, unknown>[] };
    click.actions[0]!.value = 12;
    expect((await sendInteraction(t.eventsUrl, click)).status).toBe(200);
    const warning = await t.slack.waitFor(() => t.logs.find((l) => l.includes('Ignored a malformed button click')), 'the warning');
    expect(warning).toContain('Ignored a malformed button click: actions[0].value: Invalid input: expected string, received number');
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
      for (const sub of ['/kubecon &lt;question&gt;', '/kubecon help', '/kubecon list', '/kubecon backlog']) expect(allText(body)).toContain(sub);
    }
  });

  it('writes the help’s <question> escaped, so Slack shows it rather than reading a link', async () => {
    const body = await kubecon('help');
    expect(JSON.stringify(body)).not.toContain('<question>');
    expect(body.text).toContain('/kubecon &lt;question&gt;');
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
    // A name one edit further than a typo may be: not an answer, a suggestion.
    const near = await kubecon('pizza linkrdd');
    expect(near.text).toContain('Rien dans le compte rendu pour « pizza linkrdd »');
    expect(near.text).toContain('Vous pensiez peut-être à : Linkerd');
    expect(buttons(near)[0]).toMatchObject({ action_id: 'open_entry:linkerd', value: 'linkerd' });
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
    const shared = slackBodyText(posts[0]!.body);
    expect(shared.text).toMatch(/^Loki/);
    expect(shared.text).toContain('Partagé par @U0BOB');
    expect(shared.buttons.map((b) => b.actionId)).not.toContain('share_answer');
    expect(shared.text).not.toContain('Partager dans le canal');
    expect(posts[1]!.body).toEqual({ delete_original: true });
  });

  it('never deletes a message everyone sees: a share click there (an answer posted before they lost the button) only tells the clicker', async () => {
    const res = await sendInteraction(
      t.eventsUrl,
      buttonClick({ actionId: 'share_answer', value: 'loki', responseUrl: t.slack.responseUrl('public-share'), ephemeral: false, user: 'U0EVE' }),
    );
    expect(res.status).toBe(200);
    const [note] = await t.slack.waitFor(() => {
      const got = t.slack.responses.filter((r) => r.id === 'public-share');
      return got.length > 0 && got;
    }, 'the note to the clicker');
    expect(note!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(note!.body.text).toContain('déjà');
    // A later click is answered: by then nothing else from the first one is on its way.
    await sendInteraction(t.eventsUrl, buttonClick({ actionId: 'open_entry:rook', value: 'rook', responseUrl: t.slack.responseUrl('after'), ephemeral: true }));
    await t.slack.waitFor(() => t.slack.responses.find((r) => r.id === 'after'), 'the later click');
    expect(t.slack.responses.filter((r) => r.id === 'public-share')).toHaveLength(1);
  });

  it('opens a related entry in place of the ephemeral card', async () => {
    await sendInteraction(t.eventsUrl, buttonClick({ actionId: 'open_entry:fluentd', value: 'fluentd', responseUrl: t.slack.responseUrl('open'), ephemeral: true }));
    const post = await t.slack.waitFor(() => t.slack.responses.find((r) => r.id === 'open'), 'the opened card');
    expect(post.body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(post.body.text).toMatch(/^Fluentd/);
  });
});

describe('interactions no listener answers (an old or renamed button or modal)', () => {
  // Unanswered, Bolt replies 404 after three seconds and Slack shows the person an error.
  const acknowledged = async (payload: Record<string, unknown>, logged: string) => {
    const res = await sendInteraction(t.eventsUrl, payload);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(t.logs.some((l) => l.includes('DEBUG') && l.includes(logged))).toBe(true);
  };

  it('acknowledges a click on a button whose action_id nobody handles', async () => {
    await acknowledged(buttonClick({ actionId: 'renamed_button', value: 'loki', responseUrl: t.slack.responseUrl('old') }), 'renamed_button');
    expect(t.slack.responses.filter((r) => r.id === 'old')).toEqual([]);
  });

  it('acknowledges a submitted modal whose callback_id nobody handles', async () => {
    await acknowledged(viewSubmission({ callbackId: 'renamed_modal', privateMetadata: '{}', values: {} }), 'renamed_modal');
  });

  it('acknowledges a closed modal', async () => {
    const closed = { ...viewSubmission({ callbackId: 'verdict_modal', privateMetadata: '{}', values: {} }), type: 'view_closed', is_cleared: false };
    await acknowledged(closed, 'view_closed');
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

  it('refuses a request stamped in the future, as Slack’s five-minute window says, with 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now + 6 * 60, now + 24 * 60 * 60, Date.now()]) {
      const res = await sendSlashCommand(t.eventsUrl, { text: 'helm3' }, { timestamp });
      expect(res.status, `timestamp ${timestamp}`).toBe(401);
    }
  });

  it('accepts a request stamped up to five minutes either side of now', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now - 4 * 60, now + 4 * 60]) {
      const res = await sendSlashCommand(t.eventsUrl, { text: 'helm3' }, { timestamp });
      expect(res.status, `timestamp ${timestamp}`).toBe(200);
    }
  });

  it('answers a signed body that is not an object with 400, and keeps answering', async () => {
    const bodies: [string, string][] = [
      ['application/x-www-form-urlencoded', 'payload=null'],
      ['application/x-www-form-urlencoded', 'payload=%5B1%5D'],
      ['application/x-www-form-urlencoded', 'payload=42'],
      // The field anywhere in the form, its name encoded: Bolt decodes names as it parses.
      ['application/x-www-form-urlencoded', 'command=%2Fkubecon&text=helm3&payload=null'],
      ['application/x-www-form-urlencoded', 'text=x&pay%6Coad=null'],
      ['application/json', 'null'],
      ['application/json', '"text"'],
      ['application/json', '[]'],
    ];
    for (const [contentType, body] of bodies) {
      const res = await sendSigned(t.eventsUrl, body, contentType);
      expect(res.status, body).toBe(400);
    }
    expect((await kubecon('helm3')).text).toMatch(/^Helm 3/);
  });

  it('answers Slack’s unsigned ssl_check, and runs nothing it carries', async () => {
    const res = await sendForm(t.eventsUrl, { ssl_check: '1', ...slashCommandFields({ text: 'helm3' }) }, { signature: 'v0=deadbeef' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
  });

  it('still answers 401, not 400, to an unsigned body that is not an object', async () => {
    const res = await sendSigned(t.eventsUrl, 'null', 'application/json', { signature: 'v0=deadbeef' });
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

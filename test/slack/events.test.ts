import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackMessageText } from '../support/slack-text.js';
import { sendEvent, sendSlashCommand } from '../support/slack-request.js';
import { entryText, makeKnowledgeDir } from '../support/temp-knowledge.js';
import { startTestSlackApp, type TestSlackApp } from '../support/test-app.js';

// Two events side by side, as a team adds a second recap next to the first,
// and a third folder without an entry of its own naming it.
let knowledge: Awaited<ReturnType<typeof makeKnowledgeDir>>;
let t: TestSlackApp;
beforeAll(async () => {
  const inEvent = (event: string, id: string, fields: Record<string, string> = {}) => ({ [`${event}/${id}.md`]: entryText(id, { event, ...fields }) });
  knowledge = await makeKnowledgeDir({
    ...inEvent('kubecon-eu-2019', 'kubecon-eu-2019', { kind: 'event', title: 'KubeCon Europe 2019 (Barcelone)' }),
    ...inEvent('kubecon-eu-2019', 'vault', { title: 'Vault', cncf_maturity: 'graduated' }),
    ...inEvent('kubecon-eu-2019', 'kapp', { title: 'Kapp', backlog: '\n  priority: low\n  reason: Pour voir.' }),
    ...inEvent('kubecon-na-2024', 'kubecon-na-2024', { kind: 'event', title: 'KubeCon North America 2024 (Salt Lake City)' }),
    ...inEvent('kubecon-na-2024', 'karpenter', { title: 'Karpenter', cncf_maturity: 'incubating' }),
    ...inEvent('meetup-paris', 'argo', { title: 'Argo', kind: 'talk' }),
  });
  t = await startTestSlackApp({ KNOWLEDGE_DIR: knowledge.dir });
});
afterAll(async () => {
  await t.stop();
  await knowledge.cleanup();
});

async function kubecon(text: string) {
  const res = await sendSlashCommand(t.eventsUrl, { text });
  expect(res.status).toBe(200);
  return slackMessageText(res.json() as Parameters<typeof slackMessageText>[0]).text;
}

describe('several events in the knowledge', () => {
  it('lists the entries event by event, each under its title', async () => {
    const list = await kubecon('list');
    const at = (text: string) => {
      expect(list).toContain(text);
      return list.indexOf(text);
    };
    expect(at('KubeCon Europe 2019 (Barcelone)')).toBeLessThan(at('Vault'));
    expect(at('Vault')).toBeLessThan(at('KubeCon North America 2024 (Salt Lake City)'));
    expect(at('KubeCon North America 2024 (Salt Lake City)')).toBeLessThan(at('Karpenter'));
    // A folder with no entry naming it is shown by its name.
    expect(at('meetup-paris')).toBeLessThan(at('Argo'));
    expect(list.match(/Projets CNCF graduated/g)).toHaveLength(1);
  });

  it('shows the event’s title on a card, not its folder name', async () => {
    const card = await kubecon('karpenter');
    expect(card).toMatch(/^Karpenter/);
    expect(card).toContain('Événement : KubeCon North America 2024 (Salt Lake City)');
    expect(card).not.toContain('kubecon-na-2024');
  });

  it('names every event in the help, and no other', async () => {
    const help = await kubecon('help');
    for (const title of ['KubeCon Europe 2019 (Barcelone)', 'KubeCon North America 2024 (Salt Lake City)', 'meetup-paris']) expect(help).toContain(title);
    expect(help).not.toContain('KubeCon EU 2019');
  });

  it('does not name one event on the App Home either', async () => {
    await sendEvent(t.eventsUrl, { type: 'app_home_opened', user: 'U0ALICE', channel: 'D0HOME', tab: 'home', event_ts: '1' }, 'EvHome');
    const publish = await t.slack.waitFor(() => t.slack.callsTo('views.publish')[0], 'the App Home');
    expect(JSON.stringify(publish.body)).not.toContain('KubeCon EU 2019');
  });
});

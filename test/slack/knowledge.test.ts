import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sendEvent, sendSlashCommand } from '../support/slack-request.js';
import { slackBodyText } from '../support/slack-text.js';
import { entryText, makeKnowledgeDir } from '../support/temp-knowledge.js';
import { startTestSlackApp, type TestSlackApp } from '../support/test-app.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function appOn(files: Record<string, string>): Promise<{ t: TestSlackApp; dir: string }> {
  const knowledge = await makeKnowledgeDir(files);
  cleanups.push(() => knowledge.cleanup());
  const t = await startTestSlackApp({ KNOWLEDGE_DIR: knowledge.dir });
  cleanups.push(() => t.stop());
  return { t, dir: knowledge.dir };
}

const tool = (summary: string) => entryText('zorglub', { aliases: '[zorglub]', summary, backlog: `\n  priority: high\n  reason: "Raison : ${summary}"` });

describe('the Slack app after a reload', () => {
  it('answers /kubecon from the new knowledge, its card and backlog included', async () => {
    const { t, dir } = await appOn({ 'test-event/autre.md': entryText('autre') });
    const before = await sendSlashCommand(t.eventsUrl, { text: 'zorglub' });
    expect(slackBodyText(before.json()).text).not.toContain('Titre zorglub');
    await writeFile(path.join(dir, 'test-event/zorglub.md'), tool('Le nouveau résumé.'));
    expect(await t.reload()).toMatchObject({ ok: true });
    const after = slackBodyText((await sendSlashCommand(t.eventsUrl, { text: 'zorglub' })).json()).text;
    expect(after).toContain('Titre zorglub');
    expect(after).toContain('Le nouveau résumé.');
    expect(after).toContain('Raison : Le nouveau résumé.');
    const backlog = slackBodyText((await sendSlashCommand(t.eventsUrl, { text: 'backlog' })).json()).text;
    expect(backlog).toContain('Raison : Le nouveau résumé.');
  });

  it('shows the new backlog on the App Home', async () => {
    const { t, dir } = await appOn({ 'test-event/zorglub.md': tool('Premier.') });
    await writeFile(path.join(dir, 'test-event/zorglub.md'), tool('Second.'));
    await t.reload();
    await sendEvent(t.eventsUrl, { type: 'app_home_opened', user: 'U0ALICE', channel: 'D0HOME', tab: 'home', event_ts: '1' }, 'EvHome');
    const publish = await t.slack.waitFor(() => t.slack.callsTo('views.publish')[0], 'the App Home');
    expect(JSON.stringify(publish.body)).toContain('Raison : Second.');
    expect(JSON.stringify(publish.body)).not.toContain('Raison : Premier.');
  });
});

describe('the review dates in Slack', () => {
  const files = {
    'test-event/old.md': entryText('old', { aliases: '[vieillerie]', reviewed: '2000-01-01' }),
    'test-event/fresh.md': entryText('fresh', { aliases: '[fraicheur]', reviewed: '2999-01-01' }),
    'test-event/never.md': entryText('never'),
  };

  it('counts on the App Home the entries not reviewed for 180 days, or never', async () => {
    const { t } = await appOn(files);
    await sendEvent(t.eventsUrl, { type: 'app_home_opened', user: 'U0ALICE', channel: 'D0HOME', tab: 'home', event_ts: '1' }, 'EvHome');
    const publish = await t.slack.waitFor(() => t.slack.callsTo('views.publish')[0], 'the App Home');
    expect(JSON.stringify(publish.body)).toContain('2 fiches n’ont pas été revues depuis 180 jours ou plus, ou jamais');
  });

  it('shows a card’s review date in its context line, and none when it has none', async () => {
    const { t } = await appOn(files);
    expect(slackBodyText((await sendSlashCommand(t.eventsUrl, { text: 'fraicheur' })).json()).text).toMatch(/Source : « CR KubeCon EU 2019 », OCTO Technology {2}· {2}Revue le 1 janvier 2999/);
    const never = slackBodyText((await sendSlashCommand(t.eventsUrl, { text: 'Titre never' })).json()).text;
    expect(never).toContain('Titre never');
    expect(never).not.toContain('Revue le');
  });
});

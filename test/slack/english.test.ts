import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackMessageText } from '../support/slack-text.js';
import { sendSlashCommand } from '../support/slack-request.js';
import { entryText, makeKnowledgeDir } from '../support/temp-knowledge.js';
import { startTestSlackApp, type TestSlackApp } from '../support/test-app.js';

// The knowledge stays French (the recap's titles have French colons): these
// entries have none, so what is checked is the bot's own text.
let knowledge: Awaited<ReturnType<typeof makeKnowledgeDir>>;
let t: TestSlackApp;
beforeAll(async () => {
  knowledge = await makeKnowledgeDir({
    'test-event/test-event.md': entryText('test-event', { kind: 'event', title: 'Test Conf 2024' }),
    'test-event/vault.md': entryText('vault', { title: 'Vault', cncf_maturity: 'graduated', backlog: '\n  priority: high\n  reason: Worth a try.' }),
    'test-event/kapp.md': entryText('kapp', { title: 'Kapp', backlog: '\n  priority: low\n  reason: Maybe.' }),
    'test-event/loki.md': entryText('loki', { title: 'Loki', kind: 'talk', backlog: '\n  priority: normal\n  reason: Logs.' }),
  });
  t = await startTestSlackApp({ BOT_LOCALE: 'en', DIGEST_CHANNEL: 'C0DIGEST', KNOWLEDGE_DIR: knowledge.dir });
  await t.runtime.tracker.claim('kapp', 'U0ALICE');
  await t.runtime.tracker.recordVerdict('loki', 'U0BOB', 'assess', { comment: 'worth a look' });
});
afterAll(async () => {
  await t.stop();
  await knowledge.cleanup();
});

// French puts a space before : ; ? ! and inside « »; English does not.
const FRENCH_SPACING = /\s[:;?!](?=\s|$)|[«»]/m;

describe('BOT_LOCALE=en', () => {
  it('writes every answer with English punctuation', async () => {
    for (const text of ['help', 'list', 'backlog', 'digest', 'vault', 'kapp', 'loki', 'pizza', 'pizza vault burger frites', 'backleg']) {
      const res = await sendSlashCommand(t.eventsUrl, { text });
      expect(res.status).toBe(200);
      const message = res.json() as Parameters<typeof slackMessageText>[0];
      expect(message.text, `${text}: fallback text`).not.toMatch(FRENCH_SPACING);
      expect(slackMessageText(message).text, `${text}: blocks`).not.toMatch(FRENCH_SPACING);
    }
  });
});

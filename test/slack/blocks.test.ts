import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnownBlock } from '@slack/types';
import { parseConfig } from '../../src/config.js';
import { boardReply, digestReply } from '../../src/core/reply.js';
import { fr } from '../../src/locale/fr.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { renderAnswer } from '../../src/slack/blocks/answer.js';
import { renderCommand, renderEntryAnswer } from '../../src/slack/reply-message.js';
import { renderDigest } from '../../src/slack/blocks/digest.js';
import { renderHome } from '../../src/slack/blocks/home.js';
import { prepareKnowledgeMrkdwn, withKnowledgeMrkdwn } from '../../src/slack/blocks/knowledge-mrkdwn.js';
import { dismissModal, verdictModal } from '../../src/slack/blocks/modals.js';
import { KNOWLEDGE_DIR, tempStateDir } from '../support/test-app.js';
import { fitToSlackLimits, SLACK_LIMITS } from '../../src/slack/blocks/limits.js';
import { escapeSlackText, markdownToMrkdwn } from '../../src/slack/blocks/mrkdwn.js';
import { questionFromSlack } from '../../src/slack/question.js';

describe('Slack limits, enforced in one place', () => {
  it('cuts headers, sections, buttons and the block count to what Slack accepts', async () => {
    const long = 'é'.repeat(5000);
    const blocks: KnownBlock[] = [
      { type: 'header', text: { type: 'plain_text', text: long } },
      { type: 'section', text: { type: 'mrkdwn', text: long } },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: long }, action_id: 'a'.repeat(400), value: 'v' }] },
      ...Array.from({ length: 60 }, (): KnownBlock => ({ type: 'divider' })),
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'last' }] },
    ];
    const fitted = fitToSlackLimits({ text: long, blocks });
    expect(fitted.blocks).toHaveLength(SLACK_LIMITS.blocks);
    expect(fitted.blocks.at(-1)).toMatchObject({ type: 'context' });
    const [header, section, actions] = fitted.blocks as [any, any, any];
    expect(Array.from(header.text.text as string)).toHaveLength(150);
    expect(Array.from(section.text.text as string)).toHaveLength(3000);
    expect(Array.from(actions.elements[0].text.text as string)).toHaveLength(75);
    expect((actions.elements[0].action_id as string).length).toBeLessThanOrEqual(255);
    expect(fitted.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  });

  it('always sets a fallback text', async () => {
    expect(fitToSlackLimits({ text: '', blocks: [] }).text).not.toBe('');
  });
});

describe('escaping', () => {
  it('neutralises Slack markup a user typed', async () => {
    expect(escapeSlackText('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });

  it('turns knowledge Markdown into mrkdwn and never lets it ping', async () => {
    const out = markdownToMrkdwn('**Loki** : voir [le site](https://grafana.com/) <!here>').text;
    expect(out).toContain('<https://grafana.com/|le site>');
    expect(out).toMatch(/\*Loki\*/);
    expect(out).not.toContain('<!here>');
  });

  it('escapes what Markdown passes through raw (inline code, HTML), keeping its links and quotes', async () => {
    expect(markdownToMrkdwn('`<question>` & <b>gras</b> [site](https://x.org/?a=1&b=2)\n\n> cité').text).toBe(
      '`&lt;question&gt;` &amp; &lt;b&gt;gras&lt;/b&gt; <https://x.org/?a=1&b=2|site>\n\n> cité',
    );
  });
});

describe('questionFromSlack', () => {
  it('strips the bot mention and Slack markup', async () => {
    expect(questionFromSlack("<@UBOT> c'est quoi <#C1|loki> ? <https://grafana.com|grafana.com>", 'UBOT')).toBe(
      "c'est quoi #loki ? grafana.com",
    );
    expect(questionFromSlack('<@UBOT|kubecon>   ', 'UBOT')).toBe('');
    expect(questionFromSlack('<!here> <@UBOT> helm', 'UBOT')).toBe('helm');
  });
});

// Every string the locale catalogue holds, with Slack's control characters added.
const MARK = ' <b & i>';
function hostile<T>(value: T): T {
  if (typeof value === 'string') return `${value}${MARK}` as T;
  if (typeof value === 'function') return ((...args: unknown[]) => `${(value as (...a: unknown[]) => string)(...args)}${MARK}`) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'locale' ? v : hostile(v)])) as T;
  return value;
}

/** Every text Slack would parse in a message or view: the fallback text and each text object's. */
function slackTexts(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) slackTexts(v, out);
  else if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (typeof object.text === 'string') out.push(object.text);
    for (const [key, v] of Object.entries(object)) if (key !== 'text' || typeof v !== 'string') slackTexts(v, out);
  }
  return out;
}

// What Slack reads as markup on purpose: mentions, links, entities, and a quote's `>` at a line start.
const MARKUP = /<@U[A-Z0-9]+>|<https?:\/\/[^<>|\s]+\|[^<>]*>|&(?:amp|lt|gt);|^> /gm;

describe('every <, > and & the bot writes goes out escaped', () => {
  let runtime: Runtime;
  const state = tempStateDir();
  beforeAll(async () => {
    const parsed = parseConfig({ KNOWLEDGE_DIR, STATE_DIR: state.dir, DIGEST_CHANNEL: 'C0DIGEST' });
    if (!parsed.ok) throw new Error(parsed.message);
    const opened = await openRuntime(parsed.config);
    if (!opened.ok) throw new Error(opened.message);
    runtime = opened.runtime;
    const [first, second, third] = runtime.assistant.backlog;
    await runtime.tracker.claim(first!.entry.id, 'U0ALICE');
    await runtime.tracker.recordVerdict(second!.entry.id, 'U0BOB', 'trial', { comment: 'a <!channel> & b' });
    await runtime.tracker.dismiss(third!.entry.id, 'U0EVE', { reason: 'pas <@U0BOSS> & co' });
  });
  afterAll(async () => {
    await runtime.close();
    state.cleanup();
  });

  it('in every message and view, with a catalogue full of them', async () => {
    const ctx = withKnowledgeMrkdwn({ ...runtime, strings: hostile(fr) });
    const tool = runtime.assistant.backlog[0]!;
    const messages: unknown[] = [
      ...(await Promise.all((['help', 'list', 'backlog', 'digest'] as const).map((name) => renderCommand({ name }, ctx)))),
      await renderCommand({ name: 'ask', query: 'helm3' }, ctx, { ephemeral: true }),
      await renderCommand({ name: 'ask', query: '<!here> & pizza' }, ctx),
      await renderCommand({ name: 'ask', query: 'backleg' }, ctx),
      await renderEntryAnswer(runtime.assistant.open(tool.entry.id)!, ctx, { sharedBy: 'U0BOB' }),
      renderAnswer({ kind: 'answer', answer: { kind: 'empty', query: '', hits: [] }, actions: [] }, ctx.strings, ctx.mrkdwn),
      renderDigest(digestReply(await runtime.tracker.previewDigest(), { preview: false }), ctx.strings, ctx.mrkdwn, 'Europe/Paris'),
      renderHome(boardReply(await runtime.tracker.board(), runtime.tracker.nextRun()), ctx.strings, ctx.mrkdwn, 'Europe/Paris'),
      verdictModal(tool, { entryId: tool.entry.id }, ctx.strings),
      dismissModal(tool, { entryId: tool.entry.id }, ctx.strings),
    ];
    const texts = messages.flatMap((m) => slackTexts(m));
    expect(texts.some((t) => t.includes(' &lt;b &amp; i&gt;'))).toBe(true);
    for (const text of texts) expect(text.replace(MARKUP, ''), text).not.toMatch(/[<>&]/);
  });

  it('escapes what a user wrote once, not twice', async () => {
    const board = JSON.stringify(renderHome(boardReply(await runtime.tracker.board(), undefined), fr, prepareKnowledgeMrkdwn(runtime.assistant.entries), 'Europe/Paris'));
    expect(board).toContain('a &lt;!channel&gt; &amp; b');
    expect(board).toContain('pas &lt;@U0BOSS&gt; &amp; co');
    expect(board).toContain('<@U0BOB>');
  });
});

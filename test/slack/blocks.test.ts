import { describe, expect, it } from 'vitest';
import type { KnownBlock } from '@slack/types';
import { escapeSlackText, fitToSlackLimits, SLACK_LIMITS } from '../../src/slack/blocks/limits.js';
import { markdownToMrkdwn } from '../../src/slack/blocks/mrkdwn.js';
import { questionFromSlack } from '../../src/slack/question.js';

describe('Slack limits, enforced in one place', () => {
  it('cuts headers, sections, buttons and the block count to what Slack accepts', () => {
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

  it('always sets a fallback text', () => {
    expect(fitToSlackLimits({ text: '', blocks: [] }).text).not.toBe('');
  });
});

describe('escaping', () => {
  it('neutralises Slack markup a user typed', () => {
    expect(escapeSlackText('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });

  it('turns knowledge Markdown into mrkdwn and never lets it ping', () => {
    const out = markdownToMrkdwn('**Loki** : voir [le site](https://grafana.com/) <!here>');
    expect(out).toContain('<https://grafana.com/|le site>');
    expect(out).toMatch(/\*Loki\*/);
    expect(out).not.toContain('<!here>');
  });
});

describe('questionFromSlack', () => {
  it('strips the bot mention and Slack markup', () => {
    expect(questionFromSlack("<@UBOT> c'est quoi <#C1|loki> ? <https://grafana.com|grafana.com>", 'UBOT')).toBe(
      "c'est quoi #loki ? grafana.com",
    );
    expect(questionFromSlack('<@UBOT|kubecon>   ', 'UBOT')).toBe('');
    expect(questionFromSlack('<!here> <@UBOT> helm', 'UBOT')).toBe('helm');
  });
});

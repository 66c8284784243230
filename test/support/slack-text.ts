import type { KnownBlock } from '@slack/types';
import type { SlackMessage } from '../../src/slack/blocks/limits.js';
import { PLAIN, type TerminalStyle } from '../../src/console/render.js';

// What a person reads in a Block Kit message Slack received, as text laid out
// as the console lays out a reply: the tests read Slack's messages with it,
// and check that the console shows what Slack shows.

const EMOJI: Record<string, string> = {
  ':red_circle:': '🔴',
  ':large_orange_circle:': '🟠',
  ':white_circle:': '⚪',
  ':seedling:': '🌱',
  ':hatching_chick:': '🐣',
  ':mortar_board:': '🎓',
  ':test_tube:': '🧪',
  ':white_check_mark:': '✅',
  ':no_entry_sign:': '🚫',
  ':raising_hand:': '🙋',
  ':calendar:': '📅',
  ':hourglass_flowing_sand:': '⏳',
  ':grey_question:': '❔',
};

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&' };

/** The three entities Slack decodes in every text object (plain_text too), in one pass: `&amp;lt;` is `&lt;`. */
function decodeEntities(text: string): string {
  return text.replace(/&(?:lt|gt|amp);/g, (entity) => ENTITIES[entity]!);
}

/** Slack mrkdwn → terminal text: links as `label (url)`, bold and italics styled, entities decoded. */
function mrkdwnToTerminal(text: string, style: TerminalStyle): string {
  return text
    .replace(/\u200b/g, '')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, (_, url: string, label: string) => `${label} (${url})`)
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/g, (_, pre: string, t: string) => `${pre}${style.bold(t)}`)
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,:;!?])/g, (_, pre: string, t: string) => `${pre}${style.italic(t)}`)
    .replace(/:[a-z_]+:/g, (code) => EMOJI[code] ?? code)
    .replace(/&(?:lt|gt|amp);/g, decodeEntities);
}

interface RenderedButton {
  index: number;
  actionId: string;
  value?: string;
}

/** The text of a Slack message, and its buttons numbered as the console numbers them. */
export function slackMessageText(
  message: SlackMessage,
  style: TerminalStyle = PLAIN,
  options: { numberButtons?: boolean } = {},
): { text: string; buttons: RenderedButton[] } {
  const { numberButtons = true } = options;
  const lines: string[] = [];
  const buttons: RenderedButton[] = [];
  const button = (escapedLabel: string, actionId: string | undefined, value: string | undefined) => {
    const label = decodeEntities(escapedLabel);
    if (!actionId || !numberButtons) return `[${label}]`;
    const index = buttons.length + 1;
    buttons.push({ index, actionId, value });
    return `[${index}] ${label}`;
  };
  const text = (t: { type: string; text: string }) => (t.type === 'mrkdwn' ? mrkdwnToTerminal(t.text, style) : decodeEntities(t.text));
  for (const block of message.blocks as KnownBlock[]) {
    if (lines.length > 0 && block.type !== 'actions') lines.push('');
    switch (block.type) {
      case 'header': {
        const title = decodeEntities(block.text.text);
        lines.push(style.bold(title), '═'.repeat(Math.min(60, Array.from(title).length)));
        break;
      }
      case 'section': {
        if (block.text) lines.push(text(block.text));
        for (const field of block.fields ?? []) lines.push(text(field));
        if (block.accessory?.type === 'button') lines.push(`  ${button(block.accessory.text.text, block.accessory.action_id, block.accessory.value)}`);
        break;
      }
      case 'context':
        lines.push(style.dim(block.elements.map((e) => ('text' in e ? text(e) : '')).join(' ')));
        break;
      case 'actions':
        lines.push(
          block.elements
            .map((e) => (e.type === 'button' ? button(e.text.text, e.action_id, e.value) : ''))
            .filter(Boolean)
            .join('   '),
        );
        break;
      case 'divider':
        lines.push('─'.repeat(40));
        break;
      default:
        break;
    }
  }
  return { text: lines.join('\n').replace(/^\n+/, ''), buttons };
}

/** `slackMessageText` of a body Slack received as it came (a message, a response_url post, a view): anything with blocks. */
export function slackBodyText(body: unknown): { text: string; buttons: RenderedButton[] } {
  const { blocks } = body as { blocks?: SlackMessage['blocks'] };
  return slackMessageText({ text: '', blocks: blocks ?? [] } as unknown as SlackMessage);
}

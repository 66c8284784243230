import type { KnownBlock } from '@slack/types';
import type { Mrkdwn } from './mrkdwn.js';

/** A message as every surface receives it: fallback text plus Block Kit. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

// Slack rejects a message that breaks any of these (invalid_blocks), so every
// builder's output goes through fitToSlackLimits before it leaves.
export const SLACK_LIMITS = {
  blocks: 50,
  /** Modals and the App Home tab allow more. */
  viewBlocks: 100,
  sectionText: 3000,
  headerText: 150,
  fields: 10,
  fieldText: 2000,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  actionsElements: 25,
  contextElements: 10,
  contextText: 2000,
  fallbackText: 3000,
} as const;

export function truncate(text: string, max: number): string {
  // Slack counts characters; a string no longer than max in UTF-16 units has no more characters than that.
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Cuts Slack text (escaped) to max characters, never through an entity such as `&amp;`. */
function truncateEscaped(text: string, max: number): string {
  const cut = truncate(text, max);
  return cut === text ? text : cut.replace(/&[a-z]{0,3}…$/, '…');
}

type TextObject = { type: 'mrkdwn' | 'plain_text'; text: string };

function fitText<T extends TextObject>(object: T, max: number): T {
  return { ...object, text: truncateEscaped(object.text, max) };
}

function fitBlock(block: KnownBlock): KnownBlock {
  switch (block.type) {
    case 'header':
      return { ...block, text: fitText(block.text, SLACK_LIMITS.headerText) };
    case 'section':
      return {
        ...block,
        ...(block.text && { text: fitText(block.text, SLACK_LIMITS.sectionText) }),
        ...(block.fields && {
          fields: block.fields.slice(0, SLACK_LIMITS.fields).map((f) => fitText(f, SLACK_LIMITS.fieldText)),
        }),
        ...(block.accessory?.type === 'button' && {
          accessory: {
            ...block.accessory,
            text: fitText(block.accessory.text, SLACK_LIMITS.buttonText),
            ...(block.accessory.action_id && { action_id: truncate(block.accessory.action_id, SLACK_LIMITS.actionId) }),
          },
        }),
      };
    case 'context':
      return {
        ...block,
        elements: block.elements
          .slice(0, SLACK_LIMITS.contextElements)
          .map((e) => ('text' in e ? fitText(e, SLACK_LIMITS.contextText) : e)),
      };
    case 'actions':
      return {
        ...block,
        elements: block.elements.slice(0, SLACK_LIMITS.actionsElements).map((e) =>
          e.type === 'button'
            ? {
                ...e,
                text: fitText(e.text, SLACK_LIMITS.buttonText),
                ...(e.action_id && { action_id: truncate(e.action_id, SLACK_LIMITS.actionId) }),
                ...(e.value !== undefined && { value: truncate(e.value, SLACK_LIMITS.buttonValue) }),
              }
            : e,
        ),
      };
    default:
      return block;
  }
}

/** Enforces Slack's size limits on a whole message, in one place. */
export function fitToSlackLimits(message: SlackMessage, maxBlocks: number = SLACK_LIMITS.blocks): SlackMessage {
  let blocks = message.blocks.map(fitBlock);
  if (blocks.length > maxBlocks) {
    // Keep the last block (actions or source) and cut in the middle.
    blocks = [...blocks.slice(0, maxBlocks - 1), blocks[blocks.length - 1]!];
  }
  return { text: truncateEscaped(message.text, SLACK_LIMITS.fallbackText) || ' ', blocks };
}

/** A message from its fallback text (mrkdwn too: Slack parses it, and shows it in notifications) and blocks, within Slack's limits. */
export function slackMessage(text: Mrkdwn, blocks: KnownBlock[], maxBlocks?: number): SlackMessage {
  return fitToSlackLimits({ text: text.text, blocks }, maxBlocks);
}

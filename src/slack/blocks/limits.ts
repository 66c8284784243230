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

// A card is built for every answer and is almost always within the limits:
// each piece is checked, and copied only when something in it must be cut
// (copying every block, text and button of every card was garbage on each request).

function fitText<T extends TextObject>(object: T, max: number): T {
  const text = truncateEscaped(object.text, max);
  return text === object.text ? object : { ...object, text };
}

/** The list cut to max items, each fitted; the same list when nothing changed. */
function fitList<T>(items: T[], max: number, fit: (item: T) => T): T[] {
  let out: T[] | undefined = items.length > max ? items.slice(0, max) : undefined;
  const n = Math.min(items.length, max);
  for (let i = 0; i < n; i++) {
    const item = items[i]!;
    const fitted = fit(item);
    if (fitted !== item) (out ??= items.slice(0, max))[i] = fitted;
  }
  return out ?? items;
}

/** The object with the changed fields, or the same object when none changed. */
function withChanges<T extends object>(object: T, changes: Partial<T>): T {
  for (const key in changes) if (changes[key] !== object[key]) return { ...object, ...changes };
  return object;
}

type Button = { type: 'button'; text: TextObject; action_id?: string; value?: string };

function fitButton<T extends Button>(button: T): T {
  return withChanges(button, {
    text: fitText(button.text, SLACK_LIMITS.buttonText),
    ...(button.action_id && { action_id: truncate(button.action_id, SLACK_LIMITS.actionId) }),
    ...(button.value !== undefined && { value: truncate(button.value, SLACK_LIMITS.buttonValue) }),
  } as Partial<T>);
}

function fitBlock(block: KnownBlock): KnownBlock {
  switch (block.type) {
    case 'header':
      return withChanges(block, { text: fitText(block.text, SLACK_LIMITS.headerText) });
    case 'section':
      return withChanges(block, {
        ...(block.text && { text: fitText(block.text, SLACK_LIMITS.sectionText) }),
        ...(block.fields && { fields: fitList(block.fields, SLACK_LIMITS.fields, (f) => fitText(f, SLACK_LIMITS.fieldText)) }),
        ...(block.accessory?.type === 'button' && { accessory: fitButton(block.accessory) }),
      });
    case 'context':
      return withChanges(block, {
        elements: fitList(block.elements, SLACK_LIMITS.contextElements, (e) => ('text' in e ? fitText(e, SLACK_LIMITS.contextText) : e)),
      });
    case 'actions':
      return withChanges(block, {
        elements: fitList(block.elements, SLACK_LIMITS.actionsElements, (e) => (e.type === 'button' ? fitButton(e) : e)),
      });
    default:
      return block;
  }
}

/** Enforces Slack's size limits on a whole message, in one place. */
export function fitToSlackLimits(message: SlackMessage, maxBlocks: number = SLACK_LIMITS.blocks): SlackMessage {
  let blocks = fitList(message.blocks, Number.POSITIVE_INFINITY, fitBlock);
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

import type { Button } from '@slack/types';
import type { Entry } from '../../core/entry.js';
import { plainText } from './mrkdwn.js';

export const ACTION_OPEN_ENTRY = 'open_entry';
export const ACTION_SHARE = 'share_answer';

/** Each button's action_id must be unique in its block, so the entry id rides along. */
const openEntryActionId = (id: string) => `${ACTION_OPEN_ENTRY}:${id}`;

export const PRIORITY_EMOJI: Record<string, string> = { high: ':red_circle:', normal: ':large_orange_circle:', low: ':white_circle:' };
export const MATURITY_EMOJI: Record<string, string> = { sandbox: ':seedling:', incubating: ':hatching_chick:', graduated: ':mortar_board:' };

export function openEntryButton(entry: Entry): Button {
  return {
    type: 'button',
    text: plainText(entry.title),
    action_id: openEntryActionId(entry.id),
    value: entry.id,
  };
}

import type { Button } from '@slack/types';
import type { Entry } from '../../core/entry.js';
import type { ReplyAction, VoteAction } from '../../core/reply.js';
import type { ToolAction } from '../../core/tool-status.js';
import type { Strings } from '../../locale/index.js';
import { ACTION_CLAIM, ACTION_DISMISS, ACTION_HELPFUL, ACTION_PROPOSE, ACTION_SHARE, ACTION_UNHELPFUL, ACTION_VERDICT, openEntryActionId } from './ids.js';
import { SLACK_LIMITS } from './limits.js';
import { plainText } from './mrkdwn.js';

export function openEntryButton(entry: Entry): Button {
  return {
    type: 'button',
    text: plainText(entry.title),
    action_id: openEntryActionId(entry.id),
    value: entry.id,
  };
}

/** A claim, verdict or dismiss button for a tool. */
export function toolButton(action: ToolAction, entryId: string, strings: Strings): Button {
  const labels: Record<ToolAction, string> = { claim: strings.digest.claim, verdict: strings.digest.tested, dismiss: strings.digest.dismiss };
  const ids: Record<ToolAction, string> = { claim: ACTION_CLAIM, verdict: ACTION_VERDICT, dismiss: ACTION_DISMISS };
  return {
    type: 'button',
    text: plainText(labels[action]),
    action_id: ids[action],
    value: entryId,
    ...(action === 'claim' && { style: 'primary' as const }),
  };
}

/**
 * A vote or share button's value: `{"entry": id, "question": text}`, the
 * question cut so that the whole value fits Slack's limit (JSON escaping may
 * lengthen it). A shared card's votes are on the question the card answered.
 */
export function answerValue(action: Pick<VoteAction, 'entryId' | 'question'>): string {
  let value = JSON.stringify({ entry: action.entryId, question: action.question });
  if (value.length <= SLACK_LIMITS.buttonValue) return value;
  // Cut by characters, never inside a surrogate pair.
  let question = Array.from(action.question);
  while (value.length > SLACK_LIMITS.buttonValue && question.length > 0) {
    question = question.slice(0, Math.max(0, question.length - Math.ceil((value.length - SLACK_LIMITS.buttonValue) / 2)));
    value = JSON.stringify({ entry: action.entryId, question: question.join('') });
  }
  return value;
}

/** A reply's action as a Slack button. */
export function actionButton(action: ReplyAction, strings: Strings): Button {
  switch (action.kind) {
    case 'open':
      return openEntryButton(action.entry);
    case 'share':
      return { type: 'button', text: plainText(strings.card.share), action_id: ACTION_SHARE, value: answerValue(action), style: 'primary' };
    case 'vote':
      return {
        type: 'button',
        text: plainText(action.helpful ? strings.vote.helpful : strings.vote.unhelpful),
        action_id: action.helpful ? ACTION_HELPFUL : ACTION_UNHELPFUL,
        value: answerValue(action),
      };
    case 'propose':
      return { type: 'button', text: plainText(strings.propose.button), action_id: ACTION_PROPOSE, value: 'propose' };
    default:
      return toolButton(action.kind, action.entryId, strings);
  }
}

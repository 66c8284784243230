import type { Button } from '@slack/types';
import type { Entry } from '../../core/entry.js';
import type { ReplyAction } from '../../core/reply.js';
import type { ToolAction } from '../../core/tool-status.js';
import type { Strings } from '../../locale/index.js';
import { ACTION_CLAIM, ACTION_DISMISS, ACTION_PROPOSE, ACTION_SHARE, ACTION_VERDICT, openEntryActionId } from './ids.js';
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

/** A reply's action as a Slack button. */
export function actionButton(action: ReplyAction, strings: Strings): Button {
  switch (action.kind) {
    case 'open':
      return openEntryButton(action.entry);
    case 'share':
      return { type: 'button', text: plainText(strings.card.share), action_id: ACTION_SHARE, value: action.entryId, style: 'primary' };
    case 'propose':
      return { type: 'button', text: plainText(strings.propose.button), action_id: ACTION_PROPOSE, value: 'propose' };
    default:
      return toolButton(action.kind, action.entryId, strings);
  }
}

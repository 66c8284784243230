import type { Button } from '@slack/types';
import type { ReplyAction } from '../../core/reply.js';
import type { Strings } from '../../locale/index.js';
import { toolButton } from './digest.js';
import { ACTION_SHARE, openEntryButton } from './elements.js';
import { plainText } from './mrkdwn.js';

/** A reply's action as a Slack button. */
export function actionButton(action: ReplyAction, strings: Strings): Button {
  switch (action.kind) {
    case 'open':
      return openEntryButton(action.entry);
    case 'share':
      return { type: 'button', text: plainText(strings.card.share), action_id: ACTION_SHARE, value: action.entryId, style: 'primary' };
    default:
      return toolButton(action.kind, action.entryId, strings);
  }
}

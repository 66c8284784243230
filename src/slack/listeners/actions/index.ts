import type { App, BlockButtonAction } from '@slack/bolt';
import { ACTION_CLAIM, ACTION_DISMISS, ACTION_VERDICT } from '../../blocks/digest.js';
import { ACTION_OPEN_ENTRY, ACTION_SHARE } from '../../blocks/elements.js';
import type { SlackDeps } from '../../deps.js';
import { createClaimHandler, createOpenModalHandler } from './digest-buttons.js';
import { createOpenEntryHandler } from './open-entry.js';
import { createShareAnswerHandler } from './share-answer.js';

export function register(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(new RegExp(`^${ACTION_OPEN_ENTRY}:`), createOpenEntryHandler(deps));
  app.action<BlockButtonAction>(ACTION_SHARE, createShareAnswerHandler(deps));
  app.action<BlockButtonAction>(ACTION_CLAIM, createClaimHandler(deps));
  app.action<BlockButtonAction>(ACTION_VERDICT, createOpenModalHandler(deps, 'verdict'));
  app.action<BlockButtonAction>(ACTION_DISMISS, createOpenModalHandler(deps, 'dismiss'));
}

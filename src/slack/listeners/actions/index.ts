import type { App, BlockButtonAction } from '@slack/bolt';
import { ACTION_OPEN_ENTRY, ACTION_SHARE } from '../../blocks/elements.js';
import type { SlackDeps } from '../../deps.js';
import { createOpenEntryHandler } from './open-entry.js';
import { createShareAnswerHandler } from './share-answer.js';

export function register(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(new RegExp(`^${ACTION_OPEN_ENTRY}:`), createOpenEntryHandler(deps));
  app.action<BlockButtonAction>(ACTION_SHARE, createShareAnswerHandler(deps));
}

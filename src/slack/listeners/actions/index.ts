import type { App, BlockButtonAction } from '@slack/bolt';
import { ACTION_CLAIM, ACTION_DISMISS, ACTION_OPEN_ENTRY, ACTION_PROPOSE, ACTION_SHARE, ACTION_VERDICT } from '../../blocks/ids.js';
import { openProposeModal } from '../views/propose.js';
import type { SlackDeps } from '../../deps.js';
import type { ButtonArgs } from './click.js';
import { createClaimHandler, createOpenModalHandler } from './digest-buttons.js';
import { createOpenEntryHandler } from './open-entry.js';
import { createShareAnswerHandler } from './share-answer.js';

/** Every button this app answers, by action_id: what registers them and what recognises a click nobody answers. */
const BUTTONS: { actionId: string | RegExp; handler: (deps: SlackDeps) => (args: ButtonArgs) => Promise<void> }[] = [
  { actionId: new RegExp(`^${ACTION_OPEN_ENTRY}:`), handler: createOpenEntryHandler },
  { actionId: ACTION_SHARE, handler: createShareAnswerHandler },
  { actionId: ACTION_CLAIM, handler: createClaimHandler },
  { actionId: ACTION_VERDICT, handler: (deps) => createOpenModalHandler(deps, 'verdict') },
  { actionId: ACTION_DISMISS, handler: (deps) => createOpenModalHandler(deps, 'dismiss') },
  {
    actionId: ACTION_PROPOSE,
    handler: (deps) => async (args) => {
      await args.ack();
      await openProposeModal(deps, args.client, args.body.trigger_id);
    },
  },
];

export function answersAction(actionId: string): boolean {
  return BUTTONS.some((b) => (typeof b.actionId === 'string' ? b.actionId === actionId : b.actionId.test(actionId)));
}

export function register(app: App, deps: SlackDeps): void {
  for (const { actionId, handler } of BUTTONS) app.action<BlockButtonAction>(actionId, handler(deps));
}

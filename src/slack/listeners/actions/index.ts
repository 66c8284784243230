import type { App, BlockButtonAction } from '@slack/bolt';
import { ACTION_CLAIM, ACTION_DISMISS, ACTION_HELPFUL, ACTION_OPEN_ENTRY, ACTION_PROPOSE, ACTION_SHARE, ACTION_UNHELPFUL, ACTION_VERDICT } from '../../blocks/ids.js';
import { openProposeModal } from '../views/propose.js';
import type { SlackDeps } from '../../deps.js';
import type { ButtonArgs } from './click.js';
import { createClaimHandler, createOpenModalHandler } from './digest-buttons.js';
import { createOpenEntryHandler } from './open-entry.js';
import { createShareAnswerHandler } from './share-answer.js';
import { createVoteHandler } from './vote.js';

/** Every button this app answers, by action_id: what registers them and what recognises a click nobody answers. */
const BUTTONS: { actionId: string | RegExp; handler: (deps: SlackDeps) => (args: ButtonArgs) => Promise<void> }[] = [
  { actionId: new RegExp(`^${ACTION_OPEN_ENTRY}:`), handler: createOpenEntryHandler },
  { actionId: ACTION_SHARE, handler: createShareAnswerHandler },
  { actionId: ACTION_CLAIM, handler: createClaimHandler },
  { actionId: ACTION_VERDICT, handler: (deps) => createOpenModalHandler(deps, 'verdict') },
  { actionId: ACTION_DISMISS, handler: (deps) => createOpenModalHandler(deps, 'dismiss') },
  { actionId: ACTION_HELPFUL, handler: (deps) => createVoteHandler(deps, true) },
  { actionId: ACTION_UNHELPFUL, handler: (deps) => createVoteHandler(deps, false) },
  {
    actionId: ACTION_PROPOSE,
    handler: (deps) => async (args) => {
      await args.ack();
      await openProposeModal(deps, args.client, args.body.trigger_id);
    },
  },
];

const answers = (button: (typeof BUTTONS)[number], actionId: string) => (typeof button.actionId === 'string' ? button.actionId === actionId : button.actionId.test(actionId));

/**
 * One listener for every click, routed here by action_id. Bolt runs every
 * listener's filters on every request it receives, whatever its kind, so a
 * listener per button made each slash command and mention pay for all of
 * them. A click nobody answers (a button from an older version of the bot,
 * since renamed or removed) is acknowledged at once: left alone, Bolt answers
 * 404 after three seconds and Slack shows the person an error.
 */
export function register(app: App, deps: SlackDeps): void {
  const routes = BUTTONS.map((button) => ({ button, run: button.handler(deps) }));
  app.action<BlockButtonAction>({ type: 'block_actions' }, async (args) => {
    const actionId = args.action.action_id;
    const route = routes.find(({ button }) => answers(button, actionId));
    if (route) return route.run(args);
    deps.logger.debug(`Acknowledged a click on a button with action_id "${actionId}": nothing here answers it`);
    await args.ack();
  });
}

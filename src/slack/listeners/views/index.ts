import type { App, ViewClosedAction, ViewSubmitAction } from '@slack/bolt';
import { VIEW_DISMISS, VIEW_PROPOSE, VIEW_VERDICT } from '../../blocks/ids.js';
import type { SlackDeps } from '../../deps.js';
import { createDismissSubmissionHandler, createVerdictSubmissionHandler } from './backlog-modals.js';
import { createProposalSubmissionHandler } from './propose.js';

/** Every modal submission this app answers, by callback_id. */
const SUBMISSIONS = [
  { callbackId: VIEW_VERDICT, handler: createVerdictSubmissionHandler },
  { callbackId: VIEW_DISMISS, handler: createDismissSubmissionHandler },
  { callbackId: VIEW_PROPOSE, handler: createProposalSubmissionHandler },
];

/**
 * One listener for every submission, routed here by callback_id, and one for
 * closed modals (as for buttons, see ../actions/index.ts: Bolt runs every
 * listener's filters on every request). A submission nobody answers (a modal
 * from an older version of the bot) and a closed modal are acknowledged at
 * once; no modal here asks to be told it closed (notify_on_close).
 */
export function register(app: App, deps: SlackDeps): void {
  const routes = new Map(SUBMISSIONS.map(({ callbackId, handler }) => [callbackId, handler(deps)]));
  app.view<ViewSubmitAction>({ type: 'view_submission' }, async (args) => {
    const run = routes.get(args.view.callback_id);
    if (run) return run(args);
    deps.logger.debug(`Acknowledged a modal submission with callback_id "${args.view.callback_id}": nothing here answers it`);
    await args.ack();
  });
  app.view<ViewClosedAction>({ type: 'view_closed' }, async ({ ack, view }) => {
    deps.logger.debug(`Acknowledged a closed modal (view_closed, callback_id "${view.callback_id}"): nothing here answers it`);
    await ack();
  });
}

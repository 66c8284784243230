import type { AnyMiddlewareArgs, App } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { interactionSchema } from '../payloads.js';
import { answersAction } from './actions/index.js';
import { answersSubmission } from './views/index.js';

const INTERACTIONS = new Set(['block_actions', 'view_submission', 'view_closed']);

/** What an interaction is, when no listener answers it; undefined when one does. */
function unanswered(body: AnyMiddlewareArgs['body']): string | undefined {
  if (!INTERACTIONS.has(body.type)) return undefined;
  const parsed = interactionSchema.safeParse(body);
  if (!parsed.success) return undefined; // Bolt routes it as it can; a listener logs what it cannot read.
  const { type, actions, view } = parsed.data;
  // No modal here asks to be told it closed (notify_on_close).
  if (type === 'view_closed') return `a closed modal (view_closed, callback_id "${view?.callback_id ?? ''}")`;
  if (type === 'view_submission') return view && !answersSubmission(view.callback_id) ? `a modal submission with callback_id "${view.callback_id}"` : undefined;
  // Bolt hands a click to the listeners of its first action.
  const actionId = actions?.[0]?.action_id;
  return actionId !== undefined && !answersAction(actionId) ? `a click on a button with action_id "${actionId}"` : undefined;
}

/**
 * An interaction no listener answers (a button or a modal from an older
 * version of the bot, since renamed or removed; a closed modal) is
 * acknowledged at once. Left alone, Bolt answers 404 after three seconds and
 * Slack shows the person an error.
 */
export function register(app: App, deps: SlackDeps): void {
  app.use(async (args) => {
    const what = unanswered(args.body);
    if (what === undefined || !('ack' in args) || !args.ack) return args.next();
    deps.logger.debug(`Acknowledged ${what}: nothing here answers it`);
    await args.ack();
  });
}

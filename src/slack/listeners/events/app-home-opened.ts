import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { publishHome } from '../../refresh.js';

/** The App Home tab is the team's board, rebuilt each time someone opens it. */
export function createAppHomeOpenedHandler(deps: SlackDeps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    try {
      await publishHome(deps, client, event.user);
    } catch (error) {
      deps.logger.error('Could not publish the App Home:', error);
    }
  };
}

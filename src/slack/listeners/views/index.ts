import type { App } from '@slack/bolt';
import { VIEW_DISMISS, VIEW_VERDICT } from '../../blocks/digest.js';
import type { SlackDeps } from '../../deps.js';
import { createDismissSubmissionHandler, createVerdictSubmissionHandler } from './backlog-modals.js';

export function register(app: App, deps: SlackDeps): void {
  app.view(VIEW_VERDICT, createVerdictSubmissionHandler(deps));
  app.view(VIEW_DISMISS, createDismissSubmissionHandler(deps));
}

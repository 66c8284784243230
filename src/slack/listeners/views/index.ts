import type { App } from '@slack/bolt';
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

export function answersSubmission(callbackId: string): boolean {
  return SUBMISSIONS.some((s) => s.callbackId === callbackId);
}

export function register(app: App, deps: SlackDeps): void {
  for (const { callbackId, handler } of SUBMISSIONS) app.view(callbackId, handler(deps));
}

import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { failureKind } from '../../../core/tracker.js';
import { formatZodError } from '../../../core/zod-errors.js';
import { describeProposalError } from '../../../locale/format.js';
import { PROPOSAL_BLOCKS } from '../../blocks/ids.js';
import { proposeModal } from '../../blocks/modals.js';
import type { SlackDeps } from '../../deps.js';
import { proposalSubmissionSchema, submissionIdSchema } from '../../payloads.js';
import { publishHome } from '../../refresh.js';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The "propose a tool" modal, from `/kubecon propose` or the App Home's button. */
export async function openProposeModal(deps: SlackDeps, client: WebClient, triggerId: string): Promise<void> {
  try {
    await client.views.open({ trigger_id: triggerId, view: proposeModal(deps.ctx.strings) });
  } catch (error) {
    deps.logger.error('Could not open the proposal modal:', error);
  }
}

/**
 * The proposal submitted: the core validates it and each problem is shown
 * under its field (the modal stays open); once stored, the modal closes and
 * the proposer's App Home shows the new tool. A submission delivered twice
 * (same view id) proposes once.
 */
export function createProposalSubmissionHandler(deps: SlackDeps) {
  return async ({ ack, view, body, client }: ViewArgs): Promise<void> => {
    const { strings, tracker } = deps.ctx;
    const values = proposalSubmissionSchema.safeParse(view.state.values);
    if (!values.success) {
      deps.logger.warn(`Unreadable proposal submission: ${formatZodError(values.error)}`);
      await ack({ response_action: 'errors', errors: { [PROPOSAL_BLOCKS.title]: strings.errors.generic } });
      return;
    }
    const read = (block: 'proposal_title' | 'proposal_url' | 'proposal_reason') => values.data[block]?.[block]?.value ?? undefined;
    const priority = values.data[PROPOSAL_BLOCKS.priority]?.[PROPOSAL_BLOCKS.priority]?.selected_option?.value;
    const submission = submissionIdSchema.safeParse(view.id);
    let result;
    try {
      result = await tracker.propose(
        { title: read(PROPOSAL_BLOCKS.title) ?? '', url: read(PROPOSAL_BLOCKS.url) ?? '', reason: read(PROPOSAL_BLOCKS.reason) ?? '', ...(priority !== undefined && { priority }) },
        body.user.id,
        submission.success ? { submissionId: submission.data } : {},
      );
    } catch (error) {
      deps.logger.error('Could not record a proposal:', error);
      await ack({ response_action: 'errors', errors: { [PROPOSAL_BLOCKS.title]: strings.errors[failureKind(error)] } });
      return;
    }
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: Object.fromEntries(result.errors.map((e) => [PROPOSAL_BLOCKS[e.field], describeProposalError(e, strings)])) });
      return;
    }
    await ack();
    try {
      await publishHome(deps, client, body.user.id);
    } catch (error) {
      deps.logger.error('Could not refresh the App Home after a proposal:', error);
    }
  };
}

import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { failureKind, type Submission, type TrackerRefusal, type TrackerResult } from '../../../core/tracker.js';
import { formatZodError } from '../../../core/zod-errors.js';
import { BLOCK_REASON, BLOCK_VERDICT } from '../../blocks/ids.js';
import type { ModalContext } from '../../blocks/modals.js';
import type { SlackDeps } from '../../deps.js';
import { dismissSubmissionSchema, modalContextSchema, submissionIdSchema, verdictSubmissionSchema } from '../../payloads.js';
import { refreshBacklogViews } from '../../refresh.js';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

function modalContext(deps: SlackDeps, raw: string) {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  const parsed = modalContextSchema.safeParse(json);
  if (!parsed.success) deps.logger.warn(`Ignored a modal with unreadable private_metadata: ${formatZodError(parsed.error)}`);
  return parsed.success ? parsed.data : undefined;
}

const clean = (text: string | null | undefined) => text?.trim() || undefined;

/** The submission's id, so that one delivered twice records once; without one (never seen from Slack) it is recorded as it comes. */
function submissionOf(deps: SlackDeps, view: ViewArgs['view']): Submission {
  const parsed = submissionIdSchema.safeParse(view.id);
  if (!parsed.success) deps.logger.warn(`A ${view.callback_id} submission without a readable view id: ${formatZodError(parsed.error)}`);
  return parsed.success ? { submissionId: parsed.data } : {};
}

/** Shown in the modal (plain text) when the tool changed since it opened. */
function refusalMessage(deps: SlackDeps, refusal: TrackerRefusal): string {
  const { modal } = deps.ctx.strings;
  if (refusal.reason === 'dismissed') return modal.dismissedSince;
  if (refusal.reason === 'evaluated') return modal.evaluatedSince;
  return modal.stale;
}

type Outcome = { ok: true; context: ModalContext } | { ok: false; block: string; message: string };

/**
 * Records a submission before the modal closes: a modal we cannot match to a
 * tool, a tool that changed since it opened (dismissed, or given a verdict
 * when dismissing), or a write that fails, keeps it open with a message
 * under `block` instead of closing as if it had worked.
 */
async function submit(deps: SlackDeps, { ack, view, body, client }: ViewArgs, block: string, record: (context: ModalContext) => Promise<TrackerResult>): Promise<void> {
  const outcome = await (async (): Promise<Outcome> => {
    const context = modalContext(deps, view.private_metadata);
    if (!context) return { ok: false, block, message: deps.ctx.strings.modal.stale };
    try {
      const result = await record(context);
      if (!result.ok) return { ok: false, block, message: refusalMessage(deps, result) };
    } catch (error) {
      deps.logger.error(`Could not record a ${view.callback_id} submission:`, error);
      return { ok: false, block, message: deps.ctx.strings.errors[failureKind(error)] };
    }
    return { ok: true, context };
  })();
  if (!outcome.ok) {
    await ack({ response_action: 'errors', errors: { [outcome.block]: outcome.message } });
    return;
  }
  await ack();
  await refreshBacklogViews(deps, client, { userId: body.user.id, ...outcome.context });
}

/** The verdict modal submitted: record it, close the modal, update the digest and the App Home. */
export function createVerdictSubmissionHandler(deps: SlackDeps) {
  return async (args: ViewArgs): Promise<void> => {
    const values = verdictSubmissionSchema.safeParse(args.view.state.values);
    if (!values.success) {
      await args.ack({ response_action: 'errors', errors: { [BLOCK_VERDICT]: deps.ctx.strings.modal.verdictRequired } });
      return;
    }
    const verdict = values.data.verdict.verdict.selected_option.value;
    const comment = clean(values.data.comment?.comment.value);
    const submission = submissionOf(deps, args.view);
    await submit(deps, args, BLOCK_VERDICT, ({ entryId }) =>
      deps.ctx.tracker.recordVerdict(entryId, args.body.user.id, verdict, { ...(comment && { comment }), ...submission }),
    );
  };
}

/** "Pas pour nous" submitted, with its optional reason. */
export function createDismissSubmissionHandler(deps: SlackDeps) {
  return async (args: ViewArgs): Promise<void> => {
    const values = dismissSubmissionSchema.safeParse(args.view.state.values);
    const reason = values.success ? clean(values.data.reason?.reason.value) : undefined;
    const submission = submissionOf(deps, args.view);
    await submit(deps, args, BLOCK_REASON, ({ entryId }) => deps.ctx.tracker.dismiss(entryId, args.body.user.id, { ...(reason && { reason }), ...submission }));
  };
}

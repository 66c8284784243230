import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { TrackerResult } from '../../../core/tracker.js';
import { BLOCK_REASON, BLOCK_VERDICT, type ModalContext } from '../../blocks/digest.js';
import type { SlackDeps } from '../../deps.js';
import { describePayloadError, dismissSubmissionSchema, modalContextSchema, verdictSubmissionSchema } from '../../payloads.js';
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
  if (!parsed.success) deps.logger.warn(`Ignored a modal with unreadable private_metadata: ${describePayloadError(parsed.error)}`);
  return parsed.success ? parsed.data : undefined;
}

const clean = (text: string | null | undefined) => text?.trim() || undefined;

type Outcome = { ok: true; context: ModalContext } | { ok: false; block: string; message: string };

/**
 * Records a submission before the modal closes: a modal we cannot match to a
 * tool, or a write that fails, keeps it open with a message under `block`
 * instead of closing as if it had worked.
 */
async function submit(deps: SlackDeps, { ack, view, body, client }: ViewArgs, block: string, record: (context: ModalContext) => TrackerResult): Promise<void> {
  const outcome = ((): Outcome => {
    const context = modalContext(deps, view.private_metadata);
    if (!context) return { ok: false, block, message: deps.ctx.strings.modal.stale };
    try {
      const result = record(context);
      if (!result.ok) return { ok: false, block, message: deps.ctx.strings.modal.stale };
    } catch (error) {
      deps.logger.error(`Could not record a ${view.callback_id} submission:`, error);
      return { ok: false, block, message: deps.ctx.strings.errors.generic };
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
    await submit(deps, args, BLOCK_VERDICT, ({ entryId }) => deps.ctx.tracker.recordVerdict(entryId, args.body.user.id, verdict, comment));
  };
}

/** "Pas pour nous" submitted, with its optional reason. */
export function createDismissSubmissionHandler(deps: SlackDeps) {
  return async (args: ViewArgs): Promise<void> => {
    const values = dismissSubmissionSchema.safeParse(args.view.state.values);
    const reason = values.success ? clean(values.data.reason?.reason.value) : undefined;
    await submit(deps, args, BLOCK_REASON, ({ entryId }) => deps.ctx.tracker.dismiss(entryId, args.body.user.id, reason));
  };
}

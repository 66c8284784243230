import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { BLOCK_VERDICT } from '../../blocks/digest.js';
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

/** The verdict modal submitted: record it, close the modal, update the digest and the App Home. */
export function createVerdictSubmissionHandler(deps: SlackDeps) {
  return async ({ ack, view, body, client }: ViewArgs): Promise<void> => {
    const context = modalContext(deps, view.private_metadata);
    const values = verdictSubmissionSchema.safeParse(view.state.values);
    if (!values.success) {
      await ack({ response_action: 'errors', errors: { [BLOCK_VERDICT]: deps.ctx.strings.modal.verdictRequired } });
      return;
    }
    await ack();
    if (!context) return;
    const verdict = values.data.verdict.verdict.selected_option.value;
    const comment = clean(values.data.comment?.comment.value);
    const result = deps.ctx.tracker.recordVerdict(context.entryId, body.user.id, verdict, comment);
    if (!result.ok) return;
    await refreshBacklogViews(deps, client, { userId: body.user.id, ...context });
  };
}

/** "Pas pour nous" submitted, with its optional reason. */
export function createDismissSubmissionHandler(deps: SlackDeps) {
  return async ({ ack, view, body, client }: ViewArgs): Promise<void> => {
    await ack();
    const context = modalContext(deps, view.private_metadata);
    const values = dismissSubmissionSchema.safeParse(view.state.values);
    if (!context || !values.success) return;
    const result = deps.ctx.tracker.dismiss(context.entryId, body.user.id, clean(values.data.reason?.reason.value));
    if (!result.ok) return;
    await refreshBacklogViews(deps, client, { userId: body.user.id, ...context });
  };
}

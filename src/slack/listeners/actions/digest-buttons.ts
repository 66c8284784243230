import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { dismissModal, verdictModal, type ModalContext } from '../../blocks/digest.js';
import type { SlackDeps } from '../../deps.js';
import { clickSourceSchema, describePayloadError } from '../../payloads.js';
import { refreshBacklogViews } from '../../refresh.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

function parseClick(deps: SlackDeps, body: unknown) {
  const parsed = clickSourceSchema.safeParse(body);
  if (!parsed.success) {
    deps.logger.warn(`Ignored a malformed backlog button click: ${describePayloadError(parsed.error)}`);
    return undefined;
  }
  const { user, actions, container, trigger_id } = parsed.data;
  const entryId = actions[0]!.value;
  const where: ModalContext = { entryId, ...(container?.channel_id && { channel: container.channel_id }), ...(container?.message_ts && { ts: container.message_ts }) };
  return { userId: user.id, entryId, where, triggerId: trigger_id };
}

/** "Je m'en occupe": records who, then the message updates to show it. */
export function createClaimHandler(deps: SlackDeps) {
  return async ({ ack, body, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const click = parseClick(deps, body);
    if (!click) return;
    const result = deps.ctx.tracker.claim(click.entryId, click.userId);
    if (!result.ok) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: deps.ctx.strings.errors.unknownEntry(click.entryId) }).catch(() => undefined);
      return;
    }
    await refreshBacklogViews(deps, client, { userId: click.userId, ...click.where });
  };
}

/** "Testé" and "Pas pour nous" open a modal; the submission records it (see listeners/views). */
export function createOpenModalHandler(deps: SlackDeps, kind: 'verdict' | 'dismiss') {
  return async ({ ack, body, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const click = parseClick(deps, body);
    if (!click) return;
    const row = deps.ctx.tracker.row(click.entryId);
    if (!row) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: deps.ctx.strings.errors.unknownEntry(click.entryId) }).catch(() => undefined);
      return;
    }
    const view = kind === 'verdict' ? verdictModal(row.item, click.where, deps.ctx.strings) : dismissModal(row.item, click.where, deps.ctx.strings);
    try {
      await client.views.open({ trigger_id: click.triggerId, view });
    } catch (error) {
      deps.logger.error(`Could not open the ${kind} modal:`, error);
    }
  };
}

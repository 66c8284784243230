import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { formatZodError } from '../../../core/zod-errors.js';
import { entryModal, type ModalContext } from '../../blocks/modals.js';
import { slackMessage } from '../../blocks/limits.js';
import { mrkdwnText, text, type Mrkdwn } from '../../blocks/mrkdwn.js';
import { failureKind } from '../../../core/tracker.js';
import type { SlackDeps } from '../../deps.js';
import { buttonClickSchema } from '../../payloads.js';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** What every button handler needs from a click; undefined (and logged) for a payload we cannot read. */
export function readClick(deps: SlackDeps, body: unknown) {
  const parsed = buttonClickSchema.safeParse(body);
  if (!parsed.success) {
    deps.logger.warn(`Ignored a malformed button click: ${formatZodError(parsed.error)}`);
    return undefined;
  }
  const { user, actions, container, trigger_id, response_url } = parsed.data;
  const entryId = actions[0]!.value ?? '';
  const where: ModalContext = {
    entryId,
    ...(container?.channel_id && { channel: container.channel_id }),
    ...(container?.message_ts && { ts: container.message_ts }),
  };
  return { userId: user.id, entryId, where, triggerId: trigger_id, hasResponseUrl: Boolean(response_url), isEphemeral: container?.is_ephemeral === true };
}

export type Click = NonNullable<ReturnType<typeof readClick>>;

/**
 * A short note to whoever clicked: ephemeral under the message, or in a small
 * modal from the App Home, which has no response_url to answer through.
 */
export async function tellClicker(deps: SlackDeps, { respond, client }: ButtonArgs, click: Click, text: Mrkdwn): Promise<void> {
  try {
    if (click.hasResponseUrl) await respond({ response_type: 'ephemeral', replace_original: false, text: text.text });
    else {
      const note = slackMessage(text, [{ type: 'section', text: mrkdwnText(text) }]);
      await client.views.open({ trigger_id: click.triggerId, view: entryModal(deps.ctx.strings.home.title, note, deps.ctx.strings) });
    }
  } catch (error) {
    deps.logger.error(`Could not tell ${click.userId} "${text.text}":`, error);
  }
}

/**
 * Runs what a click does; if it fails (the team's board unreachable, most
 * likely), the failure is logged and the clicker told privately, rather than
 * the click doing nothing visible.
 */
export async function orTellClicker(deps: SlackDeps, args: ButtonArgs, click: Click, what: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    deps.logger.error(`Could not ${what} for ${click.userId}:`, error);
    await tellClicker(deps, args, click, text(deps.ctx.strings.errors[failureKind(error)]));
  }
}

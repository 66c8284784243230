import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { renderEntryAnswer } from '../../blocks/command.js';
import type { SlackDeps } from '../../deps.js';
import { readEntryButton } from './entry-button.js';

/**
 * "Share in channel": the same card posted for everyone through the
 * response_url (as the asking user's share), then the ephemeral one removed.
 * An ephemeral message cannot be turned into a channel message in place.
 */
export function createShareAnswerHandler(deps: SlackDeps) {
  return async ({ ack, body, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const click = readEntryButton(deps, body);
    if (!click) return;
    const { id, answer } = click;
    if (!answer) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: deps.ctx.strings.errors.unknownEntry(id) });
      return;
    }
    try {
      await respond({ response_type: 'in_channel', replace_original: false, ...renderEntryAnswer(answer, deps.ctx, { sharedBy: click.userId }) });
      await respond({ delete_original: true });
    } catch (error) {
      deps.logger.error(`Could not share entry "${id}":`, error);
    }
  };
}

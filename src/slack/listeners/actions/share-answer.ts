import { text } from '../../blocks/mrkdwn.js';
import type { SlackDeps } from '../../deps.js';
import { renderEntryAnswer } from '../../reply-message.js';
import { readClick, tellClicker, type ButtonArgs } from './click.js';

/**
 * "Share in channel": the same card posted for everyone through the
 * response_url (as the asking user's share), then the ephemeral one removed.
 * An ephemeral message cannot be turned into a channel message in place.
 * Only an ephemeral card has the button; a click on a message everyone sees
 * (an answer posted before that was so) only tells the clicker, since
 * removing it would let anyone delete someone else's answer.
 */
export function createShareAnswerHandler(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const click = readClick(deps, args.body);
    if (!click) return;
    if (!click.isEphemeral) {
      await tellClicker(deps, args, click, text(deps.ctx.strings.card.alreadyPublic));
      return;
    }
    const answer = deps.ctx.assistant.open(click.entryId);
    if (!answer) {
      await tellClicker(deps, args, click, text(deps.ctx.strings.errors.unknownEntry(click.entryId)));
      return;
    }
    try {
      await args.respond({ response_type: 'in_channel', replace_original: false, ...(await renderEntryAnswer(answer, deps.ctx, { sharedBy: click.userId })) });
    } catch (error) {
      deps.logger.error(`Could not share entry "${click.entryId}" in the channel:`, error);
      await tellClicker(deps, args, click, text(deps.ctx.strings.errors.generic));
      return;
    }
    try {
      await args.respond({ delete_original: true });
    } catch (error) {
      deps.logger.error(`Shared entry "${click.entryId}", but could not remove the ephemeral card:`, error);
    }
  };
}

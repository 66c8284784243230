import { text } from '../../blocks/mrkdwn.js';
import type { SlackDeps } from '../../deps.js';
import { readAnswerValue } from '../../payloads.js';
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
    // The entry and the question it answered (see answerValue); a card
    // posted before the value carried the question has the entry id alone.
    const read = readAnswerValue(click.value);
    const entryId = read.success ? read.answer.entry : click.entryId;
    const opened = deps.ctx.assistant.open(entryId);
    if (!opened) {
      await tellClicker(deps, args, click, text(deps.ctx.strings.errors.unknownEntry(entryId)));
      return;
    }
    // The shared card's votes are on the question it answered.
    const answer = read.success && read.answer.question ? { ...opened, query: read.answer.question } : opened;
    try {
      await args.respond({ response_type: 'in_channel', replace_original: false, ...(await renderEntryAnswer(answer, deps.ctx, { sharedBy: click.userId })) });
    } catch (error) {
      deps.logger.error(`Could not share entry "${entryId}" in the channel:`, error);
      await tellClicker(deps, args, click, text(deps.ctx.strings.errors.generic));
      return;
    }
    try {
      await args.respond({ delete_original: true });
    } catch (error) {
      deps.logger.error(`Shared entry "${entryId}", but could not remove the ephemeral card:`, error);
    }
  };
}

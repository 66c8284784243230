import { entryModal } from '../../blocks/modals.js';
import { text } from '../../blocks/mrkdwn.js';
import type { SlackDeps } from '../../deps.js';
import { renderEntryAnswer } from '../../reply-message.js';
import { readClick, tellClicker, type ButtonArgs } from './click.js';

/**
 * A related entry, a suggestion or a list item clicked: the entry's card,
 * replacing the ephemeral message it came from, as a new ephemeral message
 * when clicked on a message everyone sees, or in a modal from the App Home
 * (which has no response_url).
 */
export function createOpenEntryHandler(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const click = readClick(deps, args.body);
    if (!click) return;
    const answer = deps.ctx.assistant.open(click.entryId);
    if (answer?.kind !== 'entry') {
      await tellClicker(deps, args, click, text(deps.ctx.strings.errors.unknownEntry(click.entryId)));
      return;
    }
    try {
      if (click.hasResponseUrl) {
        await args.respond({ response_type: 'ephemeral', replace_original: click.isEphemeral, ...(await renderEntryAnswer(answer, deps.ctx, { ephemeral: true })) });
      } else {
        const card = await renderEntryAnswer(answer, deps.ctx);
        await args.client.views.open({ trigger_id: click.triggerId, view: entryModal(answer.entry.title, card, deps.ctx.strings) });
      }
    } catch (error) {
      deps.logger.error(`Could not open entry "${click.entryId}":`, error);
    }
  };
}

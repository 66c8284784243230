import { entryModal } from '../../blocks/modals.js';
import { text } from '../../blocks/mrkdwn.js';
import type { SlackDeps } from '../../deps.js';
import { renderOpened } from '../../reply-message.js';
import { orTellClicker, readClick, tellClicker, type ButtonArgs } from './click.js';

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
    await orTellClicker(deps, args, click, `open entry "${click.entryId}"`, async () => {
      const opened = await renderOpened(click.entryId, deps.ctx, { ephemeral: click.hasResponseUrl });
      if (!opened) {
        await tellClicker(deps, args, click, text(deps.ctx.strings.errors.unknownEntry(click.entryId)));
        return;
      }
      // The clicker's card stays; the note goes beside it.
      if ('note' in opened) {
        await tellClicker(deps, args, click, opened.note);
        return;
      }
      if (click.hasResponseUrl) {
        await args.respond({ response_type: 'ephemeral', replace_original: click.isEphemeral, ...opened.message });
      } else {
        await args.client.views.open({ trigger_id: click.triggerId, view: entryModal(opened.title, opened.message, deps.ctx.strings) });
      }
    });
  };
}

import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { renderEntryAnswer } from '../../blocks/command.js';
import { entryModal } from '../../blocks/digest.js';
import type { SlackDeps } from '../../deps.js';
import { readEntryButton } from './entry-button.js';

/**
 * A related entry, a suggestion or a list item clicked: the entry's card,
 * replacing the ephemeral message it came from, as a new ephemeral message
 * when clicked on a message everyone sees, or in a modal from the App Home
 * (which has no response_url).
 */
export function createOpenEntryHandler(deps: SlackDeps) {
  return async ({ ack, body, respond, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const click = readEntryButton(deps, body);
    if (!click) return;
    const { id, answer } = click;
    try {
      if (!click.hasResponseUrl) {
        if (answer?.kind === 'entry') {
          const card = renderEntryAnswer(answer, deps.ctx, { shareable: false });
          await client.views.open({ trigger_id: body.trigger_id, view: entryModal(answer.entry.title, card, deps.ctx.strings) });
        }
        return;
      }
      const message = answer ? renderEntryAnswer(answer, deps.ctx) : { text: deps.ctx.strings.errors.unknownEntry(id) };
      const isEphemeral = body.container?.is_ephemeral === true;
      await respond({ response_type: 'ephemeral', replace_original: isEphemeral, ...message });
    } catch (error) {
      deps.logger.error(`Could not open entry "${id}":`, error);
    }
  };
}

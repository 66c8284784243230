import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { renderEntryAnswer } from '../../blocks/command.js';
import type { SlackDeps } from '../../deps.js';
import { buttonActionSchema, describePayloadError } from '../../payloads.js';

/**
 * A related entry, a suggestion or a list item clicked: the entry's card,
 * replacing the ephemeral message it came from, or as a new ephemeral
 * message when clicked on a message everyone sees.
 */
export function createOpenEntryHandler(deps: SlackDeps) {
  return async ({ ack, body, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const parsed = buttonActionSchema.safeParse(body);
    if (!parsed.success) {
      deps.logger.warn(`Ignored a malformed button click: ${describePayloadError(parsed.error)}`);
      return;
    }
    const id = parsed.data.actions[0]!.value ?? '';
    const answer = deps.ctx.assistant.open(id);
    const message = answer ? renderEntryAnswer(answer, deps.ctx) : { text: deps.ctx.strings.errors.unknownEntry(id) };
    const isEphemeral = body.container?.is_ephemeral === true;
    try {
      await respond({ response_type: 'ephemeral', replace_original: isEphemeral, ...message });
    } catch (error) {
      deps.logger.error(`Could not open entry "${id}":`, error);
    }
  };
}

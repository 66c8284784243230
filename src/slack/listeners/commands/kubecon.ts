import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseCommandText } from '../../../core/commands.js';
import { formatZodError } from '../../../core/zod-errors.js';
import { renderCommand } from '../../reply-message.js';
import type { SlackDeps } from '../../deps.js';
import { questionFromSlack } from '../../question.js';
import { slashCommandSchema } from '../../payloads.js';
import { openProposeModal } from '../views/propose.js';

/** `/kubecon <text>`: answered in the acknowledgement itself, well within Slack's 3 seconds. */
export function createKubeconCommand(deps: SlackDeps) {
  return async ({ command, ack, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const parsed = slashCommandSchema.safeParse(command);
    if (!parsed.success) {
      deps.logger.warn(`Ignored a malformed slash command payload: ${formatZodError(parsed.error)}`);
      await ack({ response_type: 'ephemeral', text: deps.ctx.strings.errors.generic });
      return;
    }
    try {
      const parsedCommand = parseCommandText(questionFromSlack(parsed.data.text));
      // `/kubecon propose` opens its form at once: a trigger_id lasts 3 seconds.
      if (parsedCommand.name === 'propose' && parsed.data.trigger_id) {
        await ack();
        await openProposeModal(deps, client, parsed.data.trigger_id);
        return;
      }
      const message = await renderCommand(parsedCommand, deps.ctx, { ephemeral: true });
      await ack({ response_type: 'ephemeral', ...message });
    } catch (error) {
      deps.logger.error('Failed to answer /kubecon:', error);
      await ack({ response_type: 'ephemeral', text: deps.ctx.strings.errors.generic });
    }
  };
}

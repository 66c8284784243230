import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseCommandText } from '../../../core/commands.js';
import { formatZodError } from '../../../core/zod-errors.js';
import { commandReply } from '../../reply-message.js';
import type { SlackDeps } from '../../deps.js';
import { questionFromSlack } from '../../question.js';
import { slashCommandSchema } from '../../payloads.js';

/** A command payload without its channel still counts its question, in one channel of its own. */
const UNKNOWN_CHANNEL = 'unknown';

/** `/kubecon <text>`: answered in the acknowledgement itself, well within Slack's 3 seconds. */
export function createKubeconCommand(deps: SlackDeps) {
  return async ({ command, ack }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const parsed = slashCommandSchema.safeParse(command);
    if (!parsed.success) {
      deps.logger.warn(`Ignored a malformed slash command payload: ${formatZodError(parsed.error)}`);
      await ack({ response_type: 'ephemeral', text: deps.ctx.strings.errors.generic });
      return;
    }
    try {
      const { reply, message } = await commandReply(parseCommandText(questionFromSlack(parsed.data.text)), deps.ctx, { ephemeral: true });
      await ack({ response_type: 'ephemeral', ...message });
      // Once answered: the store's write runs behind the reply.
      if (reply.kind === 'answer') deps.ctx.gaps.note(reply.answer, parsed.data.channel_id ?? UNKNOWN_CHANNEL);
    } catch (error) {
      deps.logger.error('Failed to answer /kubecon:', error);
      await ack({ response_type: 'ephemeral', text: deps.ctx.strings.errors.generic });
    }
  };
}

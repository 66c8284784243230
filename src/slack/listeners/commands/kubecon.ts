import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseCommandText } from '../../../core/commands.js';
import { formatZodError } from '../../../core/zod-errors.js';
import { noteReply, replyOutcome } from '../../../core/reply.js';
import { failureKind } from '../../../core/tracker.js';
import { renderCommandReply } from '../../reply-message.js';
import type { SlackDeps } from '../../deps.js';
import { questionFromSlack } from '../../question.js';
import { slashCommandSchema } from '../../payloads.js';
import { openProposeModal } from '../views/propose.js';
import { secondsSince } from '../../metrics.js';

/** A command payload without its channel still counts its question, in one channel of its own. */
const UNKNOWN_CHANNEL = 'unknown';

/** `/kubecon <text>`: answered in the acknowledgement itself, well within Slack's 3 seconds. */
export function createKubeconCommand(deps: SlackDeps) {
  return async ({ command, ack, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const started = performance.now();
    const parsed = slashCommandSchema.safeParse(command);
    if (!parsed.success) {
      deps.logger.warn(`Ignored a malformed slash command payload: ${formatZodError(parsed.error)}`);
      await ack({ response_type: 'ephemeral', text: deps.ctx.strings.errors.generic });
      deps.metrics.request('slash', 'ignored');
      return;
    }
    try {
      const parsedCommand = parseCommandText(questionFromSlack(parsed.data.text));
      // `/kubecon propose` opens its form at once: a trigger_id lasts 3 seconds.
      if (parsedCommand.name === 'propose' && parsed.data.trigger_id) {
        await ack();
        await openProposeModal(deps, client, parsed.data.trigger_id);
        deps.metrics.request('slash', 'command', secondsSince(started));
        return;
      }
      const { reply, message } = await renderCommandReply(parsedCommand, deps.ctx, { ephemeral: true });
      await ack({ response_type: 'ephemeral', ...message });
      deps.metrics.request('slash', replyOutcome(reply), secondsSince(started));
      // Once answered: the store's write runs behind the reply.
      noteReply(reply, deps.ctx.gaps, parsed.data.channel_id ?? UNKNOWN_CHANNEL);
    } catch (error) {
      deps.logger.error('Failed to answer /kubecon:', error);
      deps.metrics.request('slash', 'error');
      await ack({ response_type: 'ephemeral', text: deps.ctx.strings.errors[failureKind(error)] });
    }
  };
}

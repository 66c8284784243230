import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { parseCommandText } from '../../../core/commands.js';
import { formatZodError } from '../../../core/zod-errors.js';
import { commandReply } from '../../reply-message.js';
import type { SlackDeps } from '../../deps.js';
import { questionFromSlack } from '../../question.js';
import { appMentionSchema } from '../../payloads.js';

/** `@kubecon c'est quoi loki ?`: answered in the thread the mention came from (or a new one under it). */
export function createAppMentionHandler(deps: SlackDeps) {
  return async ({ event, body, client, context }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs): Promise<void> => {
    // Slack retries an event it believes went unanswered; answer each event_id once.
    const eventId = typeof body.event_id === 'string' ? body.event_id : `${event.channel}:${event.ts}`;
    if (!deps.dedupe.firstTime(eventId)) {
      deps.logger.debug(`Skipped a repeated app_mention ${eventId}`);
      return;
    }
    const parsed = appMentionSchema.safeParse(event);
    if (!parsed.success) {
      deps.logger.warn(`Ignored a malformed app_mention: ${formatZodError(parsed.error)}`);
      return;
    }
    const mention = parsed.data;
    // Another bot mentioning us (or quoting our own answer) would start a
    // conversation between bots that nobody asked for.
    if (mention.bot_id) {
      deps.logger.debug(`Ignored a mention from bot ${mention.bot_id} in ${mention.channel}`);
      return;
    }
    const question = questionFromSlack(mention.text, context.botUserId);
    try {
      // The same words as after /kubecon: a question, or help, list, backlog…
      const { reply, message } = await commandReply(parseCommandText(question), deps.ctx);
      try {
        await client.chat.postMessage({
          channel: mention.channel,
          thread_ts: mention.thread_ts ?? mention.ts,
          unfurl_links: false,
          unfurl_media: false,
          ...message,
        });
      } finally {
        // After the answer went (or failed to): the question was asked either way.
        if (reply.kind === 'answer') deps.ctx.gaps.note(reply.answer, mention.channel);
      }
    } catch (error) {
      deps.logger.error(`Could not answer a mention in ${mention.channel}:`, error);
    }
  };
}

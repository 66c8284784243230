import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { parseCommandText } from '../../../core/commands.js';
import { formatZodError } from '../../../core/zod-errors.js';
import { noteReply, replyOutcome } from '../../../core/reply.js';
import { failureKind } from '../../../core/tracker.js';
import { renderCommandReply } from '../../reply-message.js';
import type { SlackMessage } from '../../blocks/limits.js';
import type { SlackDeps } from '../../deps.js';
import { questionFromSlack } from '../../question.js';
import { appMentionSchema } from '../../payloads.js';
import { secondsSince } from '../../metrics.js';

/**
 * `@kubecon c'est quoi loki ?`: answered in the thread the mention came from
 * (or a new one under it). The thread remembers the last entry answered in
 * it, so `@kubecon who presented it?` there follows up on that entry.
 */
export function createAppMentionHandler(deps: SlackDeps) {
  return async ({ event, body, client, context }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs): Promise<void> => {
    const started = performance.now();
    const parsed = appMentionSchema.safeParse(event);
    if (!parsed.success) {
      deps.logger.warn(`Ignored a malformed app_mention: ${formatZodError(parsed.error)}`);
      deps.metrics.request('mention', 'ignored');
      return;
    }
    const mention = parsed.data;
    // Another bot mentioning us (or quoting our own answer) would start a
    // conversation between bots that nobody asked for.
    if (mention.bot_id) {
      deps.logger.debug(`Ignored a mention from bot ${mention.bot_id} in ${mention.channel}`);
      deps.metrics.request('mention', 'ignored');
      return;
    }
    const question = questionFromSlack(mention.text, context.botUserId);
    const thread = mention.thread_ts ?? mention.ts;
    // A thread is one conversation in one channel (a ts is unique only within its channel).
    const conversation = `${mention.channel}:${thread}`;
    // Slack retries an event it believes went unanswered; answer each event_id once.
    // The thread's subject is read meanwhile: with a silent store, the two waits are one.
    const eventId = typeof body.event_id === 'string' ? body.event_id : `${event.channel}:${event.ts}`;
    const [first, turn] = await Promise.all([deps.dedupe.firstTime(eventId), deps.conversations.turn(conversation)]);
    if (!first) {
      deps.logger.debug(`Skipped a repeated app_mention ${eventId}`);
      deps.metrics.request('mention', 'ignored');
      return;
    }
    const post = (message: SlackMessage | { text: string }) => client.chat.postMessage({ channel: mention.channel, thread_ts: thread, unfurl_links: false, unfurl_media: false, ...message });
    let answer;
    try {
      // The same words as after /kubecon: a question, or help, list, backlog…
      answer = await renderCommandReply(parseCommandText(question), deps.ctx, turn.subject !== undefined ? { subject: turn.subject } : {});
    } catch (error) {
      // Whoever asked is told in the thread, as /kubecon tells them, rather than left with nothing.
      deps.logger.error(`Could not answer a mention in ${mention.channel}:`, error);
      deps.metrics.request('mention', 'error');
      await post({ text: deps.ctx.strings.errors[failureKind(error)] }).catch((postError: unknown) => deps.logger.error(`Could not tell ${mention.channel} the mention went unanswered:`, postError));
      return;
    }
    const { reply, message } = answer;
    try {
      // Remembered before the answer is posted: a follow-up typed as soon as
      // the answer shows (or landing on another replica) reads this subject.
      await turn.remember(reply);
      try {
        await post(message);
      } finally {
        // After the answer went (or failed to): the question was asked either way.
        noteReply(reply, deps.ctx.gaps, mention.channel);
      }
      deps.metrics.request('mention', replyOutcome(reply), secondsSince(started));
    } catch (error) {
      deps.logger.error(`Could not answer a mention in ${mention.channel}:`, error);
      deps.metrics.request('mention', 'error');
    }
  };
}

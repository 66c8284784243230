import type { KnownBlock } from '@slack/types';
import type { GapsReply } from '../../core/reply.js';
import type { UnansweredQuestion } from '../../core/store.js';
import type { Strings } from '../../locale/index.js';
import { formatWhen } from '../../locale/format.js';
import { slackMessage, truncate, type SlackMessage } from './limits.js';
import { joinMrkdwn, md, mrkdwnText, plainText, text, type Mrkdwn } from './mrkdwn.js';

/** The questions as lines: each as typed (escaped), then how often, when last, where. */
export function unansweredLines(questions: readonly UnansweredQuestion[], strings: Strings, timeZone: string): Mrkdwn {
  return joinMrkdwn(
    questions.map((q) => md`• *${truncate(q.question, 200)}*  ·  ${strings.gaps.asked(q.count, formatWhen(q.lastAsked, strings, timeZone), q.channels)}`),
    '\n',
  );
}

/** `/kubecon gaps`: the most asked unanswered questions, then the answers found unhelpful. */
export function renderGaps(reply: GapsReply, strings: Strings, timeZone: string): SlackMessage {
  const { unanswered, unhelpful } = reply;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plainText(strings.gaps.title) },
    { type: 'section', text: mrkdwnText(md`*${strings.gaps.unanswered}*\n${unanswered.length > 0 ? unansweredLines(unanswered, strings, timeZone) : text(strings.gaps.noUnanswered)}`) },
    {
      type: 'section',
      text: mrkdwnText(
        md`*${strings.gaps.unhelpful}*\n${
          unhelpful.length > 0
            ? joinMrkdwn(unhelpful.map((u) => md`• *${truncate(u.question, 200)}*  ·  ${strings.gaps.unhelpfulVotes(u.entryId, u.count)}`), '\n')
            : text(strings.gaps.noUnhelpful)
        }`,
      ),
    },
  ];
  return slackMessage(text(strings.gaps.title), blocks);
}

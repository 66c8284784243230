import { voteSaid } from '../../../locale/index.js';
import { text } from '../../blocks/mrkdwn.js';
import type { SlackDeps } from '../../deps.js';
import { readAnswerValue } from '../../payloads.js';
import { readClick, tellClicker, type ButtonArgs } from './click.js';

/**
 * 👍 / 👎 under an answer: the vote is recorded (a second click by the same
 * person on the same question and entry changes their vote), and only the
 * clicker is thanked. The card itself never changes: others see it as it was.
 */
export function createVoteHandler(deps: SlackDeps, helpful: boolean) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const click = readClick(deps, args.body);
    if (!click) return;
    const read = readAnswerValue(click.value);
    if (!read.success) {
      deps.logger.warn(`Ignored a vote whose button value cannot be read: ${read.problem}`);
      await tellClicker(deps, args, click, text(deps.ctx.strings.errors.generic));
      return;
    }
    deps.metrics.answerVote(helpful);
    const outcome = await deps.ctx.gaps.vote({ entryId: read.answer.entry, question: read.answer.question, voter: click.userId, helpful });
    await tellClicker(deps, args, click, text(voteSaid(deps.ctx.strings, outcome)));
  };
}

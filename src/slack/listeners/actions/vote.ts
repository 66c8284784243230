import { formatZodError } from '../../../core/zod-errors.js';
import { text } from '../../blocks/mrkdwn.js';
import type { SlackDeps } from '../../deps.js';
import { voteValueSchema } from '../../payloads.js';
import { readClick, tellClicker, type ButtonArgs } from './click.js';

/** The button's value as JSON, or what is wrong with it. */
function readVoteValue(value: string) {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return { success: false as const, problem: 'the value is not JSON' };
  }
  const parsed = voteValueSchema.safeParse(json);
  return parsed.success ? { success: true as const, vote: parsed.data } : { success: false as const, problem: formatZodError(parsed.error) };
}

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
    const read = readVoteValue(click.value);
    if (!read.success) {
      deps.logger.warn(`Ignored a vote whose button value cannot be read: ${read.problem}`);
      await tellClicker(deps, args, click, text(deps.ctx.strings.errors.generic));
      return;
    }
    await deps.ctx.gaps.vote({ entryId: read.vote.entry, question: read.vote.question, voter: click.userId, helpful });
    await tellClicker(deps, args, click, text(helpful ? deps.ctx.strings.vote.thanks : deps.ctx.strings.vote.thanksUnhelpful));
  };
}

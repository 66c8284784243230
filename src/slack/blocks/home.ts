import type { HomeView, KnownBlock } from '@slack/types';
import type { BoardReply, BoardUnreachableReply } from '../../core/reply.js';
import type { Strings } from '../../locale/index.js';
import { formatWhen } from '../../locale/format.js';
import { actionButton, openEntryButton } from './actions.js';
import { describeToolState, titleWithPriority } from './elements.js';
import { toolBlockId } from './ids.js';
import { unansweredLines } from './gaps.js';
import { toolReasonMrkdwn, type KnowledgeMrkdwn } from './knowledge-mrkdwn.js';
import { SLACK_LIMITS, slackMessage } from './limits.js';
import { joinMrkdwn, md, mention, mrkdwnText, plainText, say, text } from './mrkdwn.js';

/** The App Home tab: the team's board, next digest date on top; or, when the board cannot be read, why. */
export function renderHome(board: BoardReply | BoardUnreachableReply, strings: Strings, knowledge: KnowledgeMrkdwn, timeZone: string): HomeView {
  if (board.kind === 'board-unreachable') {
    return { type: 'home', blocks: [{ type: 'header', text: plainText(strings.home.title) }, { type: 'section', text: mrkdwnText(text(strings.errors.boardUnreachable)) }] };
  }
  const { rows, nextRun, reviews } = board;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plainText(strings.home.title) },
    { type: 'context', elements: [mrkdwnText(md`:calendar: ${nextRun ? strings.digest.next(formatWhen(nextRun, strings, timeZone)) : strings.digest.notScheduled}`)] },
    { type: 'section', text: mrkdwnText(text(strings.home.intro)) },
  ];
  if (reviews) blocks.push({ type: 'context', elements: [mrkdwnText(md`:mag: ${text(strings.home.stale(reviews.stale, reviews.days))}`)] });
  const boardButtons = board.actions.map((action) => actionButton(action, strings));
  if (boardButtons.length > 0) blocks.push({ type: 'actions', elements: boardButtons });
  if (rows.length === 0) blocks.push({ type: 'section', text: mrkdwnText(text(strings.home.empty)) });
  for (const row of rows) {
    blocks.push({ type: 'divider' });
    blocks.push({
      type: 'section',
      text: mrkdwnText(md`${titleWithPriority(row.item, strings)}\n${toolReasonMrkdwn(knowledge, row.item)}\n${describeToolState(row.state, strings)}`),
      accessory: openEntryButton(row.open.entry),
    });
    const earlier = (row.state?.verdicts ?? []).slice(0, -1);
    if (earlier.length > 0) {
      blocks.push({
        type: 'context',
        elements: [mrkdwnText(joinMrkdwn(earlier.map((v) => say(strings.status.evaluated, strings.verdictShort[v.verdict], mention(v.by))), '  ·  '))],
      });
    }
    const buttons = row.actions.map((action) => actionButton(action, strings));
    if (buttons.length > 0) blocks.push({ type: 'actions', block_id: toolBlockId(row.item.entry.id), elements: buttons });
  }
  // --- Knowledge gaps: under the board ---
  if (board.unanswered.length > 0) {
    blocks.push({ type: 'divider' }, { type: 'section', text: mrkdwnText(md`*${strings.gaps.homeTitle}*
${unansweredLines(board.unanswered, strings, timeZone)}`) });
  }
  const fitted = slackMessage(text(strings.home.title), blocks, SLACK_LIMITS.viewBlocks);
  return { type: 'home', blocks: fitted.blocks };
}

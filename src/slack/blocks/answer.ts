import type { ActionsBlock, ContextBlock, KnownBlock } from '@slack/types';
import type { Answer } from '../../core/answer.js';
import type { AnswerReply } from '../../core/reply.js';
import { SLASH_COMMAND } from '../../core/commands.js';
import type { Strings } from '../../locale/index.js';
import { formatDay } from '../../locale/format.js';
import { slackMessage, type SlackMessage } from './limits.js';
import { joinMrkdwn, md, mention, mrkdwnText, plainText, say, text, type Mrkdwn } from './mrkdwn.js';
import { actionButton } from './actions.js';
import { describeToolState, MATURITY_EMOJI, PRIORITY_EMOJI } from './elements.js';
import { backlogReasonMrkdwn, type KnowledgeMrkdwn } from './knowledge-mrkdwn.js';

export interface CardOptions {
  /** Shown in the channel: who shared it (the core's reply then offers only the votes). */
  sharedBy?: string;
}

type EntryReply = AnswerReply & { answer: Extract<Answer, { kind: 'entry' }> };
type NoneReply = AnswerReply & { answer: Extract<Answer, { kind: 'none' }> };

function badges(reply: EntryReply, strings: Strings): ContextBlock {
  const { answer, tool } = reply;
  const { entry, backlog } = answer;
  // A tool with a verdict or dismissed has no "to try" badge: its status line says what became of it.
  const settled = tool?.status === 'evaluated' || tool?.status === 'dismissed';
  const parts: Mrkdwn[] = [];
  if (entry.cncf_maturity) parts.push(md`${MATURITY_EMOJI[entry.cncf_maturity]!} *${strings.maturityBadge(entry.cncf_maturity)}*`);
  parts.push(md`_${strings.kind[entry.kind]}_`);
  parts.push(say(strings.card.event, answer.event.title));
  if (backlog && !settled) parts.push(md`${PRIORITY_EMOJI[backlog.priority]!} *${strings.card.toTry(strings.priority[backlog.priority])}*`);
  if (tool) parts.push(describeToolState(tool.state, strings));
  if (reply.statusUnavailable) parts.push(md`:grey_question: ${strings.card.statusUnavailable}`);
  return { type: 'context', elements: [mrkdwnText(joinMrkdwn(parts, '  ·  '))] };
}

function entryCard(reply: EntryReply, strings: Strings, knowledge: KnowledgeMrkdwn, options: CardOptions): SlackMessage {
  const { answer } = reply;
  const { entry } = answer;
  const converted = knowledge.of(entry);
  const blocks: KnownBlock[] = [
    { type: 'header', text: plainText(entry.title) },
    badges(reply, strings),
    { type: 'section', text: mrkdwnText(converted.summary) },
  ];
  if (converted.keyPoints) blocks.push({ type: 'section', text: mrkdwnText(md`*${strings.card.keyPoints}*\n${converted.keyPoints}`) });
  if (answer.backlog) {
    blocks.push({ type: 'section', text: mrkdwnText(md`:test_tube: ${backlogReasonMrkdwn(knowledge, answer.backlog.entry)}`) });
  }
  if (converted.links) blocks.push({ type: 'section', text: mrkdwnText(md`*${strings.card.links}*\n${converted.links}`) });
  const context: Mrkdwn[] = [text(strings.card.source(entry.source.title, entry.source.publisher))];
  if (entry.reviewed) context.push(text(strings.card.reviewed(formatDay(entry.reviewed, strings))));
  if (options.sharedBy) context.push(say(strings.card.sharedBy, mention(options.sharedBy)));
  blocks.push({ type: 'context', elements: [mrkdwnText(joinMrkdwn(context, '  ·  '))] });

  if (!options.sharedBy && answer.related.length > 0) blocks.push({ type: 'section', text: mrkdwnText(md`*${strings.card.related}*`) });
  const buttons = reply.actions.map((action) => actionButton(action, strings));
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons } satisfies ActionsBlock);

  const maturity = entry.cncf_maturity ? ` (${strings.maturityBadge(entry.cncf_maturity)})` : '';
  return slackMessage(md`${entry.title}${maturity}${strings.colon}${entry.summary}`, blocks);
}

function noneCard(reply: NoneReply, strings: Strings): SlackMessage {
  const { answer } = reply;
  const title = text(strings.none.title(answer.query));
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwnText(title) }];
  if (reply.suggestedCommand) blocks.push({ type: 'section', text: mrkdwnText(text(strings.none.command(`${SLASH_COMMAND} ${reply.suggestedCommand}`))) });
  if (reply.actions.length > 0) {
    blocks.push({ type: 'section', text: mrkdwnText(text(strings.none.didYouMean)) });
    blocks.push({ type: 'actions', elements: reply.actions.map((action) => actionButton(action, strings)) });
  }
  blocks.push({ type: 'context', elements: [mrkdwnText(text(strings.none.hint(`${SLASH_COMMAND} list`)))] });
  const suggestions = answer.suggestions.length > 0 ? ` ${strings.none.didYouMean} ${answer.suggestions.map((e) => e.title).join(', ')}` : '';
  return slackMessage(md`${title}${suggestions}`, blocks);
}

/** `(reply, strings, knowledge) => { text, blocks }`: the card for any answer. */
export function renderAnswer(reply: AnswerReply, strings: Strings, knowledge: KnowledgeMrkdwn, options: CardOptions = {}): SlackMessage {
  const { answer } = reply;
  switch (answer.kind) {
    case 'entry':
      return entryCard({ ...reply, answer }, strings, knowledge, options);
    case 'none':
      return noneCard({ ...reply, answer }, strings);
    case 'empty':
      return slackMessage(text(strings.empty), [{ type: 'section', text: mrkdwnText(text(strings.empty)) }]);
  }
}

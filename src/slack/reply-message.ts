import type { Answer } from '../core/answer.js';
import type { ParsedCommand } from '../core/commands.js';
import { answerReply, openReply, replyTo, type Reply, type ReplyOptions } from '../core/reply.js';
import { renderAnswer } from './blocks/answer.js';
import { renderReply, type SlackRenderContext, type SlackReplyOptions } from './blocks/command.js';
import type { SlackMessage } from './blocks/limits.js';
import { renderProposal } from './blocks/proposal.js';
import { text, type Mrkdwn } from './blocks/mrkdwn.js';

// The core's reply is read first (it may wait on the store), then built by the pure builders in blocks/.

/** What `/kubecon <text>` (or a mention) shows in Slack. */
export async function renderCommand(command: ParsedCommand, ctx: SlackRenderContext, options: SlackReplyOptions = {}): Promise<SlackMessage> {
  return (await renderCommandReply(command, ctx, options)).message;
}

/** The same, with the core's reply it was built from (what it answered about). */
export async function renderCommandReply(
  command: ParsedCommand,
  ctx: SlackRenderContext,
  options: SlackReplyOptions & Pick<ReplyOptions, 'subject'> = {},
): Promise<{ reply: Reply; message: SlackMessage }> {
  const { ephemeral, subject, ...card } = options;
  const reply = await replyTo(command, ctx, { privateToAsker: Boolean(ephemeral), ...(subject !== undefined && { subject }) });
  return { reply, message: renderReply(reply, ctx.strings, ctx.mrkdwn, ctx.timeZone, card) };
}

/** An entry's card (a button opened it, or it is shared), with its live backlog status when it is a tool to try. */
export async function renderEntryAnswer(answer: Answer, ctx: SlackRenderContext, options: SlackReplyOptions = {}): Promise<SlackMessage> {
  const { ephemeral, ...card } = options;
  const shared = Boolean(card.sharedBy);
  return renderAnswer(await answerReply(answer, ctx.tracker, { privateToAsker: Boolean(ephemeral), ...(shared && { shared, votes: true }) }), ctx.strings, ctx.mrkdwn, card);
}

/**
 * What an open button shows: an entry's card, or a proposed tool's (a note
 * for the clicker when the board that holds it cannot be reached); undefined
 * for an id that is neither.
 */
export async function renderOpened(
  id: string,
  ctx: SlackRenderContext,
  options: SlackReplyOptions = {},
): Promise<{ title: string; message: SlackMessage } | { note: Mrkdwn } | undefined> {
  const { ephemeral, ...card } = options;
  const reply = await openReply(id, ctx, { privateToAsker: Boolean(ephemeral) });
  if (!reply) return undefined;
  if (reply.kind === 'board-unreachable') return { note: text(ctx.strings.errors.boardUnreachable) };
  if (reply.kind === 'proposal') return { title: reply.tool.item.entry.title, message: renderProposal(reply, ctx.strings) };
  if (reply.answer.kind !== 'entry') return undefined;
  return { title: reply.answer.entry.title, message: renderAnswer(reply, ctx.strings, ctx.mrkdwn, card) };
}

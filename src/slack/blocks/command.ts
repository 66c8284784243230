import type { Reply, ReplyContext } from '../../core/reply.js';
import type { Strings } from '../../locale/index.js';
import { renderAnswer, type CardOptions } from './answer.js';
import { renderBacklog, renderHelp, renderList } from './catalogue.js';
import { renderDigest } from './digest.js';
import { renderGaps } from './gaps.js';
import type { KnowledgeMrkdwn } from './knowledge-mrkdwn.js';
import { slackMessage, type SlackMessage } from './limits.js';
import { mrkdwnText, text } from './mrkdwn.js';
import { renderProposal, renderProposeInvitation } from './proposal.js';

export interface SlackReplyOptions extends CardOptions {
  /** Only the asker sees the message (a slash command's answer, or a card opened from one): it offers to share it. */
  ephemeral?: boolean;
}

/** What the Slack messages are built from: the core's context, the locale, and the knowledge as mrkdwn (see prepareKnowledgeMrkdwn). */
export type SlackRenderContext = ReplyContext & { strings: Strings; timeZone: string; mrkdwn: KnowledgeMrkdwn };

/** Any reply as a Slack message. */
export function renderReply(reply: Reply, strings: Strings, knowledge: KnowledgeMrkdwn, timeZone: string, options: CardOptions = {}): SlackMessage {
  switch (reply.kind) {
    case 'answer':
      return renderAnswer(reply, strings, knowledge, options);
    case 'help':
      return renderHelp(reply, strings);
    case 'list':
      return renderList(reply, strings);
    case 'backlog':
      return renderBacklog(reply, strings, knowledge);
    case 'digest':
      return renderDigest(reply, strings, knowledge, timeZone);
    case 'gaps':
      return renderGaps(reply, strings, timeZone);
    case 'propose':
      return renderProposeInvitation(reply, strings);
    case 'proposal':
      return renderProposal(reply, strings);
    case 'board-unreachable':
      return boardUnreachableMessage(strings);
  }
}

/** What a person is told when what they asked for needs the team's board and it cannot be reached. */
export function boardUnreachableMessage(strings: Strings): SlackMessage {
  const said = text(strings.errors.boardUnreachable);
  return slackMessage(said, [{ type: 'section', text: mrkdwnText(said) }]);
}

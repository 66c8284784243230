import type { KnownBlock } from '@slack/types';
import { PROPOSE_COMMAND_EXAMPLE } from '../../core/proposal.js';
import type { ProposalReply, ProposeReply } from '../../core/reply.js';
import type { Strings } from '../../locale/index.js';
import { actionButton } from './actions.js';
import { describeToolState, proposedByMrkdwn, titleWithPriority } from './elements.js';
import { toolBlockId } from './ids.js';
import { slackMessage, type SlackMessage } from './limits.js';
import { link, md, mrkdwnText, plainText, text } from './mrkdwn.js';

/** A proposed tool's minimal card: title and priority, why, its link, who proposed it and when, where the team stands. */
export function renderProposal(reply: ProposalReply, strings: Strings): SlackMessage {
  const { item, state } = reply.tool;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plainText(item.entry.title) },
    { type: 'section', text: mrkdwnText(md`${titleWithPriority(item, strings)}\n:test_tube: ${text(item.reason)}`) },
    { type: 'section', text: mrkdwnText(md`*${strings.card.links}*\n• ${link(item.url, item.url)}`) },
    { type: 'context', elements: [mrkdwnText(md`${proposedByMrkdwn(item, strings)}  ·  ${describeToolState(state, strings)}`)] },
  ];
  const buttons = reply.actions.map((action) => actionButton(action, strings));
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: toolBlockId(item.entry.id), elements: buttons });
  return slackMessage(md`${item.entry.title}${strings.colon}${item.reason}`, blocks);
}

/** `/kubecon propose` where no modal can open at once (a mention): the button that opens it. */
export function renderProposeInvitation(reply: ProposeReply, strings: Strings): SlackMessage {
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwnText(text(strings.propose.title)) },
    { type: 'context', elements: [mrkdwnText(md`${strings.propose.elsewhere} ${PROPOSE_COMMAND_EXAMPLE}`)] },
    { type: 'actions', elements: reply.actions.map((action) => actionButton(action, strings)) },
  ];
  return slackMessage(text(strings.propose.title), blocks);
}

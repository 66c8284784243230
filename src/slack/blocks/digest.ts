import type { ActionsBlock, KnownBlock } from '@slack/types';
import type { DigestReply } from '../../core/reply.js';
import type { Strings } from '../../locale/index.js';
import { formatWhen } from '../../locale/format.js';
import { actionButton } from './actions.js';
import { describeToolState, PRIORITY_EMOJI, proposedByMrkdwn, titleWithPriority } from './elements.js';
import { toolBlockId } from './ids.js';
import { toolReasonMrkdwn, type KnowledgeMrkdwn } from './knowledge-mrkdwn.js';
import { slackMessage, truncate, type SlackMessage } from './limits.js';
import { joinMrkdwn, link, md, mention, mrkdwnText, plainText, say, text, type Mrkdwn } from './mrkdwn.js';

function toolOfTheWeek(reply: DigestReply, strings: Strings, knowledge: KnowledgeMrkdwn): KnownBlock[] {
  const { digest } = reply;
  const { tool } = digest;
  if (!tool) return [{ type: 'section', text: mrkdwnText(text(strings.digest.noTool)) }];
  const { entry } = tool;
  const blocks: KnownBlock[] = [
    // A proposed tool has no summary of its own (it is not in the knowledge): who proposed it stands there.
    { type: 'section', text: mrkdwnText(md`${titleWithPriority(tool, strings)}\n${tool.source === 'proposed' ? proposedByMrkdwn(tool, strings) : knowledge.of(entry).summary}`) },
    { type: 'section', text: mrkdwnText(md`*${strings.digest.why}*\n${toolReasonMrkdwn(knowledge, tool)}`) },
  ];
  if (entry.links.length > 0) {
    blocks.push({ type: 'context', elements: [mrkdwnText(joinMrkdwn(entry.links.map((l) => link(l.url, l.title)), '  ·  '))] });
  }
  blocks.push({ type: 'context', elements: [mrkdwnText(describeToolState(digest.toolState, strings))] });
  const buttons = reply.actions.map((action) => actionButton(action, strings));
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: toolBlockId(entry.id), elements: buttons } satisfies ActionsBlock);
  return blocks;
}

function backlogState(digest: DigestReply['digest'], strings: Strings): KnownBlock[] {
  const { summary } = digest;
  const lines: Mrkdwn[] = [];
  if (summary.claimed.length > 0) {
    lines.push(md`*${strings.digest.claimedList}*`, ...summary.claimed.map((c) => md`• ${c.item.entry.title}${strings.colon}${say(strings.status.claimed, mention(c.by))}`));
  }
  if (summary.verdictsSince.length > 0) {
    const titleOf = (id: string) => summary.evaluated.find((e) => e.item.entry.id === id)?.item.entry.title ?? id;
    lines.push(
      md`*${digest.since ? strings.digest.verdictsSince : strings.digest.verdictsAll}*`,
      ...summary.verdictsSince.map(
        (v) => md`• ${titleOf(v.entryId)}${strings.colon}${say(strings.status.evaluated, strings.verdictShort[v.verdict], mention(v.by))}${v.comment ? md`${strings.colon}_${truncate(v.comment, 200)}_` : ''}`,
      ),
    );
  }
  lines.push(
    md`*${strings.digest.left(summary.open.length)}*`,
    summary.open.length > 0 ? joinMrkdwn(summary.open.map((i) => md`${PRIORITY_EMOJI[i.priority]!} ${i.entry.title}`), '  ·  ') : text(strings.digest.nothingLeft),
  );
  if (summary.dismissed.length > 0) lines.push(md`*${strings.digest.dismissedList}*${strings.colon}${summary.dismissed.map((i) => i.entry.title).join(', ')}`);
  return [
    { type: 'divider' },
    { type: 'section', text: mrkdwnText(md`*${strings.digest.state}*`) },
    { type: 'section', text: mrkdwnText(joinMrkdwn(lines, '\n')) },
  ];
}

/** The weekly digest (or its preview): the tool of the week with its buttons, then the backlog's state. */
export function renderDigest(reply: DigestReply, strings: Strings, knowledge: KnowledgeMrkdwn, timeZone: string): SlackMessage {
  const { digest } = reply;
  const blocks: KnownBlock[] = [];
  if (reply.preview) {
    const note = digest.nextRun ? strings.digest.preview(formatWhen(digest.nextRun, strings, timeZone)) : strings.digest.notScheduled;
    blocks.push({ type: 'context', elements: [mrkdwnText(md`:calendar: ${note}`)] });
  }
  blocks.push({ type: 'header', text: plainText(strings.digest.title) });
  blocks.push(...toolOfTheWeek(reply, strings, knowledge), ...backlogState(digest, strings));
  if (digest.unanswered) {
    blocks.push({ type: 'context', elements: [mrkdwnText(md`:grey_question: ${strings.gaps.digestLine(digest.unanswered.count, truncate(digest.unanswered.top, 200))}`)] });
  }
  if (!reply.preview && digest.nextRun) {
    blocks.push({ type: 'context', elements: [mrkdwnText(md`:calendar: ${strings.digest.next(formatWhen(digest.nextRun, strings, timeZone))}`)] });
  }
  return slackMessage(text(digest.tool ? strings.digest.fallback(digest.tool.entry.title) : strings.digest.noTool), blocks);
}

import type { KnownBlock } from '@slack/types';
import { SLASH_COMMAND } from '../../core/commands.js';
import type { BacklogReply, HelpReply, ListReply } from '../../core/reply.js';
import type { Strings } from '../../locale/index.js';
import { formatList } from '../../locale/format.js';
import { actionButton } from './actions.js';
import { describeToolState, titleWithPriority } from './elements.js';
import { toolReasonMrkdwn, type KnowledgeMrkdwn } from './knowledge-mrkdwn.js';
import { SLACK_LIMITS, slackMessage, type SlackMessage } from './limits.js';
import { joinMrkdwn, md, mrkdwnText, plainText, text } from './mrkdwn.js';

/** Help, generated from the subcommand list so it can never miss one, naming the events the knowledge covers. */
export function renderHelp(reply: HelpReply, strings: Strings): SlackMessage {
  const { events } = reply;
  const covers = strings.help.covers(formatList(events.map((e) => e.title), strings), events.length);
  const lines = joinMrkdwn(
    [
      md`• \`${SLASH_COMMAND} <question>\`${strings.colon}${strings.help.commands.ask}`,
      ...reply.commands.map((c) => {
        const aliases = c.aliases.map((a) => `\`${a}\``);
        const also = aliases.length > 0 ? ` (${aliases.join(', ')})` : '';
        return md`• \`${SLASH_COMMAND} ${c.name}\`${also}${strings.colon}${strings.help.commands[c.name]}`;
      }),
    ],
    '\n',
  );
  return slackMessage(md`${strings.help.title}\n${covers}\n${lines}\n${strings.help.mention}`, [
    { type: 'header', text: plainText(strings.help.title) },
    { type: 'context', elements: [mrkdwnText(text(covers))] },
    { type: 'section', text: mrkdwnText(md`*${strings.help.usage}*\n${lines}`) },
    { type: 'context', elements: [mrkdwnText(text(strings.help.mention))] },
  ]);
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `list`: event by event, each event's entries by CNCF maturity and kind, each openable. */
export function renderList(reply: ListReply, strings: Strings): SlackMessage {
  const blocks: KnownBlock[] = [
    { type: 'header', text: plainText(strings.list.title) },
    { type: 'context', elements: [mrkdwnText(text(strings.list.count(reply.count)))] },
  ];
  const fallback: string[] = [strings.list.title];
  for (const { event, groups } of reply.events) {
    blocks.push({ type: 'divider' }, { type: 'section', text: mrkdwnText(md`:calendar: *${event.title}*`) });
    fallback.push(event.title);
    for (const { group, actions } of groups) {
      blocks.push({ type: 'section', text: mrkdwnText(md`*${strings.group[group]}* (${actions.length})`) });
      for (const row of chunk(actions, SLACK_LIMITS.actionsElements)) {
        blocks.push({ type: 'actions', elements: row.map((action) => actionButton(action, strings)) });
      }
      fallback.push(`${strings.group[group]}${strings.colon}${actions.map((a) => a.entry.title).join(', ')}`);
    }
  }
  return slackMessage(text(fallback.join('\n')), blocks);
}

export function renderBacklog(reply: BacklogReply, strings: Strings, knowledge: KnowledgeMrkdwn): SlackMessage {
  const { rows } = reply;
  if (rows.length === 0) {
    return slackMessage(text(strings.backlog.empty), [{ type: 'section', text: mrkdwnText(text(strings.backlog.empty)) }]);
  }
  const blocks: KnownBlock[] = [
    { type: 'header', text: plainText(strings.backlog.title) },
    { type: 'context', elements: [mrkdwnText(text(strings.backlog.intro))] },
  ];
  for (const { item, state, open } of rows) {
    blocks.push({
      type: 'section',
      text: mrkdwnText(md`${titleWithPriority(item, strings)}\n${toolReasonMrkdwn(knowledge, item)}\n${describeToolState(state, strings)}`),
      accessory: actionButton(open, strings),
    });
  }
  const fallback = [strings.backlog.title, ...rows.map(({ item }) => `${item.entry.title} (${strings.priority[item.priority]})${strings.colon}${item.reason}`)];
  return slackMessage(text(fallback.join('\n')), blocks);
}

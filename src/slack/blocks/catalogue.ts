import type { KnownBlock } from '@slack/types';
import type { BoardRow } from '../../core/tracker.js';
import type { EntryGroup } from '../../core/catalogue.js';
import { SLASH_COMMAND, SUBCOMMANDS } from '../../core/commands.js';
import type { Entry } from '../../core/entry.js';
import type { Strings } from '../../locale/index.js';
import { describeToolState } from './digest.js';
import { openEntryButton, PRIORITY_EMOJI } from './elements.js';
import { escapeSlackText, fitToSlackLimits, SLACK_LIMITS, type SlackMessage } from './limits.js';
import { markdownToMrkdwn } from './mrkdwn.js';

/** Help, generated from the subcommand list so it can never miss one. */
export function renderHelp(strings: Strings): SlackMessage {
  const lines = [
    `• \`${SLASH_COMMAND} <question>\` : ${strings.help.commands.ask}`,
    ...SUBCOMMANDS.map((c) => {
      const aliases = c.aliases.map((a) => `\`${a}\``);
      const also = aliases.length > 0 ? ` (${aliases.join(', ')})` : '';
      return `• \`${SLASH_COMMAND} ${c.name}\`${also} : ${strings.help.commands[c.name]}`;
    }),
  ];
  return fitToSlackLimits({
    text: `${strings.help.title}\n${lines.join('\n')}\n${strings.help.mention}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: strings.help.title, emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: `*${strings.help.usage}*\n${lines.join('\n')}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: strings.help.mention }] },
    ],
  });
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function renderList(groups: { group: EntryGroup; entries: Entry[] }[], strings: Strings): SlackMessage {
  const total = groups.reduce((n, g) => n + g.entries.length, 0);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: strings.list.title, emoji: true } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: strings.list.count(total) }] },
  ];
  const text: string[] = [strings.list.title];
  for (const { group, entries } of groups) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${strings.group[group]}* (${entries.length})` } });
    for (const row of chunk(entries, SLACK_LIMITS.actionsElements)) {
      blocks.push({ type: 'actions', elements: row.map(openEntryButton) });
    }
    text.push(`${strings.group[group]} : ${entries.map((e) => e.title).join(', ')}`);
  }
  return fitToSlackLimits({ text: text.join('\n'), blocks });
}

export function renderBacklog(rows: readonly BoardRow[], strings: Strings): SlackMessage {
  if (rows.length === 0) {
    return fitToSlackLimits({ text: strings.backlog.empty, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: strings.backlog.empty } }] });
  }
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: strings.backlog.title, emoji: true } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: strings.backlog.intro }] },
  ];
  for (const { item, state } of rows) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${PRIORITY_EMOJI[item.priority]} *${escapeSlackText(item.entry.title)}* · ${strings.priority[item.priority]}\n${markdownToMrkdwn(item.reason)}\n${describeToolState(state, strings)}`,
      },
      accessory: openEntryButton(item.entry),
    });
  }
  const text = [strings.backlog.title, ...rows.map(({ item }) => `${item.entry.title} (${strings.priority[item.priority]}) : ${item.reason}`)];
  return fitToSlackLimits({ text: text.join('\n'), blocks });
}

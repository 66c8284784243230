import { LRUCache } from 'lru-cache';
import type { ActionsBlock, Button, ContextBlock, KnownBlock } from '@slack/types';
import type { Answer } from '../../core/answer.js';
import type { Entry } from '../../core/entry.js';
import { SLASH_COMMAND } from '../../core/commands.js';
import type { Strings } from '../../locale/index.js';
import { slackMessage, type SlackMessage } from './limits.js';
import { joinMrkdwn, link, markdownToMrkdwn, md, mention, mrkdwnText, plainText, say, text, type Mrkdwn, type MrkdwnPart } from './mrkdwn.js';
import { ACTION_SHARE, MATURITY_EMOJI, openEntryButton, PRIORITY_EMOJI } from './elements.js';

export interface CardOptions {
  /** Shown in the channel: no share button, and who shared it. */
  sharedBy?: string;
  /** Extra context lines under the badges (e.g. the live backlog status). */
  statusLine?: Mrkdwn;
  /** The tool has a verdict or was dismissed: no "to try" badge, the status line says what became of it. */
  settled?: boolean;
  /**
   * Only the asker sees the card (a slash command's answer, or a card opened
   * from one), so it offers to share it in the channel. A card everyone sees
   * already (a mention's answer, a shared card), in a modal or in a terminal
   * has no share button.
   */
  ephemeral?: boolean;
  /** A subcommand the query looked like (`backleg` → `/kubecon backlog`). */
  suggestedCommand?: string;
  /** What people type on this surface to run a subcommand: `/kubecon` (default), `kubecon-bot` in a shell. */
  command?: string;
}

function badges(answer: Extract<Answer, { kind: 'entry' }>, strings: Strings, options: CardOptions): ContextBlock {
  const { entry, backlog } = answer;
  const parts: Mrkdwn[] = [];
  if (entry.cncf_maturity) parts.push(md`${MATURITY_EMOJI[entry.cncf_maturity]!} *${strings.maturityBadge(entry.cncf_maturity)}*`);
  parts.push(md`_${strings.kind[entry.kind]}_`);
  parts.push(say(strings.card.event, answer.event.title));
  if (backlog && !options.settled) parts.push(md`${PRIORITY_EMOJI[backlog.priority]!} *${strings.card.toTry(strings.priority[backlog.priority])}*`);
  if (options.statusLine) parts.push(options.statusLine);
  return { type: 'context', elements: [mrkdwnText(joinMrkdwn(parts, '  ·  '))] };
}

function bulletList(items: readonly MrkdwnPart[]): Mrkdwn {
  return joinMrkdwn(
    items.map((item) => md`• ${item}`),
    '\n',
  );
}

// An entry's card depends only on the entry, its related entries, the
// locale and the options, and every answer renders one: each distinct card is
// built once (per loaded entry object, so a reload never shows a stale card).
// Cached cards are frozen, so no caller can change a shared one.
const cards = new WeakMap<Strings, WeakMap<Entry, LRUCache<string, SlackMessage>>>();

function entryCard(answer: Extract<Answer, { kind: 'entry' }>, strings: Strings, options: CardOptions): SlackMessage {
  let byEntry = cards.get(strings);
  if (!byEntry) cards.set(strings, (byEntry = new WeakMap()));
  let cache = byEntry.get(answer.entry);
  if (!cache) byEntry.set(answer.entry, (cache = new LRUCache({ max: 50 })));
  const key = JSON.stringify([answer.related.map((e) => e.id), options]);
  let card = cache.get(key);
  if (!card) cache.set(key, (card = deepFreeze(buildEntryCard(answer, strings, options))));
  return card;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function buildEntryCard(answer: Extract<Answer, { kind: 'entry' }>, strings: Strings, options: CardOptions): SlackMessage {
  const { entry } = answer;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plainText(entry.title) },
    badges(answer, strings, options),
    { type: 'section', text: mrkdwnText(markdownToMrkdwn(entry.summary)) },
  ];
  if (entry.key_points.length > 0) {
    blocks.push({ type: 'section', text: mrkdwnText(md`*${strings.card.keyPoints}*\n${bulletList(entry.key_points.map(markdownToMrkdwn))}`) });
  }
  if (answer.backlog) {
    blocks.push({ type: 'section', text: mrkdwnText(md`:test_tube: ${markdownToMrkdwn(answer.backlog.reason)}`) });
  }
  if (entry.links.length > 0) {
    const links = entry.links.map((l) => link(l.url, l.title));
    blocks.push({ type: 'section', text: mrkdwnText(md`*${strings.card.links}*\n${bulletList(links)}`) });
  }
  const context: Mrkdwn[] = [text(strings.card.source(entry.source.title, entry.source.publisher))];
  if (options.sharedBy) context.push(say(strings.card.sharedBy, mention(options.sharedBy)));
  blocks.push({ type: 'context', elements: [mrkdwnText(joinMrkdwn(context, '  ·  '))] });

  const buttons: Button[] = answer.related.map(openEntryButton);
  if (options.ephemeral && !options.sharedBy) {
    buttons.push({
      type: 'button',
      text: plainText(strings.card.share),
      action_id: ACTION_SHARE,
      value: entry.id,
      style: 'primary',
    });
  }
  if (answer.related.length > 0 && !options.sharedBy) {
    blocks.push({ type: 'section', text: mrkdwnText(md`*${strings.card.related}*`) });
  }
  if (buttons.length > 0 && !options.sharedBy) blocks.push({ type: 'actions', elements: buttons } satisfies ActionsBlock);

  const maturity = entry.cncf_maturity ? ` (${strings.maturityBadge(entry.cncf_maturity)})` : '';
  return slackMessage(md`${entry.title}${maturity}${strings.colon}${entry.summary}`, blocks);
}

function noneCard(answer: Extract<Answer, { kind: 'none' }>, strings: Strings, options: CardOptions): SlackMessage {
  const title = text(strings.none.title(answer.query));
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwnText(title) }];
  if (options.suggestedCommand) blocks.push({ type: 'section', text: mrkdwnText(text(strings.none.command(options.suggestedCommand))) });
  if (answer.suggestions.length > 0) {
    blocks.push({ type: 'section', text: mrkdwnText(text(strings.none.didYouMean)) });
    blocks.push({ type: 'actions', elements: answer.suggestions.map(openEntryButton) });
  }
  blocks.push({ type: 'context', elements: [mrkdwnText(text(strings.none.hint(`${options.command ?? SLASH_COMMAND} list`)))] });
  const suggestions = answer.suggestions.length > 0 ? ` ${strings.none.didYouMean} ${answer.suggestions.map((e) => e.title).join(', ')}` : '';
  return slackMessage(md`${title}${suggestions}`, blocks);
}

/** `(answer, strings) => { text, blocks }`: the card for any answer. */
export function renderAnswer(answer: Answer, strings: Strings, options: CardOptions = {}): SlackMessage {
  switch (answer.kind) {
    case 'entry':
      return entryCard(answer, strings, options);
    case 'none':
      return noneCard(answer, strings, options);
    case 'empty':
      return slackMessage(text(strings.empty), [{ type: 'section', text: mrkdwnText(text(strings.empty)) }]);
  }
}

import type { BacklogItem } from '../../core/backlog.js';
import type { Entry } from '../../core/entry.js';
import { joinMrkdwn, link, markdownToMrkdwn, md, text, type Mrkdwn, type MrkdwnPart } from './mrkdwn.js';

/** An entry's Markdown fields as Slack mrkdwn, in the shape its card shows them. */
export interface EntryMrkdwn {
  summary: Mrkdwn;
  /** The key points as one bulleted list; none when the entry has none. */
  keyPoints?: Mrkdwn;
  /** The links as one bulleted list of `<url|title>`; none when the entry has none. */
  links?: Mrkdwn;
  /** Why to try it, when it is in the backlog. */
  backlogReason?: Mrkdwn;
}

/**
 * Every entry's Markdown converted for Slack: a Markdown parse costs about
 * 0.3 ms a snippet, and every card shows several. The entries are converted
 * when their knowledge loads (at start, and at each reload: see `prepare`),
 * so the builders stay pure and a card costs no parse. The lists a card shows
 * (key points, links) are joined then too: they depend on the entry alone,
 * and joining them per answer was a third of building a card under load.
 * Snippets are kept by text, so a reload converts only what changed, and a
 * message built from the knowledge it started with still renders that
 * knowledge's text (converted then, the rare time it is gone from the new one).
 */
export interface KnowledgeMrkdwn {
  /** Converts these entries, keeping the snippets already converted, and forgets the rest (a reloaded knowledge, before anyone asks). */
  prepare(entries: readonly Entry[]): void;
  of(entry: Entry): EntryMrkdwn;
}

/** `• a\n• b`, as the cards show a list. */
function bulletList(items: readonly MrkdwnPart[]): Mrkdwn {
  return joinMrkdwn(
    items.map((item) => md`• ${item}`),
    '\n',
  );
}

const snippetsOf = (entry: Entry): string[] => [entry.summary, ...entry.key_points, ...(entry.backlog ? [entry.backlog.reason] : [])];

/** The knowledge's mrkdwn, with these entries converted at once. */
export function prepareKnowledgeMrkdwn(entries: readonly Entry[]): KnowledgeMrkdwn {
  let snippets = new Map<string, Mrkdwn>();
  let byEntry = new Map<Entry, EntryMrkdwn>();
  const convert = (markdown: string) => snippets.get(markdown) ?? markdownToMrkdwn(markdown);
  const build = (entry: Entry): EntryMrkdwn => ({
    summary: convert(entry.summary),
    ...(entry.key_points.length > 0 && { keyPoints: bulletList(entry.key_points.map(convert)) }),
    ...(entry.links.length > 0 && { links: bulletList(entry.links.map((l) => link(l.url, l.title))) }),
    ...(entry.backlog && { backlogReason: convert(entry.backlog.reason) }),
  });
  const prepare = (list: readonly Entry[]) => {
    const next = new Map<string, Mrkdwn>();
    for (const entry of list) for (const snippet of snippetsOf(entry)) if (!next.has(snippet)) next.set(snippet, convert(snippet));
    snippets = next;
    byEntry = new Map(list.map((entry) => [entry, build(entry)]));
  };
  prepare(entries);
  return {
    prepare,
    of: (entry) => byEntry.get(entry) ?? build(entry),
  };
}

/** A backlog item's reason (its entry's `backlog.reason`). */
export function backlogReasonMrkdwn(knowledge: KnowledgeMrkdwn, entry: Entry): Mrkdwn {
  const { backlogReason } = knowledge.of(entry);
  if (!backlogReason) throw new Error(`${entry.file}: entry ${entry.id} has no backlog reason`);
  return backlogReason;
}

/** Why to try a tool: the knowledge's Markdown for the recap's, the text as typed for a proposed one (not in the knowledge). */
export function toolReasonMrkdwn(knowledge: KnowledgeMrkdwn, item: BacklogItem): Mrkdwn {
  return item.source === 'proposed' ? text(item.reason) : backlogReasonMrkdwn(knowledge, item.entry);
}

/** A render context of one moment with its knowledge converted for Slack (tests, the bench). */
export function withKnowledgeMrkdwn<T extends { assistant: { entries: readonly Entry[] } }>(ctx: T): T & { mrkdwn: KnowledgeMrkdwn } {
  return { ...ctx, mrkdwn: prepareKnowledgeMrkdwn(ctx.assistant.entries) };
}

import type { Entry } from '../../core/entry.js';
import { joinMrkdwn, link, markdownToMrkdwn, md, type Mrkdwn, type MrkdwnPart } from './mrkdwn.js';

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

/** Every entry's Markdown converted for Slack, keyed by entry id. */
export type KnowledgeMrkdwn = ReadonlyMap<string, EntryMrkdwn>;

/** `• a\n• b`, as the cards show a list. */
function bulletList(items: readonly MrkdwnPart[]): Mrkdwn {
  return joinMrkdwn(
    items.map((item) => md`• ${item}`),
    '\n',
  );
}

/**
 * Converts each entry's Markdown once, when the knowledge loads: a Markdown
 * parse costs about 0.3 ms a snippet, and every card shows several. The lists
 * a card shows (key points, links) are joined here too: they depend on the
 * entry alone, and joining them per answer was a third of building a card
 * under load. This is built at start and handed to the builders, which stay pure.
 */
export function prepareKnowledgeMrkdwn(entries: readonly Entry[]): KnowledgeMrkdwn {
  return new Map(
    entries.map((entry) => [
      entry.id,
      {
        summary: markdownToMrkdwn(entry.summary),
        ...(entry.key_points.length > 0 && { keyPoints: bulletList(entry.key_points.map(markdownToMrkdwn)) }),
        ...(entry.links.length > 0 && { links: bulletList(entry.links.map((l) => link(l.url, l.title))) }),
        ...(entry.backlog && { backlogReason: markdownToMrkdwn(entry.backlog.reason) }),
      },
    ]),
  );
}

/** An entry's mrkdwn; one missing means the builders were handed another knowledge than the app's. */
export function entryMrkdwn(knowledge: KnowledgeMrkdwn, entry: Pick<Entry, 'id' | 'file'>): EntryMrkdwn {
  const found = knowledge.get(entry.id);
  if (!found) throw new Error(`${entry.file}: entry ${entry.id} is not in the knowledge prepared for Slack`);
  return found;
}

/** A backlog item's reason (its entry's `backlog.reason`). */
export function backlogReasonMrkdwn(knowledge: KnowledgeMrkdwn, entry: Pick<Entry, 'id' | 'file'>): Mrkdwn {
  const { backlogReason } = entryMrkdwn(knowledge, entry);
  if (!backlogReason) throw new Error(`${entry.file}: entry ${entry.id} has no backlog reason`);
  return backlogReason;
}

/** A render context with its knowledge converted for Slack: what the Slack app builds at start. */
export function withKnowledgeMrkdwn<T extends { assistant: { entries: readonly Entry[] } }>(ctx: T): T & { mrkdwn: KnowledgeMrkdwn } {
  return { ...ctx, mrkdwn: prepareKnowledgeMrkdwn(ctx.assistant.entries) };
}

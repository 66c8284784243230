import type { BacklogItem } from '../../core/backlog.js';
import type { Entry } from '../../core/entry.js';
import { markdownToMrkdwn, text, type Mrkdwn } from './mrkdwn.js';

/** An entry's Markdown fields as Slack mrkdwn. */
export interface EntryMrkdwn {
  summary: Mrkdwn;
  keyPoints: readonly Mrkdwn[];
  /** Why to try it, when it is in the backlog. */
  backlogReason?: Mrkdwn;
}

/** Every entry's Markdown converted for Slack, keyed by entry id. */
export type KnowledgeMrkdwn = ReadonlyMap<string, EntryMrkdwn>;

/**
 * Converts each entry's Markdown once, when the knowledge loads: a Markdown
 * parse costs about 0.3 ms a snippet, and every card shows several. The
 * knowledge never changes while the app runs, so this is built at start and
 * handed to the builders, which stay pure.
 */
export function prepareKnowledgeMrkdwn(entries: readonly Entry[]): KnowledgeMrkdwn {
  return new Map(
    entries.map((entry) => [
      entry.id,
      {
        summary: markdownToMrkdwn(entry.summary),
        keyPoints: entry.key_points.map(markdownToMrkdwn),
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

/** Why to try a tool: the knowledge's Markdown for the recap's, the text as typed for a proposed one (not in the knowledge). */
export function toolReasonMrkdwn(knowledge: KnowledgeMrkdwn, item: BacklogItem): Mrkdwn {
  return item.source === 'proposed' ? text(item.reason) : backlogReasonMrkdwn(knowledge, item.entry);
}

/** A render context with its knowledge converted for Slack: what the Slack app builds at start. */
export function withKnowledgeMrkdwn<T extends { assistant: { entries: readonly Entry[] } }>(ctx: T): T & { mrkdwn: KnowledgeMrkdwn } {
  return { ...ctx, mrkdwn: prepareKnowledgeMrkdwn(ctx.assistant.entries) };
}

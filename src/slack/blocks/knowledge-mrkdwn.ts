import type { Entry } from '../../core/entry.js';
import { markdownToMrkdwn, type Mrkdwn } from './mrkdwn.js';

/** An entry's Markdown fields as Slack mrkdwn. */
export interface EntryMrkdwn {
  summary: Mrkdwn;
  keyPoints: readonly Mrkdwn[];
  /** Why to try it, when it is in the backlog. */
  backlogReason?: Mrkdwn;
}

/**
 * Every entry's Markdown converted for Slack, kept by entry: a Markdown parse
 * costs about 0.3 ms a snippet, and every card shows several. Entries are
 * converted when their knowledge loads (at start, and at each reload: see
 * `prepare`), so the builders stay pure and a card costs no parse. Kept by
 * the entry object itself, so a message built from the knowledge it started
 * with renders that knowledge's text even after a reload, and an entry
 * nothing refers to any more is forgotten with it.
 */
export interface KnowledgeMrkdwn {
  /** Converts these entries now (a reloaded knowledge, before anyone asks). */
  prepare(entries: readonly Entry[]): void;
  of(entry: Entry): EntryMrkdwn;
}

function convertEntry(entry: Entry): EntryMrkdwn {
  return {
    summary: markdownToMrkdwn(entry.summary),
    keyPoints: entry.key_points.map(markdownToMrkdwn),
    ...(entry.backlog && { backlogReason: markdownToMrkdwn(entry.backlog.reason) }),
  };
}

/** The knowledge's mrkdwn, with these entries converted at once. */
export function prepareKnowledgeMrkdwn(entries: readonly Entry[]): KnowledgeMrkdwn {
  const converted = new WeakMap<Entry, EntryMrkdwn>();
  const of = (entry: Entry): EntryMrkdwn => {
    let found = converted.get(entry);
    if (!found) {
      found = convertEntry(entry);
      converted.set(entry, found);
    }
    return found;
  };
  const prepare = (list: readonly Entry[]) => {
    for (const entry of list) of(entry);
  };
  prepare(entries);
  return { prepare, of };
}

/** An entry's mrkdwn. */
export function entryMrkdwn(knowledge: KnowledgeMrkdwn, entry: Entry): EntryMrkdwn {
  return knowledge.of(entry);
}

/** A backlog item's reason (its entry's `backlog.reason`). */
export function backlogReasonMrkdwn(knowledge: KnowledgeMrkdwn, entry: Entry): Mrkdwn {
  const { backlogReason } = entryMrkdwn(knowledge, entry);
  if (!backlogReason) throw new Error(`${entry.file}: entry ${entry.id} has no backlog reason`);
  return backlogReason;
}

/** A render context of one moment with its knowledge converted for Slack (tests, the bench). */
export function withKnowledgeMrkdwn<T extends { assistant: { entries: readonly Entry[] } }>(ctx: T): T & { mrkdwn: KnowledgeMrkdwn } {
  return { ...ctx, mrkdwn: prepareKnowledgeMrkdwn(ctx.assistant.entries) };
}

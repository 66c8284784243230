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
 * Every entry's Markdown converted for Slack: a Markdown parse costs about
 * 0.3 ms a snippet, and every card shows several. The snippets are converted
 * when their knowledge loads (at start, and at each reload: see `prepare`),
 * so the builders stay pure and a card costs no parse. Kept by text, so a
 * reload converts only what changed, and a message built from the knowledge
 * it started with still renders that knowledge's text (converted then, the
 * rare time it is gone from the new one).
 */
export interface KnowledgeMrkdwn {
  /** Converts these entries' snippets, keeping those already converted, and forgets the rest (a reloaded knowledge, before anyone asks). */
  prepare(entries: readonly Entry[]): void;
  of(entry: Entry): EntryMrkdwn;
}

const snippetsOf = (entry: Entry): string[] => [entry.summary, ...entry.key_points, ...(entry.backlog ? [entry.backlog.reason] : [])];

/** The knowledge's mrkdwn, with these entries converted at once. */
export function prepareKnowledgeMrkdwn(entries: readonly Entry[]): KnowledgeMrkdwn {
  let converted = new Map<string, Mrkdwn>();
  const convert = (markdown: string) => converted.get(markdown) ?? markdownToMrkdwn(markdown);
  const prepare = (list: readonly Entry[]) => {
    const next = new Map<string, Mrkdwn>();
    for (const entry of list) for (const snippet of snippetsOf(entry)) if (!next.has(snippet)) next.set(snippet, convert(snippet));
    converted = next;
  };
  prepare(entries);
  return {
    prepare,
    of: (entry) => ({
      summary: convert(entry.summary),
      keyPoints: entry.key_points.map(convert),
      ...(entry.backlog && { backlogReason: convert(entry.backlog.reason) }),
    }),
  };
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

import type { BacklogItem } from './backlog.js';
import type { Entry } from './entry.js';
import type { KnowledgeIndex, SearchHit } from './search.js';

export const MAX_RELATED = 3;

export type Answer =
  | {
      kind: 'entry';
      query: string;
      entry: Entry;
      backlog?: BacklogItem;
      /** Up to three other entries: the next search hits, then entries sharing tags. */
      related: Entry[];
      hits: SearchHit[];
    }
  | { kind: 'none'; query: string; suggestions: Entry[]; hits: SearchHit[] }
  | { kind: 'empty'; query: string; hits: SearchHit[] };

export interface AnswerSources {
  index: KnowledgeIndex;
  byId: ReadonlyMap<string, Entry>;
  backlogById: ReadonlyMap<string, BacklogItem>;
}

function sharedTags(a: Entry, b: Entry): number {
  return b.tags.filter((t) => a.tags.includes(t)).length;
}

function relatedEntries(best: Entry, hits: SearchHit[], sources: AnswerSources): Entry[] {
  const related = hits
    .slice(1)
    .map((h) => sources.byId.get(h.id))
    .filter((e): e is Entry => e !== undefined)
    .slice(0, MAX_RELATED);
  if (related.length < MAX_RELATED) {
    const taken = new Set([best.id, ...related.map((e) => e.id)]);
    const byTags = [...sources.byId.values()]
      .filter((e) => !taken.has(e.id) && sharedTags(best, e) > 0)
      .sort((a, b) => sharedTags(best, b) - sharedTags(best, a) || a.title.localeCompare(b.title, 'fr'));
    related.push(...byTags.slice(0, MAX_RELATED - related.length));
  }
  return related;
}

/** The one place a query becomes an answer: the CLI, the console and Slack all call this. */
export function answerQuery(query: string, sources: AnswerSources): Answer {
  const trimmed = query.trim();
  if (!trimmed) return { kind: 'empty', query: trimmed, hits: [] };
  const { hits, nearMisses } = sources.index.search(trimmed);
  const best = hits[0] && sources.byId.get(hits[0].id);
  if (!best) {
    const suggestions = nearMisses.map((h) => sources.byId.get(h.id)).filter((e): e is Entry => e !== undefined);
    return { kind: 'none', query: trimmed, suggestions, hits };
  }
  return {
    kind: 'entry',
    query: trimmed,
    entry: best,
    backlog: sources.backlogById.get(best.id),
    related: relatedEntries(best, hits, sources),
    hits,
  };
}

/** An entry opened by id (a button, `kubecon-bot ask` on an exact id) as an answer. */
export function answerEntry(entry: Entry, sources: AnswerSources): Answer {
  return {
    kind: 'entry',
    query: entry.id,
    entry,
    backlog: sources.backlogById.get(entry.id),
    related: relatedEntries(entry, [], sources),
    hits: [{ id: entry.id, title: entry.title, score: 0, quality: 1 }],
  };
}

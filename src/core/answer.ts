import type { BacklogItem } from './backlog.js';
import type { KnowledgeEvent } from './catalogue.js';
import { compareTitles, type Entry } from './entry.js';
import { normalizeTerm, tokenizeText, withoutControlCharacters } from './text.js';
import { commonThreshold, type KnowledgeIndex, type SearchHit, type SearchOptions } from './search.js';

const MAX_RELATED = 3;

export type Answer =
  | {
      kind: 'entry';
      query: string;
      entry: Entry;
      /** The event the entry belongs to. */
      event: KnowledgeEvent;
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
  /** Entries sharing the most tags with an entry, best first (see relatedByTags). */
  relatedByTags(entry: Entry): Entry[];
  eventOf(entry: Entry): KnowledgeEvent;
}

/**
 * "See also" by shared tags, computed once per entry through a tag → entries
 * map. On a large base a tag carried by a tenth of the entries (the search's
 * common-word rule) relates nothing to anything and is left out, and only the
 * best few candidates are ever sorted, so a first answer stays cheap.
 */
export function createRelatedByTags(entries: readonly Entry[]): (entry: Entry) => Entry[] {
  const byTag = new Map<string, Entry[]>();
  for (const entry of entries) {
    for (const tag of new Set(entry.tags)) {
      const tagged = byTag.get(tag);
      if (tagged) tagged.push(entry);
      else byTag.set(tag, [entry]);
    }
  }
  const commonTag = commonThreshold(entries.length);
  const memo = new Map<string, Entry[]>();
  return (entry) => {
    let related = memo.get(entry.id);
    if (!related) {
      const shared = new Map<Entry, number>();
      for (const tag of new Set(entry.tags)) {
        const tagged = byTag.get(tag) ?? [];
        if (tagged.length > commonTag) continue;
        for (const other of tagged) if (other.id !== entry.id) shared.set(other, (shared.get(other) ?? 0) + 1);
      }
      // Most shared tags first, then by title: only the best MAX_RELATED are
      // kept (sorted), which is all relatedEntries can use.
      const best: [Entry, number][] = [];
      const before = (a: [Entry, number], b: [Entry, number]) => b[1] - a[1] || compareTitles(a[0], b[0]);
      for (const candidate of shared) {
        const at = best.findIndex((kept) => before(candidate, kept) < 0);
        if (at >= 0) best.splice(at, 0, candidate);
        else best.push(candidate);
        if (best.length > MAX_RELATED) best.pop();
      }
      related = best.map(([e]) => e);
      memo.set(entry.id, related);
    }
    return related;
  };
}

function relatedEntries(best: Entry, hits: SearchHit[], sources: AnswerSources): Entry[] {
  const related = hits
    .slice(1)
    .map((h) => sources.byId.get(h.id))
    .filter((e): e is Entry => e !== undefined)
    .slice(0, MAX_RELATED);
  if (related.length < MAX_RELATED) {
    const taken = new Set(related.map((e) => e.id));
    related.push(...sources.relatedByTags(best).filter((e) => !taken.has(e.id)).slice(0, MAX_RELATED - related.length));
  }
  return related;
}


/** The one place a query becomes an answer: every surface (the CLI, the console, the chat app) calls this. */
export function answerQuery(query: string, sources: AnswerSources, options: SearchOptions = {}): Answer {
  // Control characters (a pasted escape sequence, a bell) are never words and
  // must not reach a terminal or a message as typed.
  const trimmed = withoutControlCharacters(query).trim();
  // Nothing but greetings, filler or punctuation (`bonjour`, `merci`, `???`): an invitation to ask, not "nothing found".
  if (!tokenizeText(trimmed).some((token) => normalizeTerm(token))) return { kind: 'empty', query: trimmed, hits: [] };
  const { hits, nearMisses } = sources.index.search(trimmed, options);
  const best = hits[0] && sources.byId.get(hits[0].id);
  if (!best) {
    const suggestions = nearMisses.map((h) => sources.byId.get(h.id)).filter((e): e is Entry => e !== undefined);
    return { kind: 'none', query: trimmed, suggestions, hits };
  }
  return {
    kind: 'entry',
    query: trimmed,
    entry: best,
    event: sources.eventOf(best),
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
    event: sources.eventOf(entry),
    backlog: sources.backlogById.get(entry.id),
    related: relatedEntries(entry, [], sources),
    hits: [{ id: entry.id, title: entry.title, score: 0, named: true, evidence: 0 }],
  };
}

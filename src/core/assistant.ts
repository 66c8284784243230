import { LRUCache } from 'lru-cache';
import { answerEntry, answerQuery, createRelatedByTags, type Answer, type AnswerSources } from './answer.js';
import { deriveBacklog, type BacklogItem } from './backlog.js';
import { catalogueByEvent, knowledgeEvents, type EventCatalogue, type KnowledgeEvent } from './catalogue.js';
import type { Entry } from './entry.js';
import { loadKnowledge, type KnowledgeProblem } from './knowledge.js';
import { createSearchIndex, type SearchOptions } from './search.js';

/** The knowledge base ready to answer: what every surface is given. */
export interface Assistant {
  readonly entries: readonly Entry[];
  readonly backlog: readonly BacklogItem[];
  /** The events the knowledge covers, by title. */
  readonly events: readonly KnowledgeEvent[];
  /** `subject`: the entry the conversation is about, for a follow-up (see KnowledgeIndex.search). */
  ask(query: string, options?: SearchOptions): Answer;
  open(id: string): Answer | undefined;
  entry(id: string): Entry | undefined;
  catalogue(): EventCatalogue[];
}

/**
 * How many questions' answers an assistant remembers. A knowledge's answer to
 * a question never changes (a reload builds another assistant), and a team
 * asks the same few questions again and again (`/kubecon helm3`): a search
 * and its answer cost more than all the rest of a reply built from it.
 */
const REMEMBERED_ANSWERS = 1_000;

export function createAssistant(entries: readonly Entry[]): Assistant {
  const backlog = deriveBacklog(entries);
  const events = knowledgeEvents(entries);
  const eventsById = new Map(events.map((e) => [e.id, e]));
  const sources: AnswerSources = {
    index: createSearchIndex(entries),
    byId: new Map(entries.map((e) => [e.id, e])),
    backlogById: new Map(backlog.map((b) => [b.entry.id, b])),
    relatedByTags: createRelatedByTags(entries),
    eventOf: (entry) => eventsById.get(entry.event) ?? { id: entry.event, title: entry.event },
  };
  const answers = new LRUCache<string, Answer>({ max: REMEMBERED_ANSWERS });
  return {
    entries,
    backlog,
    events,
    ask: (query, options) => {
      const key = `${options?.subject ?? ''}\u0000${query}`;
      let answer = answers.get(key);
      if (answer === undefined) {
        answer = answerQuery(query, sources, options);
        answers.set(key, answer);
      }
      return answer;
    },
    open: (id) => {
      const entry = sources.byId.get(id);
      return entry && answerEntry(entry, sources);
    },
    entry: (id) => sources.byId.get(id),
    catalogue: () => catalogueByEvent(entries, events),
  };
}

/** `skipped`: the files in the folder that are not read, with why (see loadKnowledge). */
export async function loadAssistant(
  dir: string,
): Promise<{ ok: true; assistant: Assistant; skipped: KnowledgeProblem[] } | { ok: false; problems: KnowledgeProblem[] }> {
  const loaded = await loadKnowledge(dir);
  return loaded.ok ? { ok: true, assistant: createAssistant(loaded.entries), skipped: loaded.skipped } : loaded;
}

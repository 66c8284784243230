import MiniSearch, { type SearchResult as MiniSearchResult } from 'minisearch';
import type { Entry } from './entry.js';
import { adjacentTranspositions, normalizeTerm, tokenizeText } from './text.js';

export interface SearchHit {
  id: string;
  title: string;
  score: number;
  /** Share of the query's words this entry matched, fuzzy matches counting less (0..1). */
  quality: number;
}

export interface SearchOutcome {
  /** Entries that answer the query, best first. */
  hits: SearchHit[];
  /** Entries that matched something but not well enough: "did you mean". */
  nearMisses: SearchHit[];
}

// Boosts: what an entry is called weighs far more than what its text mentions.
const FIELD_BOOSTS = {
  title: 6,
  aliases: 6,
  tags: 3,
  people: 3,
  companies: 3,
  summary: 1.5,
  body: 1,
} as const;
type Field = keyof typeof FIELD_BOOSTS;
const FIELDS = Object.keys(FIELD_BOOSTS) as Field[];

/** Cut-offs, tuned on the relevance suite (test/relevance). */
export const SEARCH_TUNING = {
  /** An answer must cover at least this share of the query's words. */
  minQuality: 0.5,
  /** Hits scoring under this fraction of the best one are noise. */
  relativeCutoff: 0.25,
  /** A word matched only approximately counts for this much of a word. */
  fuzzyCredit: 0.6,
  /** Bound the work a pasted essay can cause. */
  maxQueryTerms: 24,
  maxHits: 10,
} as const;

interface IndexedDoc {
  id: string;
  title: string;
  aliases: string;
  tags: string;
  people: string;
  companies: string;
  summary: string;
  body: string;
}

function toDoc(entry: Entry): IndexedDoc {
  return {
    id: entry.id,
    title: entry.title,
    // The id is written the way people type it too (`kube-hunter`, `helm-3`).
    aliases: [entry.id, ...entry.aliases].join(' ; '),
    tags: entry.tags.join(' ; '),
    people: entry.people.join(' ; '),
    companies: entry.companies.join(' ; '),
    summary: [entry.summary, ...entry.key_points].join('\n'),
    body: entry.body,
  };
}

function fuzziness(term: string): number | false {
  if (term.length >= 8) return 2;
  if (term.length >= 4) return 1;
  return false;
}

/**
 * The query's words, normalised as the index normalised the documents,
 * with a word the index does not know replaced by a transposition it does
 * know (`hlem` → `helm`, `linkred` → `linkerd`): Levenshtein distance counts a
 * swap as two edits, which is too far for short words.
 */
function queryTerms(query: string, vocabulary: ReadonlySet<string>): { words: string[]; joined: string[] } {
  const words: string[] = [];
  for (const token of tokenizeText(query)) {
    const term = normalizeTerm(token);
    if (!term || words.includes(term)) continue;
    const fixed = vocabulary.has(term) ? term : adjacentTranspositions(term).find((t) => vocabulary.has(t));
    words.push(fixed ?? term);
    if (words.length >= SEARCH_TUNING.maxQueryTerms) break;
  }
  // Split forms also try their compact form: `kube hunter` → `kubehunter`, `helm 3` → `helm3`.
  const joined: string[] = [];
  for (let i = 0; i < words.length - 1; i++) {
    const pair = `${words[i]}${words[i + 1]}`;
    if (vocabulary.has(pair)) joined.push(pair);
  }
  return { words, joined };
}

function matchQuality(result: MiniSearchResult, words: string[], joined: string[]): number {
  if (words.length === 0) return 0;
  const matchedTerms = result.terms;
  const credit = words.map((word) => {
    if (matchedTerms.includes(word) || joined.some((j) => j.includes(word) && matchedTerms.includes(j))) return 1;
    if (word.length >= 4 && matchedTerms.some((t) => t.startsWith(word))) return 1;
    if (result.queryTerms.includes(word)) return SEARCH_TUNING.fuzzyCredit;
    return 0;
  });
  return credit.reduce<number>((a, b) => a + b, 0) / words.length;
}

export class KnowledgeIndex {
  private readonly mini: MiniSearch<IndexedDoc>;
  private readonly vocabulary = new Set<string>();

  constructor(entries: readonly Entry[]) {
    const vocabulary = this.vocabulary;
    this.mini = new MiniSearch<IndexedDoc>({
      idField: 'id',
      fields: FIELDS,
      storeFields: ['title'],
      tokenize: tokenizeText,
      processTerm: (word) => {
        const term = normalizeTerm(word);
        if (term) vocabulary.add(term);
        return term;
      },
      searchOptions: {
        tokenize: (text) => text.split(' '),
        processTerm: (term) => term,
        boost: FIELD_BOOSTS,
        prefix: (term) => term.length >= 4,
        fuzzy: fuzziness,
        maxFuzzy: 2,
        weights: { fuzzy: 0.4, prefix: 0.5 },
        combineWith: 'OR',
      },
    });
    this.mini.addAll(entries.map(toDoc));
  }

  get size(): number {
    return this.mini.documentCount;
  }

  search(query: string): SearchOutcome {
    const { words, joined } = queryTerms(query, this.vocabulary);
    if (words.length === 0) return { hits: [], nearMisses: [] };
    const results = this.mini.search([...words, ...joined].join(' '));
    const scored: SearchHit[] = results.slice(0, 50).map((r) => ({
      id: String(r.id),
      title: String(r.title),
      score: Math.round(r.score * 1000) / 1000,
      quality: Math.round(matchQuality(r, words, joined) * 100) / 100,
    }));
    const good = scored.filter((h) => h.quality >= SEARCH_TUNING.minQuality);
    const best = good[0]?.score ?? 0;
    const hits = good.filter((h) => h.score >= best * SEARCH_TUNING.relativeCutoff).slice(0, SEARCH_TUNING.maxHits);
    const nearMisses = hits.length > 0 ? [] : scored.filter((h) => h.quality > 0).slice(0, 3);
    return { hits, nearMisses };
  }
}

export function createSearchIndex(entries: readonly Entry[]): KnowledgeIndex {
  return new KnowledgeIndex(entries);
}

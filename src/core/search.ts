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
// Fields of equal weight are indexed as one: fewer (term, field) postings to build.
const FIELD_BOOSTS = {
  /** Title, id and aliases: what the entry is called. */
  names: 6,
  /** Tags, people and companies. */
  tags: 3,
  /** Summary and key points. */
  summary: 1.5,
  body: 1,
} as const;
type Field = keyof typeof FIELD_BOOSTS;
const FIELDS = Object.keys(FIELD_BOOSTS) as Field[];
const HEAD_FIELDS = FIELDS.filter((f) => f !== 'body');

/** Cut-offs, tuned on the relevance suite (test/relevance). */
export const SEARCH_TUNING = {
  /** An answer must cover at least this share of the query's words. */
  minQuality: 0.5,
  /** Hits scoring under this fraction of the best one are noise. */
  relativeCutoff: 0.25,
  /** A word matched only approximately counts for this much of a word. */
  fuzzyCredit: 0.6,
  /** A word in more than this share of the entries (and more than commonWordMinEntries) is too common to search for. */
  commonWordShare: 0.1,
  commonWordMinEntries: 200,
  /** Bound the work a pasted essay can cause. */
  maxQueryTerms: 24,
  maxHits: 10,
} as const;

interface IndexedDoc extends Record<Field, string> {
  id: string;
}

function termsOf(text: string): string[] {
  const terms: string[] = [];
  for (const token of tokenizeText(text)) {
    const term = normalizeTerm(token);
    if (term) terms.push(term);
  }
  return terms;
}

/**
 * An entry as MiniSearch indexes it: each field already reduced to its
 * normalised terms, once each. Indexing time is dominated by MiniSearch's
 * per-occurrence work, and term frequency inside one short field says little,
 * so each word counts once per field. The body, the longest field and the one
 * that weighs least, keeps only the words the other fields do not already
 * have. Measured by `npm run bench` (build time) and the relevance suite (no
 * loss). Also records, in `stats`, the entries each term appears in and
 * which terms only bodies have.
 */
function toDoc(entry: Entry, stats: TermStats): IndexedDoc {
  const seen = new Set<string>();
  const field = (text: string, isBody = false) => {
    const unique = new Set(termsOf(text).filter((t) => !(isBody && seen.has(t))));
    for (const t of unique) {
      seen.add(t);
      (isBody ? stats.bodyTerms : stats.headTerms).add(t);
    }
    return [...unique].join(' ');
  };
  const doc: IndexedDoc = {
    id: entry.id,
    // The id is written the way people type it too (`kube-hunter`, `helm-3`).
    names: field([entry.title, entry.id, ...entry.aliases].join(' ; ')),
    tags: field([...entry.tags, ...entry.people, ...entry.companies].join(' ; ')),
    summary: field([entry.summary, ...entry.key_points].join('\n')),
    body: field(entry.body, true),
  };
  for (const term of seen) stats.documentFrequency.set(term, (stats.documentFrequency.get(term) ?? 0) + 1);
  return doc;
}

interface TermStats {
  /** How many entries each term appears in; its keys are the index's vocabulary. */
  documentFrequency: Map<string, number>;
  headTerms: Set<string>;
  bodyTerms: Set<string>;
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
function queryTerms(query: string, vocabulary: { has(term: string): boolean }): { words: string[]; joined: string[] } {
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
  /** How many entries each term appears in; its keys are the vocabulary. */
  private readonly documentFrequency: Map<string, number>;
  /** Words that only some body has: the only ones a body search can add. */
  private readonly bodyOnlyVocabulary: Set<string>;
  private readonly titles = new Map<string, string>();
  private readonly commonWordThreshold: number;

  constructor(entries: readonly Entry[]) {
    const stats: TermStats = { documentFrequency: new Map(), headTerms: new Set(), bodyTerms: new Set() };
    const docs = entries.map((entry) => toDoc(entry, stats));
    const vocabulary = (this.documentFrequency = stats.documentFrequency);
    this.bodyOnlyVocabulary = new Set([...stats.bodyTerms].filter((t) => !stats.headTerms.has(t)));
    this.mini = new MiniSearch<IndexedDoc>({
      idField: 'id',
      fields: FIELDS,
      // Fields arrive already reduced to normalised terms (see toDoc).
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term || null,
      searchOptions: {
        tokenize: (text) => text.split(' '),
        processTerm: (term) => term,
        boost: FIELD_BOOSTS,
        // Approximate matching only for words the index does not know: a known
        // word is matched exactly, and fuzzy search over a large vocabulary is
        // the costliest thing a query can do.
        prefix: (term) => term.length >= 4 && !vocabulary.has(term),
        fuzzy: (term) => !vocabulary.has(term) && fuzziness(term),
        maxFuzzy: 2,
        weights: { fuzzy: 0.4, prefix: 0.5 },
        combineWith: 'OR',
      },
    });
    for (const entry of entries) this.titles.set(entry.id, entry.title);
    this.mini.addAll(docs);
    // Words in a tenth of a large knowledge base say little about which entry
    // is meant, and each costs a scan of all those entries: ignored when the
    // query has more telling words (a small base never reaches the threshold).
    this.commonWordThreshold = Math.max(SEARCH_TUNING.commonWordMinEntries, entries.length * SEARCH_TUNING.commonWordShare);
  }

  search(query: string): SearchOutcome {
    const terms = queryTerms(query, this.documentFrequency);
    const isTelling = (w: string) => (this.documentFrequency.get(w) ?? 0) <= this.commonWordThreshold;
    const telling = terms.words.filter(isTelling);
    const words = telling.length > 0 ? telling : terms.words;
    const joined = telling.length > 0 ? terms.joined.filter(isTelling) : terms.joined;
    if (words.length === 0) return { hits: [], nearMisses: [] };
    // The body is the largest field and weighs least: it is searched only when
    // what entries are called and said to be about finds no answer. That keeps
    // queries fast on large knowledge bases (npm run bench) with no loss on the
    // relevance suite.
    const first = this.rank(words, joined, HEAD_FIELDS);
    if (first.hits.length > 0 || !words.some((w) => this.bodyOnlyVocabulary.has(w))) return first;
    return this.rank(words, joined, FIELDS);
  }

  private rank(words: string[], joined: string[], fields: readonly Field[]): SearchOutcome {
    const results = this.mini.search([...words, ...joined].join(' '), { fields: [...fields] });
    const scored: SearchHit[] = results.slice(0, 50).map((r) => ({
      id: String(r.id),
      title: this.titles.get(String(r.id)) ?? String(r.id),
      score: Math.round(r.score * 1000) / 1000,
      quality: Math.round(matchQuality(r, words, joined) * 100) / 100,
    }));
    const good = scored.filter((h) => h.quality >= SEARCH_TUNING.minQuality);
    const best = good[0]?.score ?? 0;
    const hits = good.filter((h) => h.score >= best * SEARCH_TUNING.relativeCutoff).slice(0, SEARCH_TUNING.maxHits);
    const partial = scored.filter((h) => h.quality > 0);
    const bestPartial = partial[0]?.score ?? 0;
    const nearMisses = hits.length > 0 ? [] : partial.filter((h) => h.score >= bestPartial * SEARCH_TUNING.relativeCutoff).slice(0, 3);
    return { hits, nearMisses };
  }
}

export function createSearchIndex(entries: readonly Entry[]): KnowledgeIndex {
  return new KnowledgeIndex(entries);
}

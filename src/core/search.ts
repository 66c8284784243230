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
  /** A word in more than this share of the entries (and more than commonWordMinEntries) says little about which entry is meant (see commonThreshold). */
  commonWordShare: 0.1,
  commonWordMinEntries: 200,
  /** Bound the work a pasted essay can cause. */
  maxQueryTerms: 24,
  maxHits: 10,
} as const;

/**
 * How many entries a word (or a tag) may be in before it is common: more than
 * `commonWordShare` of the base and more than `commonWordMinEntries`, so a
 * small base like the recap never has any.
 */
export function commonThreshold(entryCount: number): number {
  return Math.max(SEARCH_TUNING.commonWordMinEntries, entryCount * SEARCH_TUNING.commonWordShare);
}

interface IndexedDoc extends Record<Field, string> {
  id: string;
}

// Field bits, in FIELDS order.
const NAMES = 1;
const TAGS = 2;
const SUMMARY = 4;
const BODY = 8;
const HEAD = NAMES | TAGS | SUMMARY;

/** An entry's normalised terms, once each, with the fields (bits) each is in. */
interface EntryTerms {
  id: string;
  terms: TermInfo[];
  fields: Uint8Array;
}

/** What the index knows of a term. */
interface TermInfo {
  /** The term itself, one string shared by every entry that has it. */
  term: string;
  /** How many entries have it, in any field. */
  entries: number;
  /** Whether some entry has it in its head (title, aliases, tags or summary). */
  inHead: boolean;
  /** Whether it is in what an entry other than an event's overview is called (title, id, aliases). */
  named: boolean;
  /** While indexing: the last entry seen with the term, and its fields there. */
  lastEntry: number;
  lastFields: number;
}
type Vocabulary = Map<string, TermInfo>;

/**
 * Reads an entry's terms into the vocabulary. A hot loop on large bases: one
 * map lookup per word, the entry's own fields kept on the term itself.
 */
function termsOfEntry(entry: Entry, index: number, vocabulary: Vocabulary): EntryTerms {
  const terms: TermInfo[] = [];
  const add = (text: string, field: number) => {
    for (const token of tokenizeText(text)) {
      const term = normalizeTerm(token);
      if (!term) continue;
      let info = vocabulary.get(term);
      if (!info) vocabulary.set(term, (info = { term, entries: 0, inHead: false, named: false, lastEntry: -1, lastFields: 0 }));
      if (info.lastEntry !== index) {
        info.lastEntry = index;
        info.lastFields = 0;
        info.entries++;
        terms.push(info);
      }
      info.lastFields |= field;
    }
  };
  // The id is written the way people type it too (`kube-hunter`, `helm-3`).
  add([entry.title, entry.id, ...entry.aliases].join(' ; '), NAMES);
  add([...entry.tags, ...entry.people, ...entry.companies].join(' ; '), TAGS);
  add([entry.summary, ...entry.key_points].join('\n'), SUMMARY);
  add(entry.body, BODY);
  const fields = new Uint8Array(terms.length);
  for (let i = 0; i < terms.length; i++) {
    const info = terms[i]!;
    const inHead = (info.lastFields & HEAD) !== 0;
    info.inHead ||= inHead;
    if (entry.kind !== 'event') info.named ||= (info.lastFields & NAMES) !== 0;
    // The body keeps only the words the entry's head does not already have.
    fields[i] = inHead ? info.lastFields & HEAD : info.lastFields;
  }
  return { id: entry.id, terms, fields };
}

/**
 * An entry as MiniSearch indexes it, each field already reduced to its
 * normalised terms, once each: term frequency inside one short field says
 * little, and indexing time grows with every (term, field) pair.
 *
 * Two kinds of pairs are left out because no search would use them:
 * - a common word (see `isCommon`) is indexed only where an entry is named or
 *   tagged with it: in a summary or body it tells nothing about which entry is
 *   meant, and its postings there would be the largest in the index;
 * - the body, searched only when the other fields find nothing, keeps only
 *   the words no entry's title, tags or summary has: those are the only ones
 *   that search can add.
 * Measured by `npm run bench` (build time, query p99) and the relevance suite.
 */
function toDoc({ id, terms, fields }: EntryTerms, isCommon: (info: TermInfo) => boolean): IndexedDoc {
  const names: string[] = [];
  const tags: string[] = [];
  const summary: string[] = [];
  const body: string[] = [];
  for (let i = 0; i < terms.length; i++) {
    const info = terms[i]!;
    const bits = fields[i]!;
    if (bits & NAMES) names.push(info.term);
    if (bits & TAGS) tags.push(info.term);
    if (bits & (SUMMARY | BODY) && !isCommon(info)) {
      if (bits & SUMMARY) summary.push(info.term);
      else if (!info.inHead) body.push(info.term);
    }
  }
  return { id, names: names.join(' '), tags: tags.join(' '), summary: summary.join(' '), body: body.join(' ') };
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

function matchQuality(result: MiniSearchResult, words: string[], joined: string[], fuzzy: boolean): number {
  if (words.length === 0) return 0;
  const matchedTerms = result.terms;
  const credit = words.map((word) => {
    if (matchedTerms.includes(word) || joined.some((j) => j.includes(word) && matchedTerms.includes(j))) return 1;
    if (word.length >= 4 && matchedTerms.some((t) => t.startsWith(word))) return 1;
    if (result.queryTerms.includes(word)) return fuzzy ? SEARCH_TUNING.fuzzyCredit : 0;
    return 0;
  });
  return credit.reduce<number>((a, b) => a + b, 0) / words.length;
}

export class KnowledgeIndex {
  private readonly mini: MiniSearch<IndexedDoc>;
  /** Every term of every entry (see Vocabulary). */
  private readonly vocabulary: Vocabulary = new Map();
  private readonly titles = new Map<string, string>();
  private readonly commonWordThreshold: number;
  /** Words naming or tagging an event's own entry (`kubecon`, `barcelone`, `cncf`): the setting of every question. */
  private readonly eventWords = new Set<string>();

  constructor(entries: readonly Entry[]) {
    const vocabulary = this.vocabulary;
    const terms = entries.map((entry, i) => termsOfEntry(entry, i, vocabulary));
    entries.forEach((entry, i) => {
      if (entry.kind !== 'event') return;
      const { terms: eventTerms, fields } = terms[i]!;
      eventTerms.forEach((info, t) => {
        if (fields[t]! & (NAMES | TAGS)) this.eventWords.add(info.term);
      });
    });
    this.commonWordThreshold = commonThreshold(entries.length);
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
    this.mini.addAll(terms.map((t) => toDoc(t, (info) => this.isCommon(info))));
  }

  private isCommon(info: TermInfo | undefined): boolean {
    return (info?.entries ?? 0) > this.commonWordThreshold;
  }

  search(query: string): SearchOutcome {
    const terms = queryTerms(query, this.vocabulary);
    // A common word is ignored when the query has more telling words.
    const isTelling = (w: string) => !this.isCommon(this.vocabulary.get(w));
    const telling = terms.words.filter(isTelling);
    let words = telling.length > 0 ? telling : terms.words;
    let joined = telling.length > 0 ? terms.joined.filter(isTelling) : terms.joined;
    if (words.length === 0) return { hits: [], nearMisses: [] };
    // The event's own words and bare numbers are set aside when another word
    // is what an entry is called: `linkerd à la kubecon`, `loki cncf`, `helm 2`
    // are about Linkerd, Loki and Helm, and the event's overview, which
    // mentions every project, would otherwise outrank them. A mere tag
    // (`outils`, `storage`) is not enough: `kubecon tools` stays about the event.
    const weak = this.weakWords(words);
    if (words.some((w) => !weak.has(w) && this.vocabulary.get(w)?.named)) {
      words = words.filter((w) => !weak.has(w));
      joined = joined.filter((j) => !this.eventWords.has(j));
    }
    // The body weighs least: it is searched only when what entries are called
    // and said to be about finds no answer, and only a word no other field has
    // can change that.
    const first = this.rank(words, joined, HEAD_FIELDS);
    if (first.hits.length > 0 || !words.some((w) => this.vocabulary.get(w)?.inHead === false)) return first;
    // A body mentions much it is not about: in this pass a fuzzy match earns
    // no credit (an exact word, or a prefix of four letters or more, still does).
    return this.rank(words, joined, FIELDS, false);
  }

  /** Event words and bare numbers, and the parts of a split event word (`kube con`). */
  private weakWords(words: readonly string[]): Set<string> {
    const weak = new Set(words.filter((w) => this.eventWords.has(w) || /^\d+$/.test(w)));
    for (let i = 0; i < words.length - 1; i++) {
      if (this.eventWords.has(`${words[i]}${words[i + 1]}`)) weak.add(words[i]!).add(words[i + 1]!);
    }
    return weak;
  }

  private rank(words: string[], joined: string[], fields: readonly Field[], fuzzy = true): SearchOutcome {
    const results = this.mini.search([...words, ...joined].join(' '), { fields: [...fields] });
    const scored: SearchHit[] = results.slice(0, 50).map((r) => ({
      id: String(r.id),
      title: this.titles.get(String(r.id)) ?? String(r.id),
      score: Math.round(r.score * 1000) / 1000,
      quality: Math.round(matchQuality(r, words, joined, fuzzy) * 100) / 100,
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

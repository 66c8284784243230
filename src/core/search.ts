import MiniSearch, { type SearchResult as MiniSearchResult } from 'minisearch';
import type { Entry } from './entry.js';
import { NameIndex, termsOf, TypoDictionary } from './names.js';
import { normalizeTerm, tokenizeText } from './text.js';
import { GENERIC_TERMS } from './vocabulary.js';

// How a question becomes hits, in five steps (see `search`):
// normalise → recognise what it names → rank (MiniSearch) → decide from the
// evidence → suggest.

export interface SearchHit {
  id: string;
  title: string;
  /** MiniSearch's score (BM25+ with the field boosts): the order. */
  score: number;
  /** Whether the question names this entry (see names.ts). */
  named: boolean;
  /** What the question's telling words say about this entry (see `evidence`): the decision. */
  evidence: number;
}

export interface SearchOutcome {
  /** Entries that answer the query, best first. */
  hits: SearchHit[];
  /** Entries whose name is one edit further than a typo from a word of the query: "did you mean". */
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

/** Cut-offs, tuned on the relevance suites (test/relevance). */
export const SEARCH_TUNING = {
  /**
   * How much a word says about an entry, by where the entry has it: a word of
   * what it is called (the whole name makes it named, see names.ts) or of its
   * tags says what it is about; its summary or body only mention the word.
   */
  fieldEvidence: { names: 0.9, tags: 0.9, summary: 0.5, body: 0.5 } satisfies Record<Field, number>,
  /** An entry the question does not name needs this much evidence to answer it. */
  minEvidence: 0.5,
  /** Each word of the question the knowledge has never seen (`kafka`, `knative`) raises that bar by this much. */
  unknownWordCost: 0.25,
  /** A word matched as the start of a longer one (`observab`) counts for this much of it. */
  prefixCredit: 0.5,
  /** Hits the question does not name and scoring under this fraction of the best such hit are noise. */
  relativeCutoff: 0.25,
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
  /** How many entries are named or tagged with it: are about it. */
  headEntries: number;
  /** Whether some entry has it in its head (title, aliases, tags or summary). */
  inHead: boolean;
  /** Whether some entry is tagged with it (tags, people, companies). */
  tagged: boolean;
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
      if (!info) vocabulary.set(term, (info = { term, entries: 0, headEntries: 0, inHead: false, tagged: false, lastEntry: -1, lastFields: 0 }));
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
    info.tagged ||= (info.lastFields & TAGS) !== 0;
    if (info.lastFields & (NAMES | TAGS)) info.headEntries++;
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

/**
 * How informative a word is, from how many of the base's entries have it: 1
 * for a word one entry has, falling towards 0 for a word they all have.
 */
function rarity(entriesWithIt: number, entryCount: number): number {
  return Math.log(1 + entryCount / Math.max(1, entriesWithIt)) / Math.log(1 + entryCount);
}

/** Whether the term at `i` is the words just before it joined (tokenizeText adds that form after a hyphenated word's parts). */
function isJoinedForm(terms: readonly string[], i: number): boolean {
  let joined = '';
  for (let k = i - 1; k >= 0 && joined.length < terms[i]!.length; k--) joined = terms[k] + joined;
  return joined === terms[i];
}

/** What a question's word is to the knowledge. */
interface QueryWord {
  term: string;
  /**
   * `telling`: the knowledge has it and it can say what the question is about;
   * `generic`: every question about Kubernetes may have it (vocabulary.ts),
   * or a bare number; `unknown`: the knowledge
   * has never seen it, which hints the question is about something else.
   */
  kind: 'telling' | 'generic' | 'unknown';
}

export class KnowledgeIndex {
  private readonly mini: MiniSearch<IndexedDoc>;
  /** Every term of every entry (see Vocabulary). */
  private readonly vocabulary: Vocabulary = new Map();
  private readonly entryCount: number;
  private readonly entries = new Map<string, Entry>();
  private readonly commonWordThreshold: number;
  private readonly names: NameIndex;
  /** What a misspelt word may have meant: the words of names and tags, the safe ones to guess. */
  private readonly corrections = new TypoDictionary();

  constructor(entries: readonly Entry[]) {
    const vocabulary = this.vocabulary;
    const terms = entries.map((entry, i) => termsOfEntry(entry, i, vocabulary));
    this.entryCount = entries.length;
    this.commonWordThreshold = commonThreshold(entries.length);
    this.names = new NameIndex(entries);
    for (const word of this.names.words) this.corrections.add(word);
    // A tag word is guessed only when long: short ones are too close to other words (`stuck`, `stack`).
    for (const info of vocabulary.values()) if (info.tagged && info.term.length >= 7 && !this.isGeneric(info.term)) this.corrections.add(info.term);
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
        // A word the index does not know may be the start of one it does
        // (`observab`, `deploy`); typos were corrected before (see readQuery).
        prefix: (term) => term.length >= 5 && !vocabulary.has(term),
        fuzzy: false,
        weights: { fuzzy: 0, prefix: 0.5 },
        combineWith: 'OR',
      },
    });
    for (const entry of entries) this.entries.set(entry.id, entry);
    this.mini.addAll(terms.map((t) => toDoc(t, (info) => this.isCommon(info))));
  }

  private isCommon(info: TermInfo | undefined): boolean {
    return (info?.entries ?? 0) > this.commonWordThreshold;
  }

  /**
   * Words any question may carry. A word most of a large base mentions is not
   * one of them: its mentions are not indexed (see toDoc) and, named or
   * tagged, it is as rare as the entries about it (see evidence).
   */
  private isGeneric(term: string): boolean {
    return GENERIC_TERMS.has(term) || /^\d+$/.test(term);
  }

  search(query: string): SearchOutcome {
    const words = this.readQuery(query);
    if (words.length === 0) return { hits: [], nearMisses: [] };
    const named = this.names.recognise(words.map((w) => w.term));
    const results = this.rank(words);
    const hits = this.decide(words, named, results);
    return { hits, nearMisses: hits.length > 0 ? [] : this.suggest(words) };
  }

  /**
   * Normalise: the query's words as the index normalised the documents, each
   * once; a word the index does not know is corrected when it is a clear typo
   * of a name or a tag (`hlem`, `linkred`, `stokage`), and never otherwise.
   */
  private readQuery(query: string): QueryWord[] {
    const words: QueryWord[] = [];
    const terms = termsOf(query);
    terms.forEach((term, i) => {
      if (words.length >= SEARCH_TUNING.maxQueryTerms) return;
      const known = this.isGeneric(term) || this.vocabulary.has(term) ? term : (this.corrections.closest(term) ?? term);
      if (words.some((w) => w.term === known)) return;
      const kind = this.isGeneric(known) ? 'generic' : this.vocabulary.has(known) ? 'telling' : 'unknown';
      // The joined form of a hyphenated word (`logql-filter` → `logqlfilter`) is no second unknown word.
      if (kind === 'unknown' && isJoinedForm(terms, i)) return;
      words.push({ term: known, kind });
    });
    return words;
  }

  /**
   * Rank: the query's words as MiniSearch scores them with the field boosts.
   * Generic words only rank when the query has nothing else: beside a telling
   * word they would reorder little and cost the most (theirs are the longest
   * lists in the index).
   */
  private rank(words: readonly QueryWord[]): MiniSearchResult[] {
    const specific = words.filter((w) => w.kind !== 'generic');
    const terms = (specific.length > 0 ? specific : words).map((w) => w.term);
    // Split forms also try their compact form: `helm 3` → `helm3`, `open ebs` → `openebs`.
    for (let i = 0; i < words.length - 1; i++) {
      const pair = `${words[i]!.term}${words[i + 1]!.term}`;
      if (this.vocabulary.has(pair)) terms.push(pair);
    }
    return this.mini.search(terms.join(' ')).slice(0, 50);
  }

  /**
   * Decide: an entry the question names answers it (an event's overview only
   * when no other entry is named: the event is the setting of every other
   * entry). Any other entry answers only with enough evidence, and every
   * word the knowledge has never seen asks for more.
   */
  private decide(words: readonly QueryWord[], named: readonly string[], results: readonly MiniSearchResult[]): SearchHit[] {
    // A word no entry matched, not even as the start of a longer word, is unknown.
    const matched = new Set(results.flatMap((r) => r.queryTerms));
    const unknown = words.filter((w) => w.kind === 'unknown' && !matched.has(w.term)).length;
    const telling = words.filter((w) => w.kind === 'telling' || (w.kind === 'unknown' && matched.has(w.term)));
    const bar = SEARCH_TUNING.minEvidence + SEARCH_TUNING.unknownWordCost * unknown;
    const hits: SearchHit[] = results.map((r) => {
      const id = String(r.id);
      return {
        id,
        title: this.entries.get(id)?.title ?? id,
        score: Math.round(r.score * 1000) / 1000,
        named: named.includes(id),
        evidence: Math.round(this.evidence(r, telling) * 100) / 100,
      };
    });
    // Named entries the ranking did not reach (a name made of generic words only) still answer.
    for (const id of named) {
      if (!hits.some((h) => h.id === id)) hits.push({ id, title: this.entries.get(id)?.title ?? id, score: 0, named: true, evidence: 0 });
    }
    const isEvent = (h: SearchHit) => this.entries.get(h.id)?.kind === 'event';
    const byName = hits.filter((h) => h.named && !isEvent(h));
    const events = hits.filter((h) => h.named && isEvent(h));
    const supported = hits.filter((h) => !h.named && h.evidence >= bar);
    const best = supported[0]?.score ?? 0;
    const others = supported.filter((h) => h.score >= best * SEARCH_TUNING.relativeCutoff);
    return [...byName, ...events, ...others].slice(0, SEARCH_TUNING.maxHits);
  }

  /**
   * The evidence a result gives for an entry: for each telling word of the
   * question, what the entry's field that has it weighs (fieldEvidence)
   * times how rare it is there (among the
   * entries named or tagged with it, or among those that mention it), a word
   * matched as the start of a longer one counting half.
   */
  private evidence(result: MiniSearchResult, telling: readonly QueryWord[]): number {
    let total = 0;
    for (const { term } of telling) {
      let best = 0;
      for (const [matched, fields] of Object.entries(result.match)) {
        const credit = matched === term ? 1 : matched.startsWith(term) ? SEARCH_TUNING.prefixCredit : 0;
        if (credit === 0) continue;
        const info = this.vocabulary.get(matched);
        for (const field of fields as Field[]) {
          // A name or a tag is rare among the entries about it; a mention among all that mention it.
          const among = field === 'names' || field === 'tags' ? info?.headEntries : info?.entries;
          best = Math.max(best, credit * SEARCH_TUNING.fieldEvidence[field] * rarity(among ?? 1, this.entryCount));
        }
      }
      total += best;
    }
    return total;
  }

  /** Suggest: only entries whose name came close to a word of the query (one edit more than a typo may have). */
  private suggest(words: readonly QueryWord[]): SearchHit[] {
    const ids: string[] = [];
    for (const word of words) {
      if (word.kind !== 'unknown') continue;
      for (const id of this.names.near(word.term)) if (!ids.includes(id)) ids.push(id);
    }
    return ids.slice(0, 3).map((id) => ({ id, title: this.entries.get(id)?.title ?? id, score: 0, named: false, evidence: 0 }));
  }
}

export function createSearchIndex(entries: readonly Entry[]): KnowledgeIndex {
  return new KnowledgeIndex(entries);
}

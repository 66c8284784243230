import MiniSearch, { type SearchResult as MiniSearchResult } from 'minisearch';
import type { Entry } from './entry.js';
import { isJoinedForm, namesOf, PhraseIndex, tagsOf, termsOf, TypoDictionary, type PhraseMatch } from './names.js';
import { isOrdinaryWord } from './ordinary-words.js';
import { isFollowUpTerm, isGenericTerm, normalizeTerm, tokenizeText } from './text.js';

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

export interface SearchOptions {
  /**
   * The entry the conversation is about (the last one answered in a chat
   * thread): a question that names no entry may be a follow-up on it (see decide).
   */
  subject?: string;
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

/** Cut-offs, tuned on the relevance suites (test/relevance). */
export const SEARCH_TUNING = {
  /** What a whole tag of an entry in the question says about it (a whole name makes it named, see names.ts). */
  tagEvidence: 0.9,
  /** What a word the entry only mentions (in its text, or as a word of a longer name or tag) says about it. */
  mentionEvidence: 0.5,
  /** An entry the question does not name needs this much evidence to answer it. */
  minEvidence: 0.6,
  /** Each word of the question the knowledge has never seen (`kafka`, `knative`) raises that bar by this much. */
  unknownWordCost: 0.5,
  /** A word matched as the start of a longer one (`observab`) counts for this much of it. */
  prefixCredit: 0.5,
  /** Hits the question does not name and scoring under this fraction of the best such hit are noise. */
  relativeCutoff: 0.25,
  /** A word in more than this share of the entries (and more than commonWordMinEntries) says little about which entry is meant (see commonThreshold). */
  commonWordShare: 0.1,
  commonWordMinEntries: 200,
  /**
   * In a conversation with a subject, what each word of the question that is
   * generic or asks about a subject (FOLLOW_UP_WORDS) says for that subject:
   * as much as the bar, so one such word is a follow-up, and none is not.
   */
  subjectWordEvidence: 0.6,
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
      if (!info) vocabulary.set(term, (info = { term, entries: 0, inHead: false, lastEntry: -1, lastFields: 0 }));
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

/** What a question's word is to the knowledge. */
interface QueryWord {
  term: string;
  /**
   * `telling`: the knowledge has it and it can say what the question is about;
   * `generic`: every question about Kubernetes may have it (vocabulary.ts),
   * or a bare number; `ordinary`: the knowledge has never seen it but it is
   * common English or French (ordinary-words.ts), so it says nothing either
   * way; `unknown`: neither, most likely the name of something else, which
   * hints the question is about that.
   */
  kind: 'telling' | 'generic' | 'ordinary' | 'unknown';
}

export class KnowledgeIndex {
  private readonly mini: MiniSearch<IndexedDoc>;
  /** Every term of every entry (see Vocabulary). */
  private readonly vocabulary: Vocabulary = new Map();
  private readonly entryCount: number;
  private readonly entries = new Map<string, Entry>();
  private readonly commonWordThreshold: number;
  private readonly names: PhraseIndex;
  private readonly tags: PhraseIndex;
  /** What a misspelt word may have meant: a word of a name (see correct)… */
  private readonly nameWords = new TypoDictionary();
  /** …or, for a word that is not ordinary language, a word of a name or a tag. */
  private readonly nameAndTagWords = new TypoDictionary();

  constructor(entries: readonly Entry[]) {
    const vocabulary = this.vocabulary;
    const terms = entries.map((entry, i) => termsOfEntry(entry, i, vocabulary));
    this.entryCount = entries.length;
    this.commonWordThreshold = commonThreshold(entries.length);
    // Read the common-words lists and their families (about 0.2 s) right after start rather than
    // on the first question or inside the build; a question asked sooner reads them then.
    setImmediate(() => isOrdinaryWord(''));
    this.names = new PhraseIndex(entries, namesOf);
    this.tags = new PhraseIndex(entries, tagsOf, { byFamily: true });
    for (const word of this.names.words) this.nameWords.add(word);
    for (const word of [...this.names.words, ...this.tags.words]) this.nameAndTagWords.add(word);
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

  search(query: string, options: SearchOptions = {}): SearchOutcome {
    const words = this.readQuery(query);
    if (words.length === 0) return { hits: [], nearMisses: [] };
    const terms = words.map((w) => w.term);
    const named = new Set(this.names.find(terms).flatMap((m) => [...m.ids]));
    const subject = options.subject !== undefined && this.entries.has(options.subject) ? options.subject : undefined;
    // A tag is held in another form of its words only by words the knowledge
    // itself uses (`packager` holds `packaging`): an ordinary word it never
    // uses is too loose a relative (`state` is no `stateful`).
    const tags = this.tags.find(terms, (i) => words[i]!.kind === 'telling' || words[i]!.kind === 'generic');
    const hits = this.decide(words, named, tags, this.rank(words), subject);
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
      const known = isGenericTerm(term) || this.vocabulary.has(term) ? term : (this.correct(term) ?? term);
      if (words.some((w) => w.term === known)) return;
      const kind = isGenericTerm(known) ? 'generic' : this.vocabulary.has(known) ? 'telling' : isOrdinaryWord(known) ? 'ordinary' : 'unknown';
      // The joined form of a hyphenated word (`logql-filter` → `logqlfilter`) is no second unknown word.
      if (kind === 'unknown' && isJoinedForm(terms, i)) return;
      words.push({ term: known, kind });
    });
    return words;
  }

  /**
   * A typo's correction: a word of a name, or of a tag unless the word is
   * ordinary language (`harbour` is Harbor, but `stuck` is no misspelt `stack`).
   */
  private correct(term: string): string | undefined {
    return (isOrdinaryWord(term) ? this.nameWords : this.nameAndTagWords).closest(term);
  }

  /**
   * Rank: the query's words as MiniSearch scores them with the field boosts.
   * Generic words, and words most of a large base has, only rank when the
   * query has nothing else: beside a telling word they would reorder little
   * and cost the most (theirs are the longest lists in the index).
   */
  private rank(words: readonly QueryWord[]): MiniSearchResult[] {
    const specific = words.filter((w) => w.kind !== 'generic' && !this.isCommon(this.vocabulary.get(w.term)));
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
   *
   * In a conversation about `subject`, a question that names nothing is
   * weighed for the subject too: besides its own evidence, each generic word
   * (`prod`, `ready`) or word asking about a subject (`presented`, `limites`)
   * brings subjectWordEvidence, since the conversation says which entry such
   * words are about; those words are no unknown words there. The subject
   * answers with enough of it, unless another entry has more (`et la gestion
   * des logs ?` under Helm is about Loki); a question with none of it
   * (`quelle heure est-il ?`) gets no answer, as it would outside a conversation.
   */
  private decide(
    words: readonly QueryWord[],
    named: ReadonlySet<string>,
    tags: readonly PhraseMatch[],
    results: readonly MiniSearchResult[],
    subject?: string,
  ): SearchHit[] {
    // A word no entry matched, not even as the start of a longer word, is unknown.
    const matched = new Set(results.flatMap((r) => r.queryTerms));
    const unknown = words.filter((w) => w.kind === 'unknown' && !matched.has(w.term)).length;
    const telling = words.filter((w) => w.kind === 'telling' || (w.kind !== 'generic' && matched.has(w.term)));
    const bar = SEARCH_TUNING.minEvidence + SEARCH_TUNING.unknownWordCost * unknown;
    const hit = (id: string, score: number, evidence: number): SearchHit => ({
      id,
      title: this.entries.get(id)?.title ?? id,
      score: Math.round(score * 1000) / 1000,
      named: named.has(id),
      evidence: Math.round(evidence * 100) / 100,
    });
    const hits = results.map((r) => hit(String(r.id), r.score, this.evidence(String(r.id), r.match, telling, tags)));
    // Entries named, or tagged with a phrase of generic words only, that the
    // ranking left out (it drops generic words next to others) still count.
    const ranked = new Set(hits.map((h) => h.id));
    const missing = new Set([...named].filter((id) => !ranked.has(id)));
    for (const tag of tags) {
      if (tag.ids.size > this.commonWordThreshold || !tag.words.every(isGenericTerm)) continue;
      for (const id of tag.ids) if (!ranked.has(id)) missing.add(id);
    }
    for (const id of missing) hits.push(hit(id, 0, this.evidence(id, {}, telling, tags)));
    const isEvent = (h: SearchHit) => this.entries.get(h.id)?.kind === 'event';
    const byName = hits.filter((h) => h.named && !isEvent(h));
    const events = hits.filter((h) => h.named && isEvent(h));
    const supported = hits.filter((h) => !h.named && h.evidence >= bar);
    const best = supported[0]?.score ?? 0;
    const others = supported.filter((h) => h.score >= best * SEARCH_TUNING.relativeCutoff);
    const followUp = subject !== undefined && named.size === 0 ? this.followUp(subject, words, telling, tags, results) : undefined;
    if (!followUp) return [...byName, ...events, ...others].slice(0, SEARCH_TUNING.maxHits);
    const rest = others.filter((h) => h.id !== subject);
    const stronger = rest.filter((h) => h.evidence > followUp.evidence);
    const subjectHit = hit(subject!, followUp.score, followUp.evidence);
    return [...stronger, subjectHit, ...rest.filter((h) => !stronger.includes(h))].slice(0, SEARCH_TUNING.maxHits);
  }

  /**
   * A question that names nothing, as a follow-up on the conversation's
   * subject: its evidence for the subject (see decide), or undefined when
   * that is under the bar.
   */
  private followUp(
    subject: string,
    words: readonly QueryWord[],
    telling: readonly QueryWord[],
    tags: readonly PhraseMatch[],
    results: readonly MiniSearchResult[],
  ): { score: number; evidence: number } | undefined {
    const asksAboutIt = (w: QueryWord) => w.kind === 'generic' || isFollowUpTerm(w.term);
    const matched = new Set(results.flatMap((r) => r.queryTerms));
    const unknown = words.filter((w) => w.kind === 'unknown' && !matched.has(w.term) && !asksAboutIt(w)).length;
    const ranked = results.find((r) => String(r.id) === subject);
    const evidence =
      this.evidence(subject, ranked?.match ?? {}, telling.filter((w) => !asksAboutIt(w)), tags) +
      SEARCH_TUNING.subjectWordEvidence * words.filter(asksAboutIt).length;
    if (evidence < SEARCH_TUNING.minEvidence + SEARCH_TUNING.unknownWordCost * unknown) return undefined;
    return { score: ranked?.score ?? 0, evidence };
  }

  /**
   * The evidence for an entry: each of its tags the question holds whole
   * brings tagEvidence times how rare the tag is (among the entries tagged
   * with it); each other telling word the entry has anywhere brings
   * mentionEvidence times how rare the word is (among the entries that have
   * it), a word matched as the start of a longer one counting half.
   */
  private evidence(id: string, match: MiniSearchResult['match'], telling: readonly QueryWord[], tags: readonly PhraseMatch[]): number {
    let total = 0;
    const covered = new Set<string>();
    for (const tag of tags) {
      if (!tag.ids.has(id)) continue;
      total += SEARCH_TUNING.tagEvidence * rarity(tag.ids.size, this.entryCount);
      for (const word of tag.words) covered.add(word);
    }
    for (const { term } of telling) {
      if (covered.has(term)) continue;
      let best = 0;
      for (const matched of Object.keys(match)) {
        const credit = matched === term ? 1 : matched.startsWith(term) ? SEARCH_TUNING.prefixCredit : 0;
        if (credit > 0) best = Math.max(best, credit * rarity(this.vocabulary.get(matched)?.entries ?? 1, this.entryCount));
      }
      total += SEARCH_TUNING.mentionEvidence * best;
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

import type { Entry } from './entry.js';
import { isGenericTerm, normalizeTerm, tokenizeText, wordFamily } from './text.js';

// What entries are called (their title, each part of it, id, aliases, people
// and companies) and what they are tagged with, as phrases to find whole in a
// question. A question that holds a name is about that entry however long the
// sentence around it; one that holds a tag is about what the tag says. A
// phrase is matched on its words joined together, so `kube hunter`,
// `kube-hunter` and `kubehunter`, or `open ebs` and `openebs`, are the same.

/** Phrases longer than this are never typed whole. */
const MAX_NAME_WORDS = 6;

/** The normalised words of a name or of a question, stop words left out. */
export function termsOf(text: string): string[] {
  const terms: string[] = [];
  for (const token of tokenizeText(text)) {
    const term = normalizeTerm(token);
    if (term) terms.push(term);
  }
  return terms;
}

/** Whether the term at `i` is the words just before it joined (tokenizeText adds that form after a hyphenated word's parts). */
export function isJoinedForm(terms: readonly string[], i: number): boolean {
  let joined = '';
  for (let k = i - 1; k >= 0 && joined.length < terms[i]!.length; k--) joined = terms[k] + joined;
  return joined === terms[i];
}

/** A title's parts: `Loki (Grafana Labs)` is called `Loki` and `Grafana Labs`. */
function titleParts(title: string): string[] {
  return title.split(/[():,+&/;|]/);
}

/**
 * Optimal string alignment distance (Levenshtein with adjacent swaps counting
 * one edit), given up once it exceeds `max`. Called for many candidates per
 * query word on a large base, so its three rows are reused, not allocated.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (rows[0]!.length <= b.length) rows.forEach((_, i) => (rows[i] = new Uint16Array(b.length * 2 + 2)));
  let [prevPrev, prev, row] = rows as [Uint16Array, Uint16Array, Uint16Array];
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) d = Math.min(d, prevPrev[j - 2]! + 1);
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    [prevPrev, prev, row] = [prev, row, prevPrev];
  }
  return prev[b.length]!;
}
const rows = [new Uint16Array(64), new Uint16Array(64), new Uint16Array(64)];

/**
 * How many edits a typo of a word this long may have: none under four
 * letters, a swap of two letters at four (`hlem`), one edit from five
 * (`lokki`, `confest`), two from nine (`opentelemtry`). A typo keeps its first
 * letter: `knative` is not a misspelt `native`.
 */
function allowedEdits(word: string): number {
  if (word.length >= 9) return 2;
  if (word.length >= 4) return 1;
  return 0;
}

const sortedLetters = (word: string) => [...word].sort().join('');

/** Words a typo may be corrected to, by first letter and length: each query word is compared with few. */
export class TypoDictionary {
  private readonly buckets = new Map<string, Set<string>>();

  /** Every word, for another dictionary to take in. */
  *[Symbol.iterator](): IterableIterator<string> {
    for (const words of this.buckets.values()) yield* words;
  }

  add(term: string): void {
    if (term.length < 4 || /\d/.test(term)) return;
    const key = `${term[0]}${term.length}`;
    let words = this.buckets.get(key);
    if (!words) this.buckets.set(key, (words = new Set()));
    words.add(term);
  }

  /** The closest word within the edits a typo may have (`extra`: more, for "did you mean"). */
  closest(word: string, extra = 0): string | undefined {
    // Suggestions allow one edit more, for words long enough that it still looks like a slip (`linkrdd`).
    const max = allowedEdits(word) + (word.length >= 7 ? extra : 0);
    if (max === 0) return undefined;
    let best: string | undefined;
    let bestDistance = Infinity;
    for (let length = word.length - max; length <= word.length + max; length++) {
      for (const candidate of this.buckets.get(`${word[0]}${length}`) ?? []) {
        const distance = editDistance(word, candidate, max);
        if (distance > max || distance > bestDistance || (distance === bestDistance && candidate > best!)) continue;
        // At four letters only a swap: `help` is not a misspelt `helm`.
        if (word.length === 4 && !extra && sortedLetters(word) !== sortedLetters(candidate)) continue;
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }
}

/** A phrase found whole in a question: the entries it belongs to, and the question's words it took. */
export interface PhraseMatch {
  ids: ReadonlySet<string>;
  words: readonly string[];
}

/** What an entry is called: each part of its title, its id, aliases, people and companies. */
export const namesOf = (entry: Entry): string[] => [...titleParts(entry.title), entry.id, ...entry.aliases, ...entry.people, ...entry.companies];

/** What an entry is said to be about. */
export const tagsOf = (entry: Entry): string[] => entry.tags;

/**
 * Phrases (names, or tags) of the entries, found whole in a question by their
 * words joined, so the spacing and hyphens people type do not matter. With
 * `byFamily` (tags), a phrase is also found with its words in other forms of
 * the same family (`packager` holds the tag `packaging`), for the words the
 * caller allows; names are only ever found as they are written.
 */
export class PhraseIndex {
  /** A phrase's words joined (`kubehunter`) → the entries that have it, and its words. */
  private readonly phrases = new Map<string, { ids: Set<string>; words: string[] }>();
  /** With `byFamily`: a phrase's words' families joined → the same. */
  private readonly families: Map<string, { ids: Set<string>; words: string[] }> | undefined;
  /** The phrases' words and joined forms: what a typo of one may be. */
  readonly words = new TypoDictionary();
  /** Every phrase word → the entries whose phrase has it, for "did you mean". */
  private readonly byWord = new Map<string, Set<string>>();

  constructor(entries: readonly Entry[], phrasesOf: (entry: Entry) => string[], { byFamily = false } = {}) {
    if (byFamily) this.families = new Map();
    for (const entry of entries) {
      for (const phrase of phrasesOf(entry)) {
        const words = termsOf(phrase).filter((_, i, all) => !isJoinedForm(all, i));
        // A version or a year qualifies a name: `Helm 3`, `DevConf 2030` are also called `Helm`, `DevConf`.
        let last = words.length;
        while (last > 1 && /^\d+$/.test(words[last - 1]!)) last--;
        for (const form of last < words.length ? [words, words.slice(0, last)] : [words]) this.add(form, entry.id);
      }
    }
  }

  private add(words: string[], id: string): void {
    // One generic word or number (`Kubernetes`, `2019`, `outil`) is nothing in particular.
    if (words.length === 0 || words.length > MAX_NAME_WORDS || (words.length === 1 && isGenericTerm(words[0]!))) return;
    const key = words.join('');
    addPhrase(this.phrases, key, words, id);
    if (this.families) addPhrase(this.families, this.familyKey(words), words, id);
    this.words.add(key);
    for (const word of words) {
      if (isGenericTerm(word)) continue;
      this.words.add(word);
      addTo(this.byWord, word, id);
    }
  }

  /** Families of the phrases' words, each stemmed once (see wordFamily). */
  private readonly familyOf = new Map<string, string>();

  private familyKey(words: readonly string[]): string {
    let key = '';
    for (const word of words) {
      let family = this.familyOf.get(word);
      if (family === undefined) this.familyOf.set(word, (family = wordFamily(word)));
      key += family;
    }
    return key;
  }

  /**
   * The phrases a question's words hold whole, in the order they appear; with
   * `byFamily`, also in other forms of the same family, for the words
   * `inFamily` allows (see KnowledgeIndex.search).
   */
  find(words: readonly string[], inFamily: (i: number) => boolean = () => false): PhraseMatch[] {
    const found: PhraseMatch[] = [];
    const families = this.families && words.map((word, i) => (inFamily(i) ? wordFamily(word) : undefined));
    for (let start = 0; start < words.length; start++) {
      let key = '';
      let familyKey: string | undefined = '';
      for (let end = start; end < Math.min(words.length, start + MAX_NAME_WORDS); end++) {
        key += words[end];
        const family = families?.[end];
        familyKey = familyKey !== undefined && family !== undefined ? familyKey + family : undefined;
        const phrase = this.phrases.get(key) ?? (familyKey !== undefined ? this.families?.get(familyKey) : undefined);
        if (phrase) found.push({ ids: phrase.ids, words: words.slice(start, end + 1) });
      }
    }
    return found;
  }

  /** Entries with a phrase word one edit further than a typo may be from `word`: "did you mean". */
  near(word: string): string[] {
    const close = this.words.closest(word, 1);
    return close ? [...(this.byWord.get(close) ?? this.phrases.get(close)?.ids ?? [])] : [];
  }
}

function addPhrase(map: Map<string, { ids: Set<string>; words: string[] }>, key: string, words: string[], id: string): void {
  const known = map.get(key);
  if (known) known.ids.add(id);
  else map.set(key, { ids: new Set([id]), words });
}

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  if (set) set.add(id);
  else map.set(key, new Set([id]));
}

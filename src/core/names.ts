import type { Entry } from './entry.js';
import { normalizeTerm, tokenizeText } from './text.js';
import { GENERIC_TERMS } from './vocabulary.js';

// What entries are called: their title (each part of it), id, aliases, people
// and companies. A question that contains one of these names, whole, is about
// that entry however long the sentence around it; a name is matched on its
// words joined together, so `kube hunter`, `kube-hunter` and `kubehunter`, or
// `open ebs` and `openebs`, are the same name.

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

/** A title's parts: `Loki (Grafana Labs)` is called `Loki` and `Grafana Labs`. */
function titleParts(title: string): string[] {
  return title.split(/[():,+&/;|]/);
}

/**
 * Optimal string alignment distance (Levenshtein with adjacent swaps counting
 * one edit), given up once it exceeds `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length]!;
}

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

  /** The closest word within the edits a typo may have (`slack`: more, for "did you mean"). */
  closest(word: string, slack = 0): string | undefined {
    // Suggestions allow one edit more, for words long enough that it still looks like a slip (`linkrdd`).
    const max = allowedEdits(word) + (word.length >= 7 ? slack : 0);
    if (max === 0) return undefined;
    let best: string | undefined;
    let bestDistance = Infinity;
    for (let length = word.length - max; length <= word.length + max; length++) {
      for (const candidate of this.buckets.get(`${word[0]}${length}`) ?? []) {
        const distance = editDistance(word, candidate, max);
        if (distance > max || distance > bestDistance || (distance === bestDistance && candidate > best!)) continue;
        // At four letters only a swap: `help` is not a misspelt `helm`.
        if (word.length === 4 && !slack && sortedLetters(word) !== sortedLetters(candidate)) continue;
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }
}

export class NameIndex {
  /** A name's words joined (`kubehunter`) → the entries so called. */
  private readonly names = new Map<string, Set<string>>();
  /** Words that are part of a name, and names' joined forms: what a typo of a name may be. */
  readonly words = new TypoDictionary();
  /** Every name word → the entries whose name has it, for "did you mean". */
  private readonly byWord = new Map<string, Set<string>>();

  constructor(entries: readonly Entry[]) {
    for (const entry of entries) {
      const phrases = [...titleParts(entry.title), entry.id, ...entry.aliases, ...entry.people, ...entry.companies];
      for (const phrase of phrases) {
        const words = termsOf(phrase);
        // A name made only of generic words or numbers (`Kubernetes`, `2019`) names nothing in particular.
        if (words.length === 0 || words.length > MAX_NAME_WORDS || words.every((w) => GENERIC_TERMS.has(w) || /^\d+$/.test(w))) continue;
        const key = words.join('');
        addTo(this.names, key, entry.id);
        this.words.add(key);
        for (const word of words) {
          if (GENERIC_TERMS.has(word)) continue;
          this.words.add(word);
          addTo(this.byWord, word, entry.id);
        }
      }
    }
  }

  /** The entries a question's words name (in the order the names appear). */
  recognise(words: readonly string[]): string[] {
    const found: string[] = [];
    for (let start = 0; start < words.length; start++) {
      let key = '';
      for (let end = start; end < Math.min(words.length, start + MAX_NAME_WORDS); end++) {
        key += words[end];
        for (const id of this.names.get(key) ?? []) if (!found.includes(id)) found.push(id);
      }
    }
    return found;
  }

  /** Entries with a name word one edit further than a typo may be from a question's word: "did you mean". */
  near(word: string): string[] {
    const close = this.words.closest(word, 1);
    return close ? [...(this.byWord.get(close) ?? this.names.get(close) ?? [])] : [];
  }
}

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  if (set) set.add(id);
  else map.set(key, new Set([id]));
}

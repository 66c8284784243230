import { stemmer as englishStem } from '@orama/stemmers/english';
import { stemmer as frenchStem } from '@orama/stemmers/french';
import { eng, fra } from 'stopword';
import { CANONICAL_TERMS, FOLLOW_UP_WORDS, GENERIC_WORDS } from './vocabulary.js';

// Text normalisation shared by indexing and querying, so both sides always
// agree on what a term is.

/** Lower case without accents, compatibility forms folded too: `Maturité` → `maturite`, `ｌｏｋｉ` → `loki`. */
export function foldText(text: string): string {
  const lower = text.toLowerCase();
  // Most of what is indexed is plain ASCII: skip the costly Unicode pass then.
  return NON_ASCII.test(lower) ? lower.normalize('NFKD').replace(COMBINING_MARKS, '') : lower;
}

// The combining diacritical mark blocks NFD splits accents into: a plain
// character class, about twice as fast as `\p{M}` on this hot path.
const COMBINING_MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+/g;

const NON_ASCII = /[^\x00-\x7f]/;

// Question words and chat filler this team types around the actual subject.
const EXTRA_STOP_WORDS = [
  'quoi', 'quel', 'quelle', 'quels', 'quelles', 'comment', 'pourquoi', 'parle', 'parler', 'dis', 'moi',
  'cest', 'qu', 'est', 'sont', 'ca', 'cela', 'stp', 'svp', 'merci', 'bonjour', 'salut', 'hello', 'hi',
  'what', 'whats', 'which', 'who', 'how', 'why', 'tell', 'me', 'about', 'explain', 'please', 'thanks',
  'does', 'do', 'is', 'are', 'the', 'a', 'an', 'of', 'for', 'with', 'on', 'in', 'to', 'it', 'its',
  'y', 'a', 'l', 'd', 'c', 'j', 'm', 'n', 's', 't', 'un', 'une', 'des', 'les', 'le', 'la', 'du', 'de',
  'ceux', 'celui', 'celle', 'celles', 'faut', 'falloir', 'chose', 'truc', 'trucs', 'genre', 'moyen', 'leur', 'leurs',
  'koi', 'quoi', 'deja', 'vous', 'nous', 'on', 'ya', 'alors', 'donc', 'bien', 'peu', 'tres', 'plus', 'aussi',
  'can', 'could', 'would', 'should', 'will', 'we', 'you', 'i', 'my', 'our', 'your', 'there', 'any', 'some',
  'vs', 'versus', 'via', 'between', 'still', 'also', 'just', 'really', 'anyone', 'someone',
  'when', 'even', 'does', 'not', 'cannot', 'vers', 'chez', 'entre', 'sous',
];

export const STOP_WORDS: ReadonlySet<string> = new Set(
  [...eng, ...fra, ...EXTRA_STOP_WORDS].map((w) => foldText(w).replace(/[^\p{L}\p{N}]/gu, '')),
);

// Words split on anything that is not a letter or digit, including
// apostrophes (so `l'outil` and `d'OPA` give `outil` and `opa`).
const NON_WORD = /[^\p{L}\p{N}-]+/u;
const NON_WORD_ASCII = /[^a-z0-9-]+/;

/**
 * Splits text into folded words. Hyphenated words also yield their joined
 * form, so `kube-hunter` indexes `kube`, `hunter` and `kubehunter`, and a
 * person typing any of the three finds it.
 */
export function tokenizeText(text: string): string[] {
  const tokens: string[] = [];
  const folded = foldText(text);
  for (const chunk of folded.split(NON_ASCII.test(folded) ? NON_WORD : NON_WORD_ASCII)) {
    if (!chunk.includes('-')) {
      if (chunk) tokens.push(chunk);
      continue;
    }
    const parts = chunk.split('-').filter(Boolean);
    tokens.push(...parts);
    // `qu'a-t-on`, `est-ce`, `peut-être` are grammar, not a compound name.
    if (parts.length > 1 && !parts.some((p) => STOP_WORDS.has(p) || (p.length === 1 && !/\d/.test(p)))) tokens.push(parts.join(''));
  }
  return tokens;
}

/**
 * Turns a word into an index term, or null for words that carry no meaning.
 * A trailing plural `s` is dropped on both sides (`logs`/`log`,
 * `secrets`/`secret`): the lightest stemming that helps French and English
 * alike. Then one concept, one term across both languages (see vocabulary.ts).
 */
export function normalizeTerm(word: string): string | null {
  if (STOP_WORDS.has(word)) return null;
  if (word.length === 1 && !/\d/.test(word)) return null;
  const singular = word.length >= 4 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
  return CANONICAL_TERMS.get(singular) ?? singular;
}

const termsOfWords = (words: readonly string[]): ReadonlySet<string> =>
  new Set(words.flatMap((word) => tokenizeText(word).map(normalizeTerm)).filter((t): t is string => t !== null));

const GENERIC_TERMS = termsOfWords(GENERIC_WORDS);
const FOLLOW_UP_TERMS = termsOfWords(FOLLOW_UP_WORDS);

/** A word that asks about whatever a conversation is about (vocabulary.ts: FOLLOW_UP_WORDS). */
export function isFollowUpTerm(term: string): boolean {
  return FOLLOW_UP_TERMS.has(term);
}

/** A word any question may carry (vocabulary.ts), or a bare number: never enough on its own to answer. */
export function isGenericTerm(term: string): boolean {
  return GENERIC_TERMS.has(term) || /^\d+$/.test(term);
}

const STEMMABLE = /^[a-z]{4,}$/;

/** A stem shorter than this says too little to join two words (`redis` is no `red`, `state` no `stateful`). */
const MIN_FAMILY_LENGTH = 5;

/**
 * A normalised term's word family: its Snowball stem, English then French,
 * so the forms of one word in either language meet (`centraliser`,
 * `centralisation`, `centralized` → `central`; `securiser`, `securite`,
 * `secure` → `secur`; `packager`, `packaging` → `packag`). Words with digits,
 * and words whose stem would be short, are their own family.
 */
export function wordFamily(term: string): string {
  if (!STEMMABLE.test(term)) return term;
  const stem = frenchStem(englishStem(term));
  return stem.length >= MIN_FAMILY_LENGTH ? stem : term;
}

// C0 and C1 controls, DEL included: never words, and never to reach a terminal or a message as typed.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/** `text` with each control character (a pasted escape sequence, a bell, a tab or line break) made a space. */
export const withoutControlCharacters = (text: string): string => text.replace(CONTROL_CHARACTERS, ' ');

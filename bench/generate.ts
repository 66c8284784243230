import type { Entry } from '../src/core/entry.js';

// Synthetic knowledge bases for scale measurements: entries shaped like the
// recap's (about 175 indexed words each: summary and key points ~55, body ~90,
// tags, aliases), with made-up names. Two ways to draw their words:
// - `zipf`: like real text, a few words are everywhere and most are rare
//   (Zipf's law over the recap's words, most frequent first, then 30,000
//   made-up ones);
// - `uniform`: every word of the recap's small vocabulary equally likely, so
//   each is in a tenth of the entries: a stress test no real corpus looks like.

export type WordDistribution = 'zipf' | 'uniform';

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const SYLLABLES = ['ku', 'be', 'lo', 'ki', 'ne', 'ta', 'ro', 'ok', 'fla', 'gon', 'zi', 'par', 'mesh', 'ops', 'vo', 'lt', 'dra', 'mi', 'sel', 'tur'];

function recapWordsByFrequency(source: readonly Entry[]): string[] {
  const counts = new Map<string, number>();
  for (const entry of source) {
    for (const word of `${entry.summary} ${entry.body}`.split(/[^\p{L}\p{N}-]+/u)) {
      if (word.length > 3) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([word]) => word);
}

function wordPicker(random: () => number, source: readonly Entry[], distribution: WordDistribution): () => string {
  const recapWords = recapWordsByFrequency(source);
  if (distribution === 'uniform') return () => recapWords[Math.floor(random() * recapWords.length)]!;
  const madeUp = Array.from({ length: 30_000 }, (_, i) => {
    let word = '';
    for (let n = i + 1; n > 0; n = Math.floor(n / SYLLABLES.length)) word += SYLLABLES[n % SYLLABLES.length];
    return `${word}x`;
  });
  const vocabulary = [...recapWords, ...madeUp];
  // Cumulative weights 1/rank, searched by bisection.
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= vocabulary.length; rank++) cumulative.push((total += 1 / rank));
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return vocabulary[lo]!;
  };
}

export function generateEntries(count: number, vocabularySource: readonly Entry[], options: { distribution?: WordDistribution; seed?: number } = {}): Entry[] {
  const random = prng(options.seed ?? 42);
  const pick = wordPicker(random, vocabularySource, options.distribution ?? 'zipf');
  const sentence = (n: number) => Array.from({ length: n }, pick).join(' ');
  const name = () => Array.from({ length: 2 + Math.floor(random() * 3) }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join('');
  return Array.from({ length: count }, (_, i) => {
    const title = `${name()} ${i}`;
    return {
      id: `gen-${i}`,
      title,
      kind: random() < 0.5 ? 'project' : 'talk',
      event: `event-${i % 20}`,
      tags: Array.from({ length: 8 }, pick),
      aliases: [title.replace(' ', ''), name()],
      people: [],
      companies: [],
      links: [{ title: 'Site', url: `https://example.org/${i}` }],
      summary: sentence(25),
      key_points: [sentence(10), sentence(10), sentence(10)],
      source: { title: 'Synthetic', publisher: 'bench' },
      body: sentence(90),
      file: `generated/${i}.md`,
    } satisfies Entry;
  });
}

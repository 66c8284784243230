import type { Entry } from '../src/core/entry.js';

// Synthetic knowledge bases for scale measurements: entries shaped like the
// recap's (about 175 indexed words each: summary and key points ~55, body ~90,
// tags, aliases), with words drawn from its own vocabulary plus made-up names.

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function generateEntries(count: number, vocabularySource: readonly Entry[], seed = 42): Entry[] {
  const random = prng(seed);
  const words = [...new Set(vocabularySource.flatMap((e) => `${e.summary} ${e.body}`.split(/[^\p{L}\p{N}-]+/u)).filter((w) => w.length > 3))];
  const pick = () => words[Math.floor(random() * words.length)]!;
  const sentence = (n: number) => Array.from({ length: n }, pick).join(' ');
  const syllables = ['ku', 'be', 'lo', 'ki', 'ne', 'ta', 'ro', 'ok', 'fla', 'gon', 'zi', 'par', 'mesh', 'ops', 'vo', 'lt'];
  const name = () => Array.from({ length: 2 + Math.floor(random() * 3) }, () => syllables[Math.floor(random() * syllables.length)]).join('');
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

import type { Entry } from '../../src/core/entry.js';

/** An in-memory entry for core tests: only what the test sets differs from a bare project. */
export function makeEntry(id: string, fields: Partial<Entry> = {}): Entry {
  return {
    id,
    title: id,
    kind: 'project',
    event: 'test',
    tags: [],
    aliases: [],
    people: [],
    companies: [],
    links: [],
    summary: 'Résumé.',
    key_points: [],
    source: { title: 'Test', publisher: 'test' },
    body: 'Corps.',
    file: `test/${id}.md`,
    ...fields,
  };
}

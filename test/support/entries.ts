import { loadAssistant, type Assistant } from '../../src/core/assistant.js';
import type { Entry } from '../../src/core/entry.js';
import { formatProblems } from '../../src/core/knowledge.js';
import { KNOWLEDGE_DIR } from './test-app.js';

/** The recap's knowledge, loaded as the bot loads it. */
export async function loadRecap(): Promise<Assistant> {
  const loaded = await loadAssistant(KNOWLEDGE_DIR);
  if (!loaded.ok) throw new Error(formatProblems(loaded.problems));
  return loaded.assistant;
}

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

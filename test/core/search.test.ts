import { beforeAll, describe, expect, it } from 'vitest';
import type { Entry } from '../../src/core/entry.js';
import { loadKnowledge } from '../../src/core/knowledge.js';
import { KnowledgeIndex } from '../../src/core/search.js';
import { KNOWLEDGE_DIR } from '../support/test-app.js';

let recap: Entry[];
beforeAll(async () => {
  const loaded = await loadKnowledge(KNOWLEDGE_DIR);
  if (!loaded.ok) throw new Error('invalid knowledge');
  recap = loaded.entries;
});

describe('the search index', () => {
  it('folds accents, splits elisions and joins split forms', () => {
    const index = new KnowledgeIndex(recap);
    const first = (q: string) => index.search(q).hits[0]?.id;
    expect(first('maturite')).toBe(first('maturité'));
    expect(first("d'OPA")).toBe('conftest');
    expect(first('kube hunter')).toBe('kube-hunter');
    expect(first('kubehunter')).toBe('kube-hunter');
    expect(first('hlem')).toBe('helm-3');
  });

  it('finds nothing for an empty or stop-word-only query', () => {
    const index = new KnowledgeIndex(recap);
    expect(index.search('')).toEqual({ hits: [], nearMisses: [] });
    expect(index.search("c'est quoi le la les ?")).toEqual({ hits: [], nearMisses: [] });
  });
});

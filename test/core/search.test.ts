import { beforeAll, describe, expect, it } from 'vitest';
import type { Entry } from '../../src/core/entry.js';
import { formatProblems, loadKnowledge } from '../../src/core/knowledge.js';
import { KnowledgeIndex } from '../../src/core/search.js';
import { makeEntry } from '../support/entries.js';
import { KNOWLEDGE_DIR } from '../support/test-app.js';

let recap: Entry[];
beforeAll(async () => {
  const loaded = await loadKnowledge(KNOWLEDGE_DIR);
  if (!loaded.ok) throw new Error(formatProblems(loaded.problems));
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

  it('sets the event’s own words aside for a word that is what an entry is called, not for a mere tag', () => {
    const index = new KnowledgeIndex([
      makeEntry('devconf-2030', { kind: 'event', title: 'DevConf 2030', tags: ['conference', 'cncf'], summary: 'On y a vu Zorkmesh, Glimdb et des outils.' }),
      makeEntry('zorkmesh', { title: 'Zorkmesh', tags: ['service mesh'], summary: 'Un maillage de services.' }),
      makeEntry('glimdb', { title: 'Glimdb', tags: ['tools', 'outils'], summary: 'Une base de données.' }),
    ]);
    const first = (q: string) => index.search(q).hits[0]?.id;
    expect(first('zorkmesh à la devconf')).toBe('zorkmesh');
    expect(first('zorkmesh cncf')).toBe('zorkmesh');
    expect(first('devconf outils')).toBe('devconf-2030');
    expect(first('devconf')).toBe('devconf-2030');
  });

  it('finds nothing for an empty or stop-word-only query', () => {
    const index = new KnowledgeIndex(recap);
    expect(index.search('')).toEqual({ hits: [], nearMisses: [] });
    expect(index.search("c'est quoi le la les ?")).toEqual({ hits: [], nearMisses: [] });
  });
});

// A base large enough for the common-word rule (words in more than a tenth of
// it, and in more than 200 entries): 400 filler entries that all mention
// "kubernetes" and "cluster" in their summaries and bodies.
function largeBase(extra: Entry[]): Entry[] {
  const filler = Array.from({ length: 400 }, (_, i) =>
    makeEntry(`filler-${i}`, {
      title: `Projet ${i}`,
      tags: [`theme${i % 7}`],
      summary: `Un outil kubernetes pour le cluster, numéro ${i}.`,
      body: `Il tourne dans le cluster kubernetes. Variante ${i}.`,
    }),
  );
  return [...filler, ...extra];
}

describe('the search index on a large knowledge base', () => {
  it('finds a common word only where an entry is named or tagged with it, never a list of entries that merely mention it', () => {
    const tagged = new KnowledgeIndex(largeBase([makeEntry('k8s-guide', { title: 'Guide', tags: ['kubernetes'] })]));
    expect(tagged.search('kubernetes').hits.map((h) => h.id)).toEqual(['k8s-guide']);
    const untagged = new KnowledgeIndex(largeBase([]));
    expect(untagged.search('kubernetes')).toEqual({ hits: [], nearMisses: [] });
    expect(untagged.search('cluster kubernetes')).toEqual({ hits: [], nearMisses: [] });
  });

  it('ignores a common word next to a telling one', () => {
    const index = new KnowledgeIndex(largeBase([makeEntry('velero', { summary: 'Sauvegarde et restauration.' })]));
    expect(index.search('restauration du cluster kubernetes').hits[0]?.id).toBe('velero');
  });

  it('still finds a word that only one body has, and prefers an entry whose head has a word to one whose body does', () => {
    const index = new KnowledgeIndex(
      largeBase([
        makeEntry('postmortem', { body: 'Ils ont raconté un etcdctl malheureux.' }),
        makeEntry('backup-tool', { summary: 'Sauvegarde des volumes.' }),
        makeEntry('other', { body: 'On parle aussi de sauvegarde ici.' }),
      ]),
    );
    expect(index.search('etcdctl').hits[0]?.id).toBe('postmortem');
    expect(index.search('sauvegarde').hits.map((h) => h.id)).toEqual(['backup-tool']);
  });
});

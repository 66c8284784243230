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
  const first = (index: KnowledgeIndex, q: string) => index.search(q).hits[0]?.id;

  it('folds accents, splits elisions and joins split forms', () => {
    const index = new KnowledgeIndex(recap);
    expect(first(index, 'maturite')).toBe('cncf-maturity');
    expect(first(index, 'maturité')).toBe('cncf-maturity');
    expect(first(index, "d'OPA")).toBe('conftest');
    expect(first(index, 'kube hunter')).toBe('kube-hunter');
    expect(first(index, 'kubehunter')).toBe('kube-hunter');
    expect(first(index, 'open ebs')).toBe('openebs');
    expect(first(index, 'ｌｏｋｉ')).toBe('loki');
  });

  it('answers the entry a question names, however long the sentence around the name', () => {
    const index = new KnowledgeIndex(recap);
    expect(first(index, 'Announcing Linkerd 2.3: Towards Zero-Touch Zero-Trust Networking for Kubernetes')).toBe('linkerd');
    expect(first(index, 'Using Kubernetes extension for Chaos Toolkit as a Kubernetes Operator')).toBe('chaos-toolkit');
    expect(first(index, 'rook est-il prêt pour la prod')).toBe('rook');
    const both = index.search('Install and compare Rook, OpenEBS and MinIO').hits.map((h) => h.id);
    expect(both.slice(0, 2).sort()).toEqual(['openebs', 'rook']);
  });

  it('lets an event yield to the other entry a question names: the event is its setting', () => {
    const index = new KnowledgeIndex([
      makeEntry('devconf-2030', { kind: 'event', title: 'DevConf 2030', tags: ['conference', 'cncf'], summary: 'On y a vu Zorkmesh, Glimdb et des outils.' }),
      makeEntry('zorkmesh', { title: 'Zorkmesh', tags: ['service mesh'], summary: 'Un maillage de services.' }),
      makeEntry('glimdb', { title: 'Glimdb', tags: ['outils'], summary: 'Une base de données.' }),
    ]);
    expect(first(index, 'zorkmesh à la devconf')).toBe('zorkmesh');
    expect(first(index, 'zorkmesh cncf')).toBe('zorkmesh');
    expect(first(index, 'devconf outils')).toBe('devconf-2030');
    expect(first(index, 'devconf')).toBe('devconf-2030');
  });

  it('never answers from generic words alone, nor when an unknown word outweighs the evidence', () => {
    const index = new KnowledgeIndex(recap);
    for (const q of ['kubernetes', 'kafka on kubernetes', 'serverless on kubernetes', 'deploy to production', 'how to upgrade kubernetes 1.14 to 1.15 with kubeadm']) {
      expect(index.search(q).hits, q).toEqual([]);
    }
    // A word of a longer tag is a mention: `package manager` tags Helm, `cert-manager` is no Helm question.
    expect(first(index, 'package manager')).toBe('helm-3');
    expect(index.search('cert-manager').hits).toEqual([]);
    const small = new KnowledgeIndex([makeEntry('glimdb', { tags: ['valeur'], summary: 'Une base clé-valeur répliquée.' }), makeEntry('other')]);
    expect(first(small, 'valeur')).toBe('glimdb');
    // Ordinary English or French around it says nothing either way; a name of something else does.
    expect(first(small, 'a survey of valeur, please explain')).toBe('glimdb');
    expect(first(small, 'valeur blorptastic')).toBeUndefined();
  });

  it('reads another form of an everyday word as ordinary, and a tag in another form of a word the knowledge uses', () => {
    const index = new KnowledgeIndex(recap);
    // `centraliser`, `sécuriser`, `persistant` are in no common-words list, but `central`, `sécurité`, `persistent` are.
    expect(['loki', 'fluentd']).toContain(first(index, 'centraliser les logs'));
    expect(['loki', 'fluentd']).toContain(first(index, 'centralized logging'));
    expect(first(index, 'comment sécuriser mes secrets')).toBe('secrets-store-csi');
    expect(['openebs', 'rook']).toContain(first(index, 'stockage persistant'));
    // `packager` (Helm's key points) holds Helm's tag `packaging`.
    expect(first(index, 'packager mes applications')).toBe('helm-3');
    expect(first(index, 'package my apps')).toBe('helm-3');
    // A word the knowledge never uses holds no tag in another form: `state` is no `stateful`.
    expect(index.search('Error acquiring the state lock').hits).toEqual([]);
    const small = new KnowledgeIndex([makeEntry('glimdb', { tags: ['valeur'], summary: 'Une base clé-valeur.' }), makeEntry('other')]);
    expect(first(small, 'valeur blorptastiquer')).toBeUndefined();
  });

  it('corrects a typo of a name, never a word into a name it merely resembles', () => {
    const index = new KnowledgeIndex(recap);
    expect(first(index, 'hlem')).toBe('helm-3');
    expect(first(index, 'linkred')).toBe('linkerd');
    expect(first(index, 'confest')).toBe('conftest');
    expect(first(index, 'opentelemtry')).toBe('opentelemetry');
    expect(first(index, 'harbour')).toBe('harbor');
    expect(index.search('what is knative').hits).toEqual([]);
    expect(index.search('help').hits).toEqual([]);
    // An ordinary word is no typo of a tag: `stuck` is not `stack` (Loki's "stack ELK").
    expect(index.search('stuck').hits).toEqual([]);
  });

  it('suggests only entries whose name came close, never weak overlaps', () => {
    const index = new KnowledgeIndex(recap);
    expect(index.search('linkrdd').nearMisses.map((h) => h.id)).toEqual(['linkerd']);
    expect(index.search('Error acquiring the state lock')).toEqual({ hits: [], nearMisses: [] });
  });

  it('finds nothing for an empty or stop-word-only query', () => {
    const index = new KnowledgeIndex(recap);
    expect(index.search('')).toEqual({ hits: [], nearMisses: [] });
    expect(index.search("c'est quoi le la les ?")).toEqual({ hits: [], nearMisses: [] });
  });
});

// A base large enough for the common-word rule (words in more than a tenth of
// it, and in more than 200 entries): 400 filler entries that all mention
// "zorkmesh" and "glimdb" in their summaries and bodies.
function largeBase(extra: Entry[]): Entry[] {
  const filler = Array.from({ length: 400 }, (_, i) =>
    makeEntry(`filler-${i}`, {
      title: `Projet ${i}`,
      tags: [`theme${i % 7}`],
      summary: `Un outil zorkmesh pour glimdb, numéro ${i}.`,
      body: `Il tourne avec glimdb et zorkmesh. Variante ${i}.`,
    }),
  );
  return [...filler, ...extra];
}

describe('the search index on a large knowledge base', () => {
  it('finds a common word only where an entry is named or tagged with it, never a list of entries that merely mention it', () => {
    const tagged = new KnowledgeIndex(largeBase([makeEntry('zork-guide', { title: 'Guide', tags: ['zorkmesh'] })]));
    expect(tagged.search('zorkmesh').hits.map((h) => h.id)).toEqual(['zork-guide']);
    const untagged = new KnowledgeIndex(largeBase([]));
    expect(untagged.search('zorkmesh')).toEqual({ hits: [], nearMisses: [] });
    expect(untagged.search('glimdb zorkmesh')).toEqual({ hits: [], nearMisses: [] });
  });

  it('ignores a common word next to a telling one', () => {
    const index = new KnowledgeIndex(largeBase([makeEntry('velero', { tags: ['restauration'], summary: 'Sauvegarde et restauration.' })]));
    expect(index.search('restauration du glimdb zorkmesh').hits[0]?.id).toBe('velero');
  });

  it('still finds words that only one body has, and prefers an entry whose head has a word to one whose body does', () => {
    const index = new KnowledgeIndex(
      largeBase([
        makeEntry('postmortem', { body: 'Ils ont raconté un etcdctl malheureux.' }),
        makeEntry('backup-tool', { summary: 'Sauvegarde des volumes.' }),
        makeEntry('other', { body: 'On parle aussi de sauvegarde ici.' }),
      ]),
    );
    expect(index.search('etcdctl malheureux').hits[0]?.id).toBe('postmortem');
    expect(index.search('sauvegarde des volumes').hits.map((h) => h.id)).toEqual(['backup-tool']);
  });
});

describe('follow-ups on a conversation’s subject', () => {
  const first = (index: KnowledgeIndex, q: string, subject?: string) => index.search(q, subject ? { subject } : {}).hits[0]?.id;

  it('answers a question that names nothing, with a word asking about a subject, about the subject', () => {
    const index = new KnowledgeIndex(recap);
    for (const q of ['who presented it?', "et c'est prêt pour la prod ?", 'et les limites ?', 'is it production ready?', 'qui l’a présenté ?']) {
      expect(first(index, q, 'loki'), q).toBe('loki');
      expect(first(index, q, 'rook'), q).toBe('rook');
    }
    // Outside a conversation, the same questions are what they were.
    expect(first(index, 'who presented it?')).toBeUndefined();
    expect(first(index, "et c'est prêt pour la prod ?")).toBe('cncf-maturity');
  });

  it('gives an off-topic question no answer, subject or not', () => {
    const index = new KnowledgeIndex(recap);
    for (const q of ['quelle heure est-il ?', "what's the weather", 'and kafka?', 'et kubeadm ?', 'comment on installe cilium ?']) {
      expect(index.search(q, { subject: 'loki' }).hits, q).toEqual([]);
    }
  });

  it('answers another entry the question names, or has more evidence for than the subject', () => {
    const index = new KnowledgeIndex(recap);
    expect(first(index, 'et rook ?', 'loki')).toBe('rook');
    expect(first(index, 'et la gestion des logs ?', 'helm-3')).toBe('loki');
  });

  it('ignores a subject the knowledge no longer has', () => {
    const index = new KnowledgeIndex(recap);
    expect(index.search('who presented it?', { subject: 'gone' }).hits).toEqual([]);
  });
});

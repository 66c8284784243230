import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatProblem, loadKnowledge } from '../../src/core/knowledge.js';
import { KNOWLEDGE_DIR } from '../support/test-app.js';
import { entryText, makeKnowledgeDir } from '../support/temp-knowledge.js';

const REQUIRED_IDS = [
  'kubecon-eu-2019', 'cncf-maturity', 'openebs', 'linkerd', 'helm-3', 'harbor', 'rook', 'opentelemetry', 'fluentd',
  'chaos-toolkit', 'canary-bluegreen', 'kapp', 'kube-hunter', 'conftest', 'secrets-store-csi', 'loki', 'incident-rex',
];

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function problemsFor(files: Record<string, string>): Promise<string[]> {
  const made = await makeKnowledgeDir(files);
  cleanup = made.cleanup;
  const loaded = await loadKnowledge(made.dir);
  // Files are named from the knowledge folder's own name (`knowledge/kubecon-eu-2019/loki.md`).
  const prefix = `${path.basename(made.dir)}/`;
  return loaded.ok ? [] : loaded.problems.map(formatProblem).map((p) => p.replaceAll(prefix, ''));
}

describe('the recap knowledge base', () => {
  it('has every entry other tools rely on, each crediting the source article', async () => {
    const loaded = await loadKnowledge(KNOWLEDGE_DIR);
    if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
    const ids = loaded.entries.map((e) => e.id);
    expect(ids).toEqual(expect.arrayContaining(REQUIRED_IDS));
    for (const entry of loaded.entries) {
      expect(entry.source.title, entry.file).toBe('CR KubeCon EU 2019');
      expect(entry.body, entry.file).toMatch(/CR KubeCon EU 2019/);
    }
  });

  it('gives the CNCF maturity the recap gives', async () => {
    const loaded = await loadKnowledge(KNOWLEDGE_DIR);
    if (!loaded.ok) throw new Error('invalid');
    const maturity = Object.fromEntries(loaded.entries.map((e) => [e.id, e.cncf_maturity]));
    expect(maturity).toMatchObject({ openebs: 'sandbox', linkerd: 'incubating', 'helm-3': 'incubating', fluentd: 'graduated' });
  });
});

describe('loadKnowledge reports a broken folder precisely', () => {
  it('accepts a valid folder', async () => {
    expect(await problemsFor({ 'test-event/a.md': entryText('a') })).toEqual([]);
  });

  it('names an unknown field', async () => {
    expect(await problemsFor({ 'test-event/a.md': entryText('a', { colour: 'blue' }) })).toEqual([
      'test-event/a.md: colour: unknown field',
    ]);
  });

  it('names a missing field', async () => {
    expect(await problemsFor({ 'test-event/a.md': entryText('a', { summary: null }) })).toEqual([
      'test-event/a.md: summary: missing field',
    ]);
  });

  it('names a bad URL with its position in the list', async () => {
    const problems = await problemsFor({
      'test-event/loki.md': entryText('loki', { links: '\n  - title: Site\n    url: https://example.org/\n  - title: Talk\n    url: pas-une-url' }),
    });
    expect(problems).toEqual(['test-event/loki.md: links[1].url: expected an http(s) URL']);
  });

  it('points at the line of broken YAML', async () => {
    const text = '---\nid: a\ntitle: Loki: les logs\nkind: project\n---\nCorps.\n';
    expect(await problemsFor({ 'test-event/a.md': text })).toEqual([
      'test-event/a.md: line 3, column 12: broken YAML: bad indentation of a mapping entry',
    ]);
  });

  it('refuses a duplicated key', async () => {
    const [problem] = await problemsFor({ 'test-event/a.md': entryText('a', { title: 'Un\ntitle: Deux' }) });
    expect(problem).toBe('test-event/a.md: line 4, column 1: broken YAML: duplicated mapping key');
  });

  it('refuses a file without front matter', async () => {
    expect(await problemsFor({ 'test-event/a.md': 'Juste du texte.\n' })).toEqual([
      'test-event/a.md: line 1: expected YAML front matter between two --- lines',
    ]);
  });

  it('refuses a duplicate id across event folders', async () => {
    const problems = await problemsFor({
      'test-event/a.md': entryText('a'),
      'other-event/a.md': entryText('a', { event: 'other-event' }),
    });
    expect(problems).toEqual(['test-event/a.md: id: duplicate id "a" (already used by other-event/a.md)']);
  });

  it('refuses an id that does not match its file name and an event that does not match its folder', async () => {
    expect(await problemsFor({ 'test-event/a.md': entryText('b', { event: 'elsewhere' }) })).toEqual([
      'test-event/a.md: id: "b" does not match the file name (expected "a")',
      'test-event/a.md: event: "elsewhere" does not match its folder (expected "test-event")',
    ]);
  });

  it('reports every problem in every file at once', async () => {
    const problems = await problemsFor({
      'test-event/a.md': entryText('a', { kind: 'podcast', colour: 'blue' }),
      'test-event/b.md': entryText('b', { backlog: '\n  priority: urgent\n  reason: ""' }),
      'test-event/c.md': entryText('c'),
    });
    expect(problems).toEqual([
      'test-event/a.md: kind: expected one of project, talk, announcement, event, concept',
      'test-event/a.md: colour: unknown field',
      'test-event/b.md: backlog.priority: expected one of high, normal, low',
      'test-event/b.md: backlog.reason: a reason must not be empty',
    ]);
  });

  it('refuses an entry outside an event folder, or two folders down', async () => {
    expect(await problemsFor({ 'test-event/a.md': entryText('a'), 'b.md': entryText('b'), 'test-event/old/c.md': entryText('c') })).toEqual([
      'b.md: an entry goes in its event’s folder, one level down: <event>/<id>.md',
      'test-event/old/c.md: an entry goes in its event’s folder, one level down: <event>/<id>.md',
    ]);
  });

  it('reads a file that starts with a byte order mark, as some editors write them', async () => {
    expect(await problemsFor({ 'test-event/a.md': `\uFEFF${entryText('a')}` })).toEqual([]);
  });

  it('loads several event folders side by side', async () => {
    const made = await makeKnowledgeDir({
      'test-event/a.md': entryText('a'),
      'kubecon-na-2019/b.md': entryText('b', { event: 'kubecon-na-2019' }),
    });
    cleanup = made.cleanup;
    const loaded = await loadKnowledge(made.dir);
    expect(loaded.ok && loaded.entries.map((e) => `${e.event}/${e.id}`).sort()).toEqual(['kubecon-na-2019/b', 'test-event/a']);
  });

  it('says so when the folder does not exist', async () => {
    const loaded = await loadKnowledge('/nonexistent/kubecon-knowledge');
    expect(!loaded.ok && loaded.problems.map(formatProblem)).toEqual([
      '/nonexistent/kubecon-knowledge: knowledge folder not found (set KNOWLEDGE_DIR)',
    ]);
  });
});

import { rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatProblem, loadKnowledge, parseEntryFile } from '../../src/core/knowledge.js';
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

async function problemsFor(files: Record<string, string | Uint8Array>): Promise<string[]> {
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

  it('reads a review date, and names a date that is not one with its file and field', async () => {
    const made = await makeKnowledgeDir({ 'test-event/a.md': entryText('a', { reviewed: '2026-11-01' }) });
    cleanup = made.cleanup;
    const loaded = await loadKnowledge(made.dir);
    expect(loaded.ok && loaded.entries[0]!.reviewed).toBe('2026-11-01');
    for (const bad of ['2026-13-01', '2026-02-30', 'hier', '"1 nov. 2026"']) {
      expect(await problemsFor({ 'test-event/a.md': entryText('a', { reviewed: bad }) })).toEqual([
        'test-event/a.md: reviewed: expected a date, YYYY-MM-DD (2026-11-01)',
      ]);
    }
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

  it('says an empty front matter is empty, and one that is not a mapping of fields what it must be', () => {
    const problems = (text: string) => parseEntryFile('ev/a.md', text, 'ev').problems.map(formatProblem);
    for (const empty of ['---\n---\nCorps.\n', '---\n\n---\nCorps.\n', '---\n# rien encore\n---\nCorps.\n', '---\r\n---\r\nCorps.\r\n']) {
      expect(problems(empty), JSON.stringify(empty)).toEqual(['ev/a.md: line 1: the front matter between the two --- lines is empty']);
    }
    expect(problems('---\n- id: a\n---\nCorps.\n')).toEqual(['ev/a.md: line 2: the front matter must be a mapping of fields (id: …, title: …), not a list']);
    expect(problems('---\njuste une phrase\n---\nCorps.\n')).toEqual(['ev/a.md: line 2: the front matter must be a mapping of fields (id: …, title: …), not a single value']);
  });

  it('finds the first byte that is not UTF-8, whatever makes it wrong', async () => {
    const withBytes = (bytes: number[]) => Buffer.concat([Buffer.from(entryText('a')), Buffer.from(bytes)]);
    const at = Buffer.byteLength(entryText('a'));
    const line = entryText('a').split('\n').length;
    const cases: [number[], string][] = [
      [[0xe9, 0x0a], '0xE9'], // Latin-1 é: a lead byte without its continuation
      [[0x63, 0xc3], '0xC3'], // cut off at the end of the file (after a "c")
      [[0xc0, 0xaf], '0xC0'], // an overlong encoding
      [[0xed, 0xa0, 0x80], '0xED'], // a UTF-16 surrogate
      [[0x80], '0x80'], // a continuation byte on its own
    ];
    for (const [bytes, byte] of cases) {
      const offset = bytes[0] === 0x63 ? at + 1 : at;
      expect(await problemsFor({ 'test-event/a.md': withBytes(bytes) }), byte).toEqual([
        `test-event/a.md: line ${line}: not valid UTF-8 (byte ${byte} at offset ${offset}): save the file as UTF-8`,
      ]);
      await cleanup?.();
    }
    expect(await problemsFor({ 'test-event/a.md': withBytes([...Buffer.from(' 日本 🎉 é\n')]) })).toEqual([]);
  });

  it('wants an entry’s event to be an id, as its folder’s name is', () => {
    const { problems } = parseEntryFile('Ev 2/a.md', entryText('a', { event: 'Ev 2' }));
    expect(problems.map(formatProblem)).toEqual(['Ev 2/a.md: event: expected a kebab-case id (a-z, 0-9, dashes)']);
  });

  it('reads linked event folders and entries, and reports each file it does not read', async () => {
    const made = await makeKnowledgeDir({
      'test-event/a.md': entryText('a'),
      'test-event/notes.txt': 'à faire',
      'test-event/.a.md.swp': '',
      '.git/config': '',
      'elsewhere/other-event/b.md': entryText('b', { event: 'other-event' }),
    });
    cleanup = made.cleanup;
    await rename(path.join(made.dir, 'elsewhere'), `${made.dir}-elsewhere`);
    await symlink(`${made.dir}-elsewhere/other-event`, path.join(made.dir, 'other-event'));
    await symlink('../test-event/a.md', path.join(made.dir, 'test-event/again.md'));
    await symlink('nowhere.md', path.join(made.dir, 'test-event/broken.md'));
    const loaded = await loadKnowledge(made.dir);
    await rm(`${made.dir}-elsewhere`, { recursive: true });
    const name = path.basename(made.dir);
    expect(loaded.skipped.map(formatProblem)).toEqual([
      `${name}/.git: not read: hidden (its name starts with a dot)`,
      `${name}/test-event/.a.md.swp: not read: hidden (its name starts with a dot)`,
      `${name}/test-event/notes.txt: not read: not an entry (entries are <id>.md files)`,
    ]);
    expect(!loaded.ok && loaded.problems.map(formatProblem)).toEqual([
      `${name}/test-event/again.md: id: "a" does not match the file name (expected "again")`,
      `${name}/test-event/broken.md: cannot read: a link to nothing (nowhere.md)`,
    ]);
  });

  it('says so when the folder does not exist', async () => {
    const loaded = await loadKnowledge('/nonexistent/kubecon-knowledge');
    expect(!loaded.ok && loaded.problems.map(formatProblem)).toEqual([
      '/nonexistent/kubecon-knowledge: knowledge folder not found (set KNOWLEDGE_DIR)',
    ]);
  });
});

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A valid entry's text, with any front-matter lines replaced or added. */
export function entryText(id: string, overrides: Record<string, string | null> = {}, body = 'Un corps en français.'): string {
  const fields: Record<string, string | null> = {
    id,
    title: `Titre ${id}`,
    kind: 'project',
    event: 'test-event',
    tags: '[stockage, storage]',
    aliases: '[]',
    people: '[]',
    companies: '[]',
    links: '\n  - title: Site\n    url: https://example.org/',
    summary: 'Un résumé.',
    key_points: '[]',
    source: '\n  title: CR KubeCon EU 2019\n  publisher: OCTO Technology',
    ...overrides,
  };
  const yaml = Object.entries(fields)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}:${v!.startsWith('\n') ? '' : ' '}${v}`)
    .join('\n');
  return `---\n${yaml}\n---\n${body}\n`;
}

/** A temporary knowledge folder; files are `relative path → content`. */
export async function makeKnowledgeDir(files: Record<string, string | Uint8Array>): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kubecon-knowledge-'));
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), content);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

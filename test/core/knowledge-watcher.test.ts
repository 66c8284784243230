import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'vitest';
import { watchKnowledge } from '../../src/core/knowledge-watcher.js';
import { cleanupAfterEach } from '../support/cleanups.js';
import { entryText, makeKnowledgeDir } from '../support/temp-knowledge.js';
import { bounded, WAIT_MS } from '../support/wait.js';

const cleanup = cleanupAfterEach();

describe('watching the knowledge folder', () => {
  it('sees a change in a linked event folder, which the loader reads', async () => {
    const knowledge = await makeKnowledgeDir({ 'ev/a.md': entryText('a', { event: 'ev' }) });
    const elsewhere = await makeKnowledgeDir({ 'linked/b.md': entryText('b', { event: 'linked' }) });
    cleanup(knowledge.cleanup, elsewhere.cleanup);
    await symlink(path.join(elsewhere.dir, 'linked'), path.join(knowledge.dir, 'linked'));
    let changed!: () => void;
    const seen = new Promise<void>((resolve) => (changed = resolve));
    const watcher = watchKnowledge(knowledge.dir, () => changed(), { debounceMs: 50 });
    cleanup(() => watcher.close());
    await bounded(watcher.ready, WAIT_MS, 'the first scan');
    // Through the real folder, not the link: what an editor pointed at the other checkout does.
    await writeFile(path.join(elsewhere.dir, 'linked/b.md'), entryText('b', { event: 'linked', summary: 'Changé.' }));
    await bounded(seen, WAIT_MS, 'the change in the linked folder');
  });
});

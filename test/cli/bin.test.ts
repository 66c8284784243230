import { chmodSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, ROOT } from '../support/process.js';
import { KNOWLEDGE_DIR, tempStateDir } from '../support/test-app.js';

describe('the kubecon-bot executable', () => {
  // `npx kubecon-bot` in the checkout links the checkout into npx's cache and
  // runs the bin npm linked there; the link is the part that is ours. Running
  // npx itself (several npm processes, and `prepare` on a fresh cache) took
  // 4–38 s depending on the machine's load, so the test makes the link as npm
  // does: a symlink named after the bin, its target made executable.
  it('runs as the command npm links from package.json’s bin', async () => {
    const { bin } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(Object.keys(bin)).toEqual(['kubecon-bot']);
    const state = tempStateDir();
    try {
      const binDir = path.join(state.dir, 'bin');
      mkdirSync(binDir);
      const target = path.join(ROOT, bin['kubecon-bot']!);
      chmodSync(target, 0o755);
      symlinkSync(target, path.join(binDir, 'kubecon-bot'));
      const child = run(['kubecon-bot', 'ask', '--json', 'helm3'], { PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}`, KNOWLEDGE_DIR, STATE_DIR: state.dir }, state.dir);
      expect(await child.exited).toBe(0);
      expect(JSON.parse(child.output())).toMatchObject({ query: 'helm3', hits: [{ id: 'helm-3', title: 'Helm 3' }] });
    } finally {
      state.cleanup();
    }
  });

  it('stops quietly when the reader of its output stops early (| head)', async () => {
    const state = tempStateDir();
    try {
      const pipeline = 'yes helm3 | head -n 3000 | node dist/src/cli/main.js ask --json | head -n 1; echo "exit=${PIPESTATUS[2]}"';
      const child = run(['bash', '-c', pipeline], { KNOWLEDGE_DIR, STATE_DIR: state.dir }, ROOT);
      expect(await child.exited).toBe(0);
      expect(child.output()).toMatch(/^\{"query":"helm3"/);
      expect(child.output()).toContain('exit=0');
      expect(child.output()).not.toContain('EPIPE');
    } finally {
      state.cleanup();
    }
  });
});

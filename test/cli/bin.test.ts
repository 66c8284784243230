import { describe, expect, it } from 'vitest';
import { run, ROOT } from '../support/process.js';
import { KNOWLEDGE_DIR, tempStateDir } from '../support/test-app.js';

describe('the kubecon-bot executable', () => {
  it('runs through npx in the checkout, as the README says', async () => {
    const state = tempStateDir();
    try {
      const child = run(['npx', '--no-install', 'kubecon-bot', 'ask', '--json', 'helm3'], {
        HOME: state.dir,
        npm_config_cache: `${state.dir}/npm-cache`,
        npm_config_update_notifier: 'false',
        KNOWLEDGE_DIR,
        STATE_DIR: state.dir,
      }, ROOT);
      expect(await child.exited).toBe(0);
      const line = child.output().trim().split('\n').at(-1)!;
      expect(JSON.parse(line)).toMatchObject({ query: 'helm3', hits: [{ id: 'helm-3', title: 'Helm 3' }] });
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

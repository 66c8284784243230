import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, run } from './support/process.js';
import { KNOWLEDGE_DIR, tempStateDir } from './support/test-app.js';

/** Every file under dist/ with its modification time. */
function builtFiles(): Record<string, number> {
  const dist = path.join(ROOT, 'dist');
  const files: Record<string, number> = {};
  for (const name of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
    const stat = statSync(path.join(dist, name));
    if (stat.isFile()) files[name] = stat.mtimeMs;
  }
  return files;
}

describe('npm start', () => {
  // The global setup has just built dist/, so nothing is out of date.
  it('opens the console without compiling again when the build is up to date', async () => {
    const state = tempStateDir();
    try {
      const before = builtFiles();
      const child = run(['npm', 'start', '--silent'], {
        HOME: state.dir,
        npm_config_cache: path.join(state.dir, 'npm-cache'),
        npm_config_update_notifier: 'false',
        KNOWLEDGE_DIR,
        STATE_DIR: state.dir,
        // npm start builds the checkout itself, so it runs there, not in a copy of its layout.
      }, ROOT);
      expect(await child.exited, child.output()).toBe(0);
      expect(child.output()).toMatch(/console locale \(\d+ fiches chargées\)/);
      const after = builtFiles();
      expect(Object.keys(after).filter((file) => after[file] !== before[file])).toEqual([]);
    } finally {
      state.cleanup();
    }
  });
});

import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/process.js';
import { columns, Screen } from '../support/terminal.js';
import { KNOWLEDGE_DIR, tempStateDir } from '../support/test-app.js';

// util-linux `script` runs a command on a pseudo-terminal of its own: the
// console as `npm start` opens it for a person, keys and all.
const hasScript = /util-linux/.test(spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout ?? '');

describe('the console in a terminal', () => {
  it.skipIf(!hasScript)('wraps to the terminal’s width; Ctrl-C drops a half-typed line, then quits', async () => {
    const state = tempStateDir();
    const child = spawn('script', ['-qefc', 'stty cols 50 rows 40 && exec node dist/src/main.js', '/dev/null'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', TERM: 'xterm', KNOWLEDGE_DIR, STATE_DIR: state.dir },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    try {
      const screen = new Screen(child.stdout);
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      const prompt = (n: number) => screen.until((text) => screen.count('kubecon> ') >= n && text.endsWith('kubecon> '), `prompt number ${n}`, exited);
      await prompt(1);
      child.stdin.write('helm3\r');
      await prompt(2);
      child.stdin.write('kapp\x03');
      await prompt(3);
      child.stdin.write('\x03');
      expect(await exited).toBe(0);

      const shown = screen.text();
      expect(shown).toMatch(/^Helm 3\n══════$/m);
      expect(shown).not.toMatch(/^Kapp$/m);
      expect(shown).toMatch(/À bientôt !\n$/);
      expect(shown.split('\n').filter((line) => columns(line) > 50)).toEqual([]);
    } finally {
      child.kill();
      state.cleanup();
    }
  });
});

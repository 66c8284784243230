import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { freePort, ROOT, run } from '../support/process.js';
import { KNOWLEDGE_DIR } from '../support/test-app.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('the kubecon-bot command while PostgreSQL cannot be reached', () => {
  it('answers and lists from the knowledge, the status unavailable, and says the board cannot be reached for what needs it', async () => {
    const port = await freePort(); // nothing listens there
    const env = { DATABASE_URL: `postgres://bot:hunter2@127.0.0.1:${port}/kubecon` };
    const ask = await cli(['ask', 'conftest'], { env });
    expect(ask).toMatchObject({ code: 0, stderr: '' });
    expect(ask.stdout).toContain('Conftest : tester ses policies OPA');
    expect(ask.stdout).toContain('Où en est l’équipe avec cet outil : indisponible pour l’instant');
    expect(await cli(['list'], { env })).toMatchObject({ code: 0, stderr: '' });

    const out = mkdtempSync(path.join(tmpdir(), 'kubecon-export-'));
    cleanups.push(() => rmSync(out, { recursive: true, force: true }));
    const said: Record<string, unknown> = {};
    for (const args of [['backlog'], ['backlog', '--json'], ['gaps'], ['gaps', '--json'], ['digest', '--dry-run'], ['export-proposals', out]]) {
      const run = await cli(args, { env });
      said[args.join(' ')] = run;
    }
    const refused = { code: 1, stdout: '', stderr: `kubecon-bot: Le tableau de l’équipe est injoignable pour l’instant : réessayez dans un moment. (connect ECONNREFUSED 127.0.0.1:${port})\n` };
    expect(said).toEqual(Object.fromEntries(Object.keys(said).map((command) => [command, refused])));
    expect((await cli(['backlog'], { env })).stderr).not.toContain('hunter2');
  });

  it('says what failed behind the digest preview in one line, never a stack, as its own process', async () => {
    const port = await freePort();
    const child = run([process.execPath, path.join(ROOT, 'dist/src/cli/main.js'), 'digest', '--dry-run'], { KNOWLEDGE_DIR, DATABASE_URL: `postgres://bot:hunter2@127.0.0.1:${port}/kubecon` }, ROOT);
    expect(await child.exited).toBe(1);
    expect(child.stderr()).toContain('Le tableau de l’équipe est injoignable');
    expect(child.stderr()).not.toMatch(/^\s+at /m);
    expect(child.stderr()).not.toContain('hunter2');
  });
});

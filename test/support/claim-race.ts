import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';
import { ROOT } from './process.js';

export interface RacerAnswers {
  user: string;
  results: { id: string; ok: boolean; holder?: string }[];
}

/**
 * One bot process per user (test/support/claim-race-worker.ts) on the store
 * `where` (a state folder or a PostgreSQL URL), all claiming every tool at
 * the same moment: what each was answered.
 */
export async function raceClaims(where: string, users: readonly string[], tools: readonly string[]): Promise<RacerAnswers[]> {
  const workers = users.map((user) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/test/support/claim-race-worker.js'), where, user, ...tools], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    const ready = new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => ((out += chunk.toString()), out.startsWith('ready\n') && resolve())));
    const done = new Promise<RacerAnswers['results']>((resolve, reject) =>
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.slice('ready\n'.length)) as never) : reject(new Error(`worker ${user} exited ${code}: ${out}`)))),
    );
    return { user, child, ready, done };
  });
  await Promise.all(workers.map((w) => w.ready));
  for (const w of workers) w.child.stdin.end('go\n');
  return Promise.all(workers.map(async (w) => ({ user: w.user, results: await w.done })));
}

/** Each tool went to the one racer the store says holds it, and every other racer was told who. */
export function expectOneHolderEach(answers: readonly RacerAnswers[], holders: ReadonlyMap<string, string | undefined>): void {
  for (const [id, holder] of holders) {
    expect(holder, `${id} has a holder`).toBeDefined();
    const winners = answers.filter((a) => a.results.find((r) => r.id === id)?.ok).map((a) => a.user);
    expect(winners, id).toEqual([holder]);
    for (const a of answers) expect(a.results.find((r) => r.id === id)?.holder, `${id} as ${a.user} was told`).toBe(holder);
  }
}

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

const root = path.resolve(import.meta.dirname, '..');

/**
 * The PostgreSQL server the store contract tests run against: TEST_DATABASE_URL
 * when set (.ci/run starts one), else a throwaway one started here with the
 * same script. When neither works, the tests that need it fail with the reason;
 * the rest still run.
 */
// The provided value's type: test/support/postgres.ts, where the tests read it.
function startPostgres(): { value: { url: string } | { missing: string }; stop: () => void } {
  const given = process.env.TEST_DATABASE_URL?.trim();
  if (given) return { value: { url: given }, stop: () => undefined };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubecon-test-pg-'));
  const script = path.join(root, '.ci/postgres');
  try {
    const url = execFileSync(script, ['start', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 }).trim();
    return {
      value: { url },
      stop: () => {
        try {
          execFileSync(script, ['stop', dir], { stdio: 'ignore', timeout: 60_000 });
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: string }).stderr?.toString().trim();
    return { value: { missing: stderr || (error as Error).message }, stop: () => undefined };
  }
}

// Some tests run the compiled program exactly as the Dockerfile and the `bin`
// entry do; bring dist/ up to date once so they never run a stale one. The
// same incremental build as `npm start`: nothing is compiled when nothing changed.
export default function setup(project: TestProject): () => void {
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  const postgres = startPostgres();
  project.provide('postgres', postgres.value);
  return postgres.stop;
}

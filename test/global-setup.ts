import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startPostgres } from './support/postgres-server.js';

const root = path.resolve(import.meta.dirname, '..');

/**
 * The PostgreSQL server the store contract tests run against: TEST_DATABASE_URL
 * when set (.ci/run starts one), else a throwaway one started here with the
 * same script. When neither works, the tests that need it fail with the reason;
 * the rest still run.
 */
// The provided value's type: test/support/postgres.ts, where the tests read it.
function startTestPostgres(): { value: { url: string } | { missing: string }; stop: () => void } {
  try {
    const server = startPostgres('kubecon-test');
    return { value: { url: server.url }, stop: server.stop };
  } catch (error) {
    return { value: { missing: (error as Error).message }, stop: () => undefined };
  }
}

// Some tests run the compiled program exactly as the Dockerfile and the `bin`
// entry do; bring dist/ up to date once so they never run a stale one. The
// same incremental build as `npm start`: nothing is compiled when nothing changed.
export default function setup(project: TestProject): () => void {
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  const postgres = startTestPostgres();
  project.provide('postgres', postgres.value);
  return postgres.stop;
}

import { execFileSync } from 'node:child_process';
import path from 'node:path';

// Some tests run the compiled program exactly as the Dockerfile and the `bin`
// entry do; bring dist/ up to date once so they never run a stale one. The
// same incremental build as `npm start`: nothing is compiled when nothing changed.
export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '..');
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}

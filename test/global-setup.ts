import { execFileSync } from 'node:child_process';
import path from 'node:path';

// Some tests run the compiled program exactly as the Dockerfile and the `bin`
// entry do; build it once so they never run a stale dist/.
export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '..');
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}

import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * `mkdir -p`, one level at a time from the nearest folder that exists. Node's
 * own `mkdir(dir, { recursive: true })` spins forever where the kernel
 * refuses a folder with ENOENT although its parent exists (under /proc).
 * A path that exists and is not a folder fails with EEXIST.
 */
export function makeFolder(dir: string): void {
  const missing: string[] = [];
  for (let at = path.resolve(dir); !existsSync(at); at = path.dirname(at)) {
    missing.unshift(at);
    if (path.dirname(at) === at) break;
  }
  for (const folder of missing) mkdirSync(folder);
  if (!statSync(dir).isDirectory()) throw Object.assign(new Error(`${dir} is not a folder`), { code: 'EEXIST' });
}

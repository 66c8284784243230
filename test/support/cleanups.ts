import { afterEach } from 'vitest';

/**
 * Registers what a test opened (a store, a temporary folder) to be closed
 * after it, latest first. Call once at the top of a test file.
 */
export function cleanupAfterEach(): (...cleanups: (() => void | Promise<void>)[]) => void {
  const cleanups: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  return (...more) => void cleanups.push(...more);
}

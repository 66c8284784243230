/**
 * How long a test waits for something that happens on loopback (an answer, a
 * connection, a process starting) before failing with what it waited for. The
 * machines running the suite are shared and often loaded, so this is far above
 * what any of it takes there (a few seconds at worst), and under vitest's own
 * timeout (vitest.config.ts) so that the failure names what never came.
 */
export const WAIT_MS = 30_000;

/** Waits for `promise`, failing with what was awaited after `timeoutMs`. */
export async function bounded<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Asks again every 50 ms until `check` holds, failing with what was awaited after `timeoutMs`: for a state only a query can see. */
export async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

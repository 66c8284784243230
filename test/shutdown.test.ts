import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { createShutdown } from '../src/shutdown.js';

/** Steps bounded at a second each unless said; the timers fired by the test: the whole's (10 s), or a step's by its bound. */
function setUp(steps: { name: string; boundMs?: number; run(): Promise<void> | void }[]) {
  const logs: string[] = [];
  const exits: number[] = [];
  const timers: { run: () => void; ms: number }[] = [];
  const shutdown = createShutdown({
    steps: steps.map((step) => ({ boundMs: 1000, ...step })),
    logger: createLogger({ level: 'debug', write: (line) => logs.push(line) }),
    exit: (code) => exits.push(code),
    setTimer: (run, ms) => timers.push({ run, ms }),
  });
  const fire = (ms: number) => timers.find((timer) => timer.ms === ms)!.run();
  return { shutdown, logs, exits, fireTimeout: () => fire(10_000), fire, timers };
}

describe('stopping on a signal', () => {
  it('runs the steps in order, each logged at debug, then exits 0', async () => {
    const order: string[] = [];
    const t = setUp([
      { name: 'closing the server', run: () => void order.push('server') },
      { name: 'waiting for work in flight', run: async () => void order.push('work') },
      { name: 'closing the store', run: () => void order.push('store') },
    ]);
    await t.shutdown.stop('SIGTERM');
    expect(order).toEqual(['server', 'work', 'store']);
    expect(t.exits).toEqual([0]);
    expect(t.logs.filter((l) => / DEBUG /.test(l)).map((l) => l.replace(/^.*\] /, ''))).toEqual([
      'Stopping: closing the server',
      'Stopping: waiting for work in flight',
      'Stopping: closing the store',
      'Stopped',
    ]);
  });

  it('logs a step that fails and still runs the next', async () => {
    let closed = false;
    const t = setUp([
      { name: 'closing the server', run: () => Promise.reject(new Error('already closed')) },
      { name: 'closing the store', run: () => void (closed = true) },
    ]);
    await t.shutdown.stop('SIGTERM');
    expect(closed).toBe(true);
    expect(t.exits).toEqual([0]);
    expect(t.logs.some((l) => l.includes('ERROR') && l.includes('closing the server failed: already closed'))).toBe(true);
  });

  it('exits 1 with what hangs once the time bound passes, and ignores a second signal', async () => {
    let closedStore = false;
    const t = setUp([
      { name: 'waiting for work in flight', run: () => new Promise<void>(() => {}) },
      { name: 'closing the store', run: () => void (closedStore = true) },
    ]);
    void t.shutdown.stop('SIGTERM');
    void t.shutdown.stop('SIGINT');
    expect(t.shutdown.stopping).toBe(true);
    t.fireTimeout();
    expect(t.exits).toEqual([1]);
    expect(t.logs.some((l) => l.includes('ERROR') && l.includes('Could not stop within 10 s (still waiting for work in flight)'))).toBe(true);
    expect(t.logs.filter((l) => l.includes('received, stopping'))).toHaveLength(1);
    expect(closedStore).toBe(false);
  });

  it('logs a step still running past its own bound and runs the next, then exits 0 within the whole bound', async () => {
    let closedStore = false;
    const t = setUp([
      { name: 'writing what is queued (the database is frozen)', boundMs: 2000, run: () => new Promise<void>(() => {}) },
      { name: 'closing the store', run: () => void (closedStore = true) },
    ]);
    const stopped = t.shutdown.stop('SIGTERM');
    await new Promise<void>((resolve) => setImmediate(resolve));
    t.fire(2000);
    await stopped;
    expect(closedStore).toBe(true);
    expect(t.exits).toEqual([0]);
    expect(t.logs.some((l) => l.includes('WARN') && l.includes('writing what is queued (the database is frozen) did not finish within 2 s; going on'))).toBe(true);
  });

  it('refuses steps whose bounds add up to more than the whole stop may take', () => {
    expect(() => setUp([{ name: 'a', boundMs: 6000, run: () => undefined }, { name: 'b', boundMs: 6000, run: () => undefined }])).toThrow(
      "the shutdown's steps may take 12 s, more than its 10 s",
    );
  });
});

import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { createShutdown } from '../src/shutdown.js';

function setUp(steps: { name: string; run(): Promise<void> | void }[]) {
  const logs: string[] = [];
  const exits: number[] = [];
  let fireTimeout: (() => void) | undefined;
  const shutdown = createShutdown({
    steps,
    logger: createLogger({ level: 'debug', write: (line) => logs.push(line) }),
    exit: (code) => exits.push(code),
    setTimer: (run) => (fireTimeout = run),
  });
  return { shutdown, logs, exits, fireTimeout: () => fireTimeout!() };
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
});

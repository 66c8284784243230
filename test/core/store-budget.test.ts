import { describe, expect, it } from 'vitest';
import type { BacklogStore } from '../../src/core/store.js';
import { StoreSilentError, withAnswerBudget } from '../../src/core/store-budget.js';

/** A store whose reads never answer (a frozen server) and whose writes behind the reply are left alone. */
function frozenStore(): BacklogStore {
  const never = () => new Promise<never>(() => {});
  return new Proxy({} as BacklogStore, {
    get: (_target, key) => (key === 'then' ? undefined : key === 'recordUnanswered' ? recordUnanswered : never),
  });
}
const recordUnanswered = () => new Promise<void>(() => {});

describe('the answer budget on the store', () => {
  it('gives up on a call that an answer waits on once the store is silent past the budget, saying which', async () => {
    const store = withAnswerBudget(frozenStore(), 5);
    await expect(store.toolStates()).rejects.toThrow(new StoreSilentError('toolStates', 5));
    await expect(store.firstDelivery('Ev1', new Date(), new Date())).rejects.toThrow('the store did not answer firstDelivery within 0.005 s');
  });

  it('passes an answer and a failure through as they come', async () => {
    const states = new Map();
    const store = withAnswerBudget({ toolStates: async () => states, ping: async () => Promise.reject(new Error('refused')) } as unknown as BacklogStore, 1000);
    expect(await store.toolStates()).toBe(states);
    await expect(store.ping()).rejects.toThrow('refused');
  });

  it('leaves the writes nobody waits on to the store’s own bounds', () => {
    expect(withAnswerBudget(frozenStore(), 5).recordUnanswered).toBe(recordUnanswered);
  });
});

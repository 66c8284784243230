import type { BacklogStore } from './store.js';

/**
 * How long a store call that an answer or a probe waits on may take before
 * it counts as unreachable. Far below the 3 s a chat platform gives a
 * request to be acknowledged (a command's card, a form's submission: at
 * most two such calls in a row before it) and the probes' 3 s timeout
 * (deploy/kubernetes), yet a hundred times what a healthy database takes on
 * loopback or in a cluster, so a loaded machine does not trip it. The
 * store's own bounds (5 s to connect, to run a statement) are for a server
 * that is slow; this one is for a server that is silent (frozen, a network
 * swallowing packets).
 */
export const STORE_ANSWER_BUDGET_MS = 1000;

/**
 * Calls that nobody waits on before being answered keep the store's own
 * bounds: the digest's post (reserved, confirmed or released once, in the
 * background), the questions and votes recorded behind the reply, and closing.
 */
const OWN_BOUNDS: ReadonlySet<keyof BacklogStore> = new Set<keyof BacklogStore>([
  'reserveDigestSlot',
  'takeOverDigestSlot',
  'completeDigest',
  'releaseDigestSlot',
  'markDigestUncertain',
  'recordUnanswered',
  'forgetUnanswered',
  'recordVote',
  'close',
]);

/** A store call that did not answer within its budget: the store is treated as unreachable for it. */
export class StoreSilentError extends Error {
  constructor(operation: string, budgetMs: number) {
    super(`the store did not answer ${operation} within ${budgetMs / 1000} s`);
    this.name = 'StoreSilentError';
  }
}

/**
 * The store with every call an answer or a probe waits on bounded by
 * `budgetMs`: past it the call rejects with StoreSilentError, which every
 * caller already turns into "unavailable" (the card's status, dedupe, a
 * thread's subject, /healthz), and the call itself is left to the store's
 * own bounds. The methods are wrapped once per name.
 */
export function withAnswerBudget(store: BacklogStore, budgetMs = STORE_ANSWER_BUDGET_MS): BacklogStore {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function' || OWN_BOUNDS.has(key as keyof BacklogStore)) return value;
      if (wrapped.has(key)) return wrapped.get(key);
      const operation = String(key);
      const method = value as (...args: unknown[]) => Promise<unknown>;
      const call = (...args: unknown[]): Promise<unknown> => {
        let answer: Promise<unknown>;
        try {
          answer = Promise.resolve(method.apply(target, args));
        } catch (error) {
          return Promise.reject(error);
        }
        let timer: NodeJS.Timeout | undefined;
        const silent = new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new StoreSilentError(operation, budgetMs)), budgetMs);
          // A call in flight never keeps a process alive.
          timer.unref();
        });
        return Promise.race([answer, silent]).finally(() => clearTimeout(timer));
      };
      wrapped.set(key, call);
      return call;
    },
  });
}

/**
 * The store with every call that throws or rejects reported by operation
 * name (for the store errors metric), whatever the backend, sync or async.
 * The wrapped methods are made once per name: a call costs one closure call.
 */
export function reportFailures<T extends object>(store: T, onFailure: (operation: string) => void): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      if (wrapped.has(key)) return wrapped.get(key);
      const operation = String(key);
      const method = value as (...args: unknown[]) => unknown;
      const call = (...args: unknown[]): unknown => {
        let result: unknown;
        try {
          result = method.apply(target, args);
        } catch (error) {
          onFailure(operation);
          throw error;
        }
        if (result instanceof Promise) {
          return result.catch((error: unknown) => {
            onFailure(operation);
            throw error;
          });
        }
        return result;
      };
      wrapped.set(key, call);
      return call;
    },
  });
}

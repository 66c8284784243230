import type { App } from '@slack/bolt';

/** The App methods that add a listener Slack routes by a name (a command, an event, an action_id, a callback_id...). */
const LISTENER_METHODS = ['command', 'event', 'message', 'action', 'shortcut', 'view', 'options', 'function'] as const;
export type ListenerMethod = (typeof LISTENER_METHODS)[number];

/** For each method, the first argument of every call: a name, a RegExp or constraints, as the listener gave it. */
export type Registrations = { readonly [M in ListenerMethod]: readonly unknown[] };

/**
 * Runs `onRegister` on every listener registration made on `app` from now on,
 * before Bolt takes it: it sees the method and its arguments, and returns the
 * arguments Bolt gets. Bolt keeps its listeners private; this is the one way
 * in (what the app answers, each listener wrapped as it is registered).
 */
export function interceptRegistrations(app: App, onRegister: (method: ListenerMethod, args: unknown[]) => unknown[]): void {
  // Bolt's overloads are typed per method; the wrapper only forwards the arguments.
  const methods = app as unknown as Record<ListenerMethod, (...args: unknown[]) => unknown>;
  for (const method of LISTENER_METHODS) {
    const register = methods[method].bind(app);
    methods[method] = (...args) => register(...onRegister(method, args));
  }
}

/**
 * Records what is registered on `app` from now on, as the calls happen: this
 * is how the manifest test knows what the app answers (manifest.yml must
 * declare the same commands and events).
 */
export function recordRegistrations(app: App): Registrations {
  const registered = Object.fromEntries(LISTENER_METHODS.map((method) => [method, []])) as unknown as Record<ListenerMethod, unknown[]>;
  interceptRegistrations(app, (method, args) => {
    registered[method].push(args[0]);
    return args;
  });
  return registered;
}

import type { SocketModeClient } from '@slack/socket-mode';
import type { Logger } from '@slack/logger';
import type { RetryOptions } from '@slack/web-api';
import { describeSlackError } from './errors.js';

export interface ReconnectBackoff {
  /** The wait before the first attempt after a failed reconnection. */
  firstMs: number;
  /** The longest wait between two attempts (the wait doubles up to it). */
  maxMs: number;
}

export const RECONNECT_BACKOFF: ReconnectBackoff = { firstMs: 1000, maxMs: 30_000 };

/** apps.connections.open's retries inside the Web API client: about three minutes, no wait above the backoff's longest. */
export const SOCKET_OPEN_RETRIES: RetryOptions = { retries: 10, factor: 2, minTimeout: RECONNECT_BACKOFF.firstMs, maxTimeout: RECONNECT_BACKOFF.maxMs };

/**
 * Keeps a Socket Mode connection that was once open coming back, whatever
 * Slack answers meanwhile. The client reconnects by itself after a dropped
 * socket, but gives up when opening a new one fails in a way it deems
 * final (apps.connections.open failing on the network, or with an error
 * such as invalid_auth), and that reconnection's rejection is left
 * unobserved (its 'close' handler calls `this.start()` from a timer with no
 * catch: slackapi/node-slack-sdk#2656), which would end the process. So the
 * reconnections the client starts itself (recognised by the 'reconnecting'
 * it emits just before) are observed here, and one that fails is tried
 * again with a bounded backoff until one connects or the app stops. Any
 * other call of start() (the app's first) rejects as before.
 */
export function keepSocketModeConnected(client: SocketModeClient, logger: Logger, backoff: ReconnectBackoff = RECONNECT_BACKOFF): void {
  const start = client.start.bind(client);
  let stopping = false;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;
  // True from the client's 'reconnecting' until the end of the same tick: its start() comes right after, synchronously.
  let reconnecting = false;

  const tryAgain = (error: unknown) => {
    if (stopping) return;
    const waitMs = Math.min(backoff.maxMs, backoff.firstMs * 2 ** failures);
    failures++;
    logger.warn(`Socket Mode: could not reconnect (${describeSlackError(error)}); trying again in ${waitMs / 1000} s`);
    clearTimeout(retry);
    retry = setTimeout(() => {
      retry = undefined;
      if (!stopping) void start().catch(tryAgain);
    }, waitMs);
  };

  client.on('reconnecting', () => {
    reconnecting = true;
    queueMicrotask(() => (reconnecting = false));
  });
  client.on('connected', () => {
    failures = 0;
    stopping = false;
  });
  client.on('disconnecting', () => {
    stopping = true;
    clearTimeout(retry);
    retry = undefined;
  });
  client.start = () => {
    if (!reconnecting) return start();
    reconnecting = false;
    // Resolves either way: the client chains this promise with no catch.
    return start().catch((error: unknown) => {
      tryAgain(error);
      return undefined;
    }) as ReturnType<typeof start>;
  };
}

import pg from 'pg';

export interface PoolOptions {
  /** Connections at most, per process (default 10): two replicas hold twice that. */
  maxConnections?: number;
  /**
   * How long a call waits for a connection, and a statement for its answer,
   * before failing (default 5 s): a server that went away makes calls fail
   * within seconds rather than hang, and they succeed again once it is back.
   */
  timeoutMs?: number;
  /** A connection that failed while idle (the server restarted, the network dropped): the pool drops it and opens another on the next call. */
  onIdleError?: (error: Error) => void;
}

/**
 * The pool every query goes through. Its connection string is never logged:
 * node-postgres's own errors name the host and the user at most.
 */
export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const timeoutMs = options.timeoutMs ?? 5000;
  const pool = new pg.Pool({
    connectionString: url,
    application_name: 'kubecon-bot',
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: timeoutMs,
    // The server cancels a statement running longer (a lock waited on counts)…
    statement_timeout: timeoutMs,
    // …and the client gives up on one whose answer never comes (a dead network), a little later.
    query_timeout: timeoutMs * 2,
    // A process that hangs inside a transaction does not hold its locks for ever.
    idle_in_transaction_session_timeout: timeoutMs * 2,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
  });
  // Without a listener, an idle connection's error would crash the process.
  pool.on('error', (error) => options.onIdleError?.(error));
  return pool;
}

/**
 * Runs `work` in one transaction on one connection. A connection that failed
 * is dropped from the pool rather than reused.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (error) {
    // A connection that cannot roll back is broken: it is dropped, and the server rolls back when it sees it gone.
    const rolledBack = await client.query('ROLLBACK').then(
      () => true,
      () => false,
    );
    client.release(rolledBack ? undefined : (error as Error));
    throw error;
  }
}

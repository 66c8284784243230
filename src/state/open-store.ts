import type { Config } from '../config.js';
import type { BacklogStore } from '../core/store.js';
import { describeCause } from '../core/tracker.js';
import { StateDirError } from './database.js';
import { SchemaVersionError } from './schema-version.js';
import { openPostgresStore } from './postgres/store.js';
import { openSqliteStore } from './sqlite.js';

export interface OpenStoreOptions {
  /**
   * For the commands that only read: nothing is created, written or migrated
   * (see SqliteStoreOptions.readOnly, PostgresStoreOptions.readOnly); a state
   * at another schema version than this code's is refused, on both. A
   * PostgreSQL server that cannot be reached gives a store whose calls fail,
   * so that what does not need it (an answer, the list) still works.
   */
  readOnly?: boolean;
  /** A PostgreSQL connection that failed while idle: dropped and replaced, worth a line in the log. */
  onIdleError?: (error: Error) => void;
}

/**
 * The store the config says: PostgreSQL when DATABASE_URL is set (several
 * replicas), else SQLite under STATE_DIR. A store that cannot be opened comes
 * back as one printable line naming the variable, never the URL's value.
 */
export async function openStore(
  config: Pick<Config, 'stateDir' | 'databaseUrl'>,
  options: OpenStoreOptions = {},
): Promise<{ ok: true; store: BacklogStore } | { ok: false; message: string }> {
  if (config.databaseUrl !== undefined) {
    try {
      const store = await openPostgresStore(config.databaseUrl, { readOnly: options.readOnly ?? false, ...(options.onIdleError && { onIdleError: options.onIdleError }) });
      return { ok: true, store };
    } catch (error) {
      if (error instanceof SchemaVersionError) return { ok: false, message: `DATABASE_URL: ${error.message}` };
      // A command that only reads goes on, as the bot does when the server goes away later: what needs the store says it cannot be reached.
      if (options.readOnly) return { ok: true, store: unreachableStore(error) };
      return { ok: false, message: `DATABASE_URL: cannot open the PostgreSQL store: ${describeCause(error)}` };
    }
  }
  try {
    return { ok: true, store: openSqliteStore(config.stateDir, { readOnly: options.readOnly ?? false }) };
  } catch (error) {
    const said = error instanceof StateDirError ? ` ${error.message}` : error instanceof SchemaVersionError ? `: ${error.message}` : `: cannot open the state database: ${(error as Error).message}`;
    return { ok: false, message: `STATE_DIR ${config.stateDir}${said}` };
  }
}

/** A store whose every call fails with `cause` (the server could not be reached when it was opened); closing it does nothing. */
function unreachableStore(cause: unknown): BacklogStore {
  return new Proxy({} as BacklogStore, {
    get(_target, key) {
      // Not a thenable, nor anything but the store's methods.
      if (typeof key !== 'string' || key === 'then') return undefined;
      return key === 'close' ? () => Promise.resolve() : () => Promise.reject(cause);
    },
  });
}

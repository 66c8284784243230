import { inject } from 'vitest';
import { createDatabase } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server the tests may create databases on (test/global-setup.ts starts or finds it). */
    postgres: { url: string } | { missing: string };
  }
}

/**
 * The PostgreSQL server of the test run (test/global-setup.ts). A test that
 * needs it fails with the reason when there is none: it never skips.
 */
export function postgresServer(): string {
  const server = inject('postgres');
  if ('missing' in server) throw new Error(`these tests need a PostgreSQL server, and there is none: ${server.missing}`);
  return server.url;
}

export { withDatabase } from './postgres-server.js';

/** A new, empty database on the test server (`kubecon_test_<random>`), and how to drop it. */
export function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  return createDatabase(postgresServer(), 'kubecon_test');
}

/** Where the server listens, for a proxy in front of it: its Unix socket (the URL's `host` parameter is the folder) or its TCP address. */
export function serverAddress(url: string): { path: string } | { host: string; port: number } {
  const parsed = new URL(url);
  const port = Number(parsed.port || 5432);
  const host = parsed.searchParams.get('host');
  if (host?.startsWith('/')) return { path: `${host}/.s.PGSQL.${port}` };
  return { host: host ?? parsed.hostname, port };
}

/** `url` reached through 127.0.0.1:`port` instead. */
export function throughPort(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.searchParams.delete('host');
  parsed.hostname = '127.0.0.1';
  parsed.port = String(port);
  return parsed.toString();
}

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

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

/** `url` with another database name (the path), all else kept. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A new, empty database on the test server (`kubecon_test_<random>`), and how to drop it. */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = postgresServer();
  const name = `kubecon_test_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  // FORCE: a store a test left open (or one cut off by a proxy) does not keep its database.
  return { url: withDatabase(server, name), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
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

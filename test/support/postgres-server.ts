import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

// A PostgreSQL server for the tests and the bench, and fresh databases on it.
// No vitest here: the bench (a plain Node process) uses it too.

/** .ci/postgres, from the sources (the tests) or from dist/ (the bench). */
function serverScript(): string {
  for (const up of ['../..', '../../..']) {
    const script = path.resolve(import.meta.dirname, up, '.ci/postgres');
    if (existsSync(script)) return script;
  }
  throw new Error(`.ci/postgres not found above ${import.meta.dirname}`);
}

export interface PostgresServer {
  url: string;
  /** The server's main process, when it is a throwaway one started here (the bench reads its CPU time). */
  pid?: number;
  stop: () => void;
}

/**
 * TEST_DATABASE_URL when set (.ci/run starts one), else a throwaway server
 * started by .ci/postgres in a temporary folder. Throws with the script's
 * own explanation (no server programs installed…) when it cannot.
 */
export function startPostgres(prefix: string): PostgresServer {
  const given = process.env.TEST_DATABASE_URL?.trim();
  if (given) return { url: given, stop: () => undefined };
  const script = serverScript();
  const dir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-pg-`));
  try {
    const url = execFileSync(script, ['start', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 }).trim();
    const pid = Number(readFileSync(path.join(dir, 'data/postmaster.pid'), 'utf8').split('\n')[0]);
    const stop = () => {
      try {
        execFileSync(script, ['stop', dir], { stdio: 'ignore', timeout: 60_000 });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    return { url, pid, stop };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: string }).stderr?.toString().trim();
    throw new Error(stderr || (error as Error).message);
  }
}

/** `url` with another database name (the path), all else kept. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function runOnServer(server: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new, empty database on `server` (`<prefix>_<random>`), and how to drop it. */
export async function createDatabase(server: string, prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await runOnServer(server, `CREATE DATABASE ${name}`);
  // FORCE: a store left open (or one cut off by a proxy) does not keep its database.
  return { url: withDatabase(server, name), drop: () => runOnServer(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

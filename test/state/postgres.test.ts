import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { BacklogStore } from '../../src/core/store.js';
import { describeCause } from '../../src/core/tracker.js';
import { createPool } from '../../src/state/postgres/connection.js';
import { ADVISORY_LOCK_APP, ADVISORY_LOCK_MIGRATIONS, ADVISORY_LOCK_TOOLS, migrate, POSTGRES_MIGRATIONS, POSTGRES_SCHEMA_VERSION } from '../../src/state/postgres/migrations.js';
import { openPostgresStore } from '../../src/state/postgres/store.js';
import { expectOneHolderEach, raceClaims } from '../support/claim-race.js';
import { freshDatabase, serverAddress, throughPort } from '../support/postgres.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { bounded, waitUntil, WAIT_MS } from '../support/wait.js';

const AT = new Date('2026-03-30T07:30:00Z');
const SLOT = AT.toISOString();

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function database(): Promise<string> {
  const db = await freshDatabase();
  cleanups.push(db.drop);
  return db.url;
}

async function open(url: string, options: Parameters<typeof openPostgresStore>[1] = {}): Promise<BacklogStore> {
  const store = await openPostgresStore(url, options);
  cleanups.push(() => store.close());
  return store;
}

async function appliedVersions(url: string): Promise<number[]> {
  return (await query<{ version: number }>(url, 'SELECT version FROM schema_migrations ORDER BY version')).map((r) => r.version);
}

describe('the PostgreSQL schema', () => {
  it('is migrated once when several replicas open a fresh database at the same moment', async () => {
    const url = await database();
    await Promise.all([open(url), open(url), open(url), open(url)]);
    expect(await appliedVersions(url)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
  });

  it('waits for another replica’s migration longer than its calls may take', async () => {
    const url = await database();
    // Another replica migrating: it holds the migrations' lock.
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    cleanups.push(() => other.end());
    await other.query('BEGIN');
    await other.query('SELECT pg_advisory_xact_lock($1, $2)', [ADVISORY_LOCK_APP, ADVISORY_LOCK_MIGRATIONS]);
    const opening = open(url, { timeoutMs: 200 });
    opening.catch(() => undefined); // awaited below
    const name = new URL(url).pathname.slice(1);
    await waitUntil(
      async () => (await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'kubecon-bot' AND wait_event_type = 'Lock'`, [name]))[0]!.n === 1,
      'the store waiting on the migrations’ lock',
    );
    // Five times its call timeout: a migration may take that long.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await other.query('COMMIT');
    await expect(opening.then((store) => store.ping())).resolves.toBeUndefined();
  });

  it('applies only the migrations a database does not have yet', async () => {
    const url = await database();
    const pool = createPool(url);
    cleanups.push(() => pool.end());
    const next = { version: POSTGRES_SCHEMA_VERSION + 1, name: 'a table added later', sql: 'CREATE TABLE added_later (id integer PRIMARY KEY)' };
    expect(await migrate(pool)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
    expect(await migrate(pool, [...POSTGRES_MIGRATIONS, next])).toEqual([next.version]);
    expect(await migrate(pool, [...POSTGRES_MIGRATIONS, next])).toEqual([]);
    expect(await appliedVersions(url)).toEqual([...POSTGRES_MIGRATIONS.map((m) => m.version), next.version]);
  });

  it('refuses to start on a database migrated by a newer kubecon-bot, saying so without the URL', async () => {
    const url = await database();
    await (await open(url)).close();
    await query(url, `INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')`);
    const refused = openPostgresStore(url);
    await expect(refused).rejects.toThrow(
      `the PostgreSQL database was migrated by a newer kubecon-bot (schema v999); this one knows up to v${POSTGRES_SCHEMA_VERSION}`,
    );
    await expect(refused).rejects.not.toThrow(new URL(url).pathname.slice(1));
  });
});

async function query<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe('the PostgreSQL store, as a replica among others', () => {
  it('keeps the tool states in memory, and shows its own writes and another replica’s at once', async () => {
    const url = await database();
    const store = await open(url);
    const other = await open(url);
    expect((await store.toolStates()).size).toBe(0);
    await other.changeTool('loki', () => ({ write: { kind: 'claim', by: 'U2', at: AT }, result: undefined }));
    expect((await store.toolStates()).get('loki')?.claimedBy).toBe('U2');
    await store.changeTool('rook', () => ({ write: { kind: 'claim', by: 'U1', at: AT }, result: undefined }));
    expect((await store.toolStates()).get('rook')?.claimedBy).toBe('U1');
    expect((await other.toolStates()).get('rook')?.claimedBy).toBe('U1');
    // Many cards at once, asked while the other replica writes: each sees every change made before it asked.
    const asking = Array.from({ length: 20 }, () => store.toolStates());
    await other.changeTool('kapp', () => ({ write: { kind: 'claim', by: 'U3', at: AT }, result: undefined }));
    const after = Array.from({ length: 20 }, () => store.toolStates());
    for (const states of await Promise.all(asking)) expect(states.get('rook')?.claimedBy).toBe('U1');
    for (const states of await Promise.all(after)) expect(states.get('kapp')?.claimedBy).toBe('U3');
    // Kept in memory: read again only when the version moved.
    expect(await store.toolStates()).toBe(await store.toolStates());
  });

  it('gives each tool to one of four bot processes claiming six tools at once, migrating the fresh database together, and tells the others who', async () => {
    const url = await database();
    const tools = ['loki', 'rook', 'kapp', 'opa', 'tempo', 'jaeger'];
    const answers = await raceClaims(url, ['U01', 'U02', 'U03', 'U04'], tools);
    const states = await (await open(url)).toolStates();
    expectOneHolderEach(answers, new Map(tools.map((id) => [id, states.get(id)?.claimedBy])));
    expect(await appliedVersions(url)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
  });

  it('holds no more connections than it is allowed, however many calls wait', async () => {
    const url = await database();
    const store = await open(url, { maxConnections: 3 });
    const name = new URL(url).pathname.slice(1);
    // Another session holds the tool's lock: every claim on it waits, each on a connection of its own.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    cleanups.push(() => holder.end());
    await holder.query('SELECT pg_advisory_lock($1, hashtext($2))', [ADVISORY_LOCK_TOOLS, 'loki']);
    const claims = Array.from({ length: 20 }, (_, i) =>
      store.changeTool('loki', () => ({ write: { kind: 'claim', by: `U${i}`, at: AT }, result: i })),
    );
    const connections = (waiting: boolean) =>
      query<{ n: number }>(
        url,
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'kubecon-bot'${waiting ? ` AND wait_event_type = 'Lock'` : ''}`,
        [name],
      ).then((rows) => rows[0]!.n);
    await waitUntil(async () => (await connections(true)) === 3, 'three claims waiting on the lock');
    expect(await connections(false)).toBe(3);
    await holder.query('SELECT pg_advisory_unlock($1, hashtext($2))', [ADVISORY_LOCK_TOOLS, 'loki']);
    expect((await Promise.all(claims)).map((c) => c.result)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});

describe('why PostgreSQL cannot be opened, in words', () => {
  it('says each address refused when a name has several (localhost), which Node reports with no message of its own', () => {
    const refused = (address: string) => Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' });
    expect(describeCause(new AggregateError([refused('::1:5432'), refused('127.0.0.1:5432')]))).toBe(
      'connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432',
    );
    expect(describeCause(new Error('password authentication failed for user "bot"'))).toBe('password authentication failed for user "bot"');
  });
});

describe('a PostgreSQL server that goes away and comes back', () => {
  it('makes the store fail fast while it is gone, ping included, and work again once it is back, without reopening', async () => {
    const url = await database();
    const proxy = await startTcpProxy(serverAddress(url));
    cleanups.push(() => proxy.close());
    const idleErrors: Error[] = [];
    const store = await open(throughPort(url, proxy.port), { timeoutMs: 1000, onIdleError: (e) => idleErrors.push(e) });
    await store.changeTool('loki', () => ({ write: { kind: 'claim', by: 'U1', at: AT }, result: undefined }));
    await store.ping();

    // Connections reset: every call rejects, none hangs.
    proxy.cut();
    const gone = (what: string, call: Promise<unknown>) => expect(bounded(call, WAIT_MS, what), what).rejects.not.toThrow(/timed out after/);
    await gone('ping', store.ping());
    await gone('toolStates', store.toolStates());
    await gone('changeTool', store.changeTool('loki', () => ({ result: undefined })));
    await gone('reserveDigestSlot', store.reserveDigestSlot(SLOT, 'C1', 'loki', AT));

    // A network that swallows everything: the timeouts answer instead of the server.
    proxy.cut({ silently: true });
    await gone('ping, silently cut', store.ping());
    await gone('changeTool, silently cut', store.changeTool('loki', () => ({ result: undefined })));

    proxy.restore();
    await expect(store.ping()).resolves.toBeUndefined();
    expect((await store.toolStates()).get('loki')?.claimedBy).toBe('U1');
    expect(await store.reserveDigestSlot(SLOT, 'C1', 'loki', AT)).toBe(true);
    const claimed = await store.changeTool('rook', () => ({ write: { kind: 'claim', by: 'U2', at: AT }, result: 'ok' }));
    expect(claimed.state.claimedBy).toBe('U2');
  });
});

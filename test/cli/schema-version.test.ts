import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { SQLITE_FILE_NAME } from '../../src/state/database.js';
import { SCHEMA_MIGRATIONS, SCHEMA_VERSION } from '../../src/state/migrations.js';
import { openStore } from '../../src/state/open-store.js';
import { createPool } from '../../src/state/postgres/connection.js';
import { migrate, POSTGRES_MIGRATIONS, POSTGRES_SCHEMA_VERSION } from '../../src/state/postgres/migrations.js';
import { cli } from '../support/cli.js';
import { freshDatabase } from '../support/postgres.js';
import { KNOWLEDGE_DIR, tempStateDir } from '../support/test-app.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** One backend's state, made at a given schema version by hand, and how to read that version back. */
interface Backend {
  name: string;
  latest: number;
  /** The state at `version` (0: nothing there yet); `env` points the command at it. */
  at(version: number): Promise<{ env: Record<string, string>; version(): Promise<number>; where: string }>;
}

const sqlite: Backend = {
  name: 'SQLite',
  latest: SCHEMA_VERSION,
  async at(version) {
    const state = tempStateDir();
    cleanups.push(state.cleanup);
    const file = path.join(state.dir, SQLITE_FILE_NAME);
    const db = new Database(file);
    for (const migration of SCHEMA_MIGRATIONS.filter((m) => m.version <= version)) db.exec(migration.sql);
    db.pragma(`user_version = ${version}`);
    db.close();
    const read = () => {
      const opened = new Database(file, { readonly: true });
      try {
        return opened.pragma('user_version', { simple: true }) as number;
      } finally {
        opened.close();
      }
    };
    return { env: { STATE_DIR: state.dir }, version: async () => read(), where: `STATE_DIR ${state.dir}: ${file}` };
  },
};

const postgres: Backend = {
  name: 'PostgreSQL',
  latest: POSTGRES_SCHEMA_VERSION,
  async at(version) {
    const db = await freshDatabase();
    cleanups.push(db.drop);
    const query = async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        return (await client.query<R>(sql, params)).rows;
      } finally {
        await client.end();
      }
    };
    if (version > 0) {
      const pool = createPool(db.url);
      try {
        await migrate(pool, POSTGRES_MIGRATIONS.filter((m) => m.version <= version));
      } finally {
        await pool.end();
      }
      if (version > POSTGRES_SCHEMA_VERSION) await query(`INSERT INTO schema_migrations (version, name) VALUES ($1, 'from the future')`, [version]);
    }
    const read = async () => {
      const [table] = await query<{ present: boolean }>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`);
      if (!table!.present) return 0;
      return (await query<{ v: number }>('SELECT coalesce(max(version), 0)::int AS v FROM schema_migrations'))[0]!.v;
    };
    return { env: { DATABASE_URL: db.url }, version: read, where: 'DATABASE_URL: the PostgreSQL database' };
  },
};

/** What the bot says when it opens that state (it migrates), for the same refusal. */
async function botRefusal(env: Record<string, string>): Promise<string> {
  const config = parseConfig({ KNOWLEDGE_DIR, ...env });
  if (!config.ok) throw new Error(config.message);
  const opened = await openStore(config.config);
  if (opened.ok) {
    await opened.store.close();
    throw new Error('the bot opened it');
  }
  return opened.message;
}

const READ_ONLY_COMMANDS = [['backlog'], ['backlog', '--json'], ['gaps'], ['ask', 'helm3'], ['list'], ['digest', '--dry-run']];

describe.each([sqlite, postgres])('read-only commands on a $name state of another schema version', (backend) => {
  it('refuse an older one, saying which version and how to upgrade it, and change nothing; migrate upgrades it', async () => {
    const older = backend.latest === SCHEMA_VERSION ? SCHEMA_MIGRATIONS.at(-2)!.version : POSTGRES_MIGRATIONS.at(-2)!.version;
    const state = await backend.at(older);
    for (const args of READ_ONLY_COMMANDS) {
      const run = await cli(args, { env: state.env });
      expect({ args, ...run }).toEqual({
        args,
        code: 1,
        stdout: '',
        stderr: `kubecon-bot: ${state.where} is at schema v${older}, older than this kubecon-bot's v${backend.latest}, and a command that only reads never upgrades it: start the bot, or run kubecon-bot migrate, then try again\n`,
      });
    }
    expect(await state.version()).toBe(older);
    // `check` reads the knowledge only: the state's version is nothing to it.
    expect(await cli(['check'], { env: state.env })).toMatchObject({ code: 0, stderr: '' });

    const migrated = await cli(['migrate'], { env: state.env });
    expect(migrated).toEqual({ code: 0, stdout: `The state is at schema v${backend.latest}, this kubecon-bot's.\n`, stderr: '' });
    expect(await state.version()).toBe(backend.latest);
    expect((await cli(['backlog'], { env: state.env })).code).toBe(0);
  });

  it('refuse a newer one as the bot does', async () => {
    const state = await backend.at(999);
    const refusal = await botRefusal(state.env);
    expect(refusal).toContain('migrated by a newer kubecon-bot (schema v999)');
    for (const args of READ_ONLY_COMMANDS) expect({ args, ...(await cli(args, { env: state.env })) }).toEqual({ args, code: 1, stdout: '', stderr: `kubecon-bot: ${refusal}\n` });
    expect((await cli(['migrate'], { env: state.env })).stderr).toBe(`kubecon-bot: ${refusal}\n`);
    expect(await state.version()).toBe(999);
  });
});

describe('read-only commands on a PostgreSQL database nothing has migrated yet', () => {
  it('say so and create nothing there', async () => {
    const state = await postgres.at(0);
    const run = await cli(['backlog'], { env: state.env });
    expect(run).toMatchObject({ code: 1, stderr: expect.stringContaining(`is at schema v0, older than this kubecon-bot's v${POSTGRES_SCHEMA_VERSION}`) });
    expect(await state.version()).toBe(0);
  });
});

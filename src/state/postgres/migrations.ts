import type pg from 'pg';
import { checkSchemaVersion } from '../schema-version.js';
import { inTransaction } from './connection.js';

/**
 * The advisory locks the store takes, in the two-key form: the first key is
 * this application's (so no other program's locks on the same database
 * collide), the second says what is locked.
 */
export const ADVISORY_LOCK_APP = 0x6b756265; // "kube"
export const ADVISORY_LOCK_MIGRATIONS = 0;
/** A tool's lock is (ADVISORY_LOCK_TOOLS, hashtext(entry_id)): another first key, so no tool's hash can be the migrations' lock. */
export const ADVISORY_LOCK_TOOLS = ADVISORY_LOCK_APP + 1;

export interface Migration {
  version: number;
  /** What it adds, for schema_migrations and the log. */
  name: string;
  sql: string;
}

// Append-only: a released migration's SQL never changes; a schema change is a
// new entry at the end, with the next version. No IF NOT EXISTS: a migration
// applied twice fails loudly instead of hiding a version bug. (SQLite has its
// own list, src/state/migrations.ts: the two schemas hold the same things.)
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'claims, verdicts, dismissals, digest slots',
    sql: `
      CREATE TABLE claims (
        entry_id text PRIMARY KEY,
        user_id  text NOT NULL,
        at       timestamptz NOT NULL
      );
      CREATE TABLE verdicts (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        entry_id      text NOT NULL,
        verdict       text NOT NULL CHECK (verdict IN ('adopt', 'trial', 'assess', 'hold')),
        comment       text,
        user_id       text NOT NULL,
        at            timestamptz NOT NULL,
        submission_id text
      );
      CREATE INDEX verdicts_by_entry ON verdicts (entry_id, id);
      -- One modal submission, one verdict (NULLs are distinct: verdicts without a submission id all count).
      CREATE UNIQUE INDEX verdicts_by_submission ON verdicts (entry_id, submission_id);
      CREATE TABLE dismissals (
        entry_id      text PRIMARY KEY,
        user_id       text NOT NULL,
        reason        text,
        at            timestamptz NOT NULL,
        submission_id text
      );
      -- The slot is the core's identifier for a scheduled run (an ISO instant
      -- as text), compared as given: it stays text.
      CREATE TABLE digests (
        slot         text PRIMARY KEY,
        entry_id     text,
        channel      text NOT NULL,
        message_ref  text,
        status       text NOT NULL CHECK (status IN ('pending', 'posted')),
        reserved_at  timestamptz NOT NULL,
        uncertain_at timestamptz,
        posted_at    timestamptz
      );
      CREATE UNIQUE INDEX digests_by_message ON digests (channel, message_ref);
      -- Bumped by every write to a tool's state, so a process knows when the
      -- states it keeps in memory are out of date (SQLite's data_version).
      CREATE TABLE tool_states_version (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        version   bigint NOT NULL
      );
      INSERT INTO tool_states_version (version) VALUES (0);
    `,
  },
  {
    version: 2,
    name: 'deliveries and conversation subjects',
    // Deliveries already handled (Slack retries answered once across replicas)
    // and what each conversation is about (thread follow-ups), each with its expiry.
    sql: `
      CREATE TABLE deliveries (
        key        text PRIMARY KEY,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX deliveries_by_expiry ON deliveries (expires_at);
      CREATE TABLE conversation_subjects (
        conversation text PRIMARY KEY,
        entry_id     text NOT NULL,
        expires_at   timestamptz NOT NULL
      );
      CREATE INDEX conversation_subjects_by_expiry ON conversation_subjects (expires_at);
    `,
  },
  // --- s3/propose ---
  {
    version: 3,
    name: 'proposed tools',
    // Tools proposed by the team (`/kubecon propose`): id = a slug of the title;
    // one per name (title_key: the title as titleKey compares it); one per modal submission.
    sql: `
      CREATE TABLE proposals (
        id            text PRIMARY KEY,
        title         text NOT NULL,
        title_key     text NOT NULL UNIQUE,
        url           text NOT NULL,
        reason        text NOT NULL,
        priority      text NOT NULL CHECK (priority IN ('high', 'normal', 'low')),
        proposed_by   text NOT NULL,
        proposed_at   timestamptz NOT NULL,
        submission_id text UNIQUE
      );
    `,
  },
  {
    version: 4,
    name: 'unanswered questions and votes on answers',
    // Knowledge gaps: one row per unanswered ask (the channel, never who asked),
    // and one vote per person per (question, entry): the primary key makes a
    // second vote an update, whichever replica takes it.
    sql: `
      CREATE TABLE unanswered_asks (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        question_key text NOT NULL,
        question     text NOT NULL,
        channel      text NOT NULL,
        at           timestamptz NOT NULL
      );
      CREATE INDEX unanswered_by_key ON unanswered_asks (question_key, at);
      CREATE INDEX unanswered_by_time ON unanswered_asks (at);
      CREATE TABLE answer_votes (
        question_key text NOT NULL,
        entry_id     text NOT NULL,
        user_id      text NOT NULL,
        question     text NOT NULL,
        helpful      boolean NOT NULL,
        at           timestamptz NOT NULL,
        PRIMARY KEY (question_key, entry_id, user_id)
      );
    `,
  },
];

export const POSTGRES_SCHEMA_VERSION = POSTGRES_MIGRATIONS.at(-1)?.version ?? 0;

/** What the refusals call the database (see checkSchemaVersion). */
const THE_DATABASE = 'the PostgreSQL database';

/** The database's schema version: 0 for a database nothing has migrated (no schema_migrations). Reads only. */
export async function schemaVersion(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ present: boolean }>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`);
  if (!rows[0]!.present) return 0;
  return (await pool.query<{ current: number }>('SELECT coalesce(max(version), 0) AS current FROM schema_migrations')).rows[0]!.current;
}

/** For a command that only reads: the database is at this code's schema version, or SchemaVersionError says why not; nothing is written. */
export async function checkReadable(pool: pg.Pool, migrations: readonly Migration[] = POSTGRES_MIGRATIONS): Promise<void> {
  checkSchemaVersion(THE_DATABASE, await schemaVersion(pool), migrations.at(-1)?.version ?? 0, { migrates: false });
}

/**
 * Brings the database up to POSTGRES_SCHEMA_VERSION in one transaction, under
 * an advisory lock: replicas starting together wait for each other, and the
 * ones after the first find nothing left to do. Refuses a database migrated
 * by a newer version. Returns the versions it applied.
 */
export async function migrate(pool: pg.Pool, migrations: readonly Migration[] = POSTGRES_MIGRATIONS): Promise<number[]> {
  const latest = migrations.at(-1)?.version ?? 0;
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [ADVISORY_LOCK_APP, ADVISORY_LOCK_MIGRATIONS]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const { rows } = await client.query<{ current: number }>('SELECT coalesce(max(version), 0) AS current FROM schema_migrations');
    const current = rows[0]!.current;
    checkSchemaVersion(THE_DATABASE, current, latest, { migrates: true });
    const applied: number[] = [];
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      applied.push(migration.version);
    }
    return applied;
  });
}

import type Database from 'better-sqlite3';
import { checkSchemaVersion } from './schema-version.js';

// Migrations are append-only: a released version's SQL never changes, a schema
// change is a new entry. They deliberately avoid IF NOT EXISTS so that a
// migration applied twice fails loudly instead of hiding a version bug.
export const SCHEMA_MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE claims (
        entry_id TEXT PRIMARY KEY,
        user_id  TEXT NOT NULL,
        at       TEXT NOT NULL
      );
      CREATE TABLE verdicts (
        id       INTEGER PRIMARY KEY AUTOINCREMENT,
        entry_id TEXT NOT NULL,
        verdict  TEXT NOT NULL CHECK (verdict IN ('adopt', 'trial', 'assess', 'hold')),
        comment  TEXT,
        user_id  TEXT NOT NULL,
        at       TEXT NOT NULL
      );
      CREATE INDEX verdicts_by_entry ON verdicts (entry_id, id);
      CREATE TABLE dismissals (
        entry_id TEXT PRIMARY KEY,
        user_id  TEXT NOT NULL,
        reason   TEXT,
        at       TEXT NOT NULL
      );
      CREATE TABLE digests (
        slot        TEXT PRIMARY KEY,
        entry_id    TEXT,
        channel     TEXT NOT NULL,
        ts          TEXT,
        status      TEXT NOT NULL CHECK (status IN ('pending', 'posted')),
        reserved_at TEXT NOT NULL,
        posted_at   TEXT
      );
      CREATE UNIQUE INDEX digests_by_message ON digests (channel, ts);
    `,
  },
  {
    version: 2,
    // A post Slack may have taken without confirming: the slot stays reserved
    // and is never taken over on its own (see BacklogStore.markDigestUncertain).
    sql: `ALTER TABLE digests ADD COLUMN uncertain_at TEXT;`,
  },
  {
    version: 3,
    // The modal submission a verdict or a dismissal came from: one submission, one record.
    sql: `
      ALTER TABLE verdicts ADD COLUMN submission_id TEXT;
      CREATE UNIQUE INDEX verdicts_by_submission ON verdicts (entry_id, submission_id);
      ALTER TABLE dismissals ADD COLUMN submission_id TEXT;
    `,
  },
  {
    version: 6,
    // Deliveries already handled (Slack retries answered once across processes)
    // and what each conversation is about (thread follow-ups), each with its
    // expiry. ISO 8601 instants in UTC compare as text.
    sql: `
      CREATE TABLE deliveries (
        key        TEXT PRIMARY KEY,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX deliveries_by_expiry ON deliveries (expires_at);
      CREATE TABLE conversation_subjects (
        conversation TEXT PRIMARY KEY,
        entry_id     TEXT NOT NULL,
        expires_at   TEXT NOT NULL
      );
      CREATE INDEX conversation_subjects_by_expiry ON conversation_subjects (expires_at);
    `,
  },
  {
    version: 7,
    // Knowledge gaps: one row per unanswered ask (the channel, never who asked),
    // and one vote per person per (question, entry).
    sql: `
      CREATE TABLE unanswered_asks (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        question_key TEXT NOT NULL,
        question     TEXT NOT NULL,
        channel      TEXT NOT NULL,
        at           TEXT NOT NULL
      );
      CREATE INDEX unanswered_by_key ON unanswered_asks (question_key, at);
      CREATE INDEX unanswered_by_time ON unanswered_asks (at);
      CREATE TABLE answer_votes (
        question_key TEXT NOT NULL,
        entry_id     TEXT NOT NULL,
        user_id      TEXT NOT NULL,
        question     TEXT NOT NULL,
        helpful      INTEGER NOT NULL CHECK (helpful IN (0, 1)),
        at           TEXT NOT NULL,
        PRIMARY KEY (question_key, entry_id, user_id)
      );
    `,
  },
  // --- s3/propose ---
  {
    version: 8,
    // Tools proposed by the team (`/kubecon propose`): id = a slug of the title;
    // one per name (title_key: the title as titleKey compares it); one per modal submission.
    sql: `
      CREATE TABLE proposals (
        id            TEXT PRIMARY KEY,
        title         TEXT NOT NULL,
        title_key     TEXT NOT NULL UNIQUE,
        url           TEXT NOT NULL,
        reason        TEXT NOT NULL,
        priority      TEXT NOT NULL CHECK (priority IN ('high', 'normal', 'low')),
        proposed_by   TEXT NOT NULL,
        proposed_at   TEXT NOT NULL,
        submission_id TEXT UNIQUE
      );
    `,
  },
];

export const SCHEMA_VERSION = SCHEMA_MIGRATIONS.at(-1)?.version ?? 0;

/** Brings the file's schema up to SCHEMA_VERSION; refuses a file written by a newer version. */
export function migrate(db: Database.Database, file: string): void {
  const userVersion = () => db.pragma('user_version', { simple: true }) as number;
  // IMMEDIATE takes the write lock before reading the version, so two processes
  // opening a fresh file at once cannot both apply the same migration.
  db.transaction(() => {
    const current = userVersion();
    checkSchemaVersion(file, current, SCHEMA_VERSION, { migrates: true });
    for (const migration of SCHEMA_MIGRATIONS) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
}

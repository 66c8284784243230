import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describeFileError } from '../core/file-errors.js';
import type { BacklogStore, DigestRecord, Dismissal, ToolState, Verdict, VerdictRecord } from '../core/store.js';

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
];

export const SCHEMA_VERSION = SCHEMA_MIGRATIONS.at(-1)?.version ?? 0;

export const SQLITE_FILE_NAME = 'kubecon-bot.sqlite';

interface ClaimRow {
  entry_id: string;
  user_id: string;
  at: string;
}
interface VerdictRow {
  entry_id: string;
  verdict: Verdict;
  comment: string | null;
  user_id: string;
  at: string;
  submission_id: string | null;
}
interface DismissalRow {
  entry_id: string;
  user_id: string;
  reason: string | null;
  at: string;
  submission_id: string | null;
}
interface PostedDigestRow {
  slot: string;
  entry_id: string | null;
  channel: string;
  ts: string | null;
  posted_at: string;
}

export interface SqliteStoreOptions {
  /**
   * How long the tool states kept in memory are trusted before checking
   * whether another process changed the file (default 1 s). The store's own
   * writes are seen at once.
   */
  recheckAfterMs?: number;
  /** Milliseconds, for tests. */
  now?: () => number;
  /**
   * For the commands that only read (`ask`, `list`…): nothing is created or
   * written, and a missing or read-only state folder still works.
   */
  readOnly?: boolean;
}

/** What is wrong with the state folder itself, as words that follow its path (`is a file, not a folder`). */
export class StateDirError extends Error {}

/** Opens (creating and migrating if needed) the bot's SQLite file in `stateDir`. */
export function openSqliteStore(stateDir: string, options: SqliteStoreOptions = {}): BacklogStore {
  const recheckAfterMs = options.recheckAfterMs ?? 1000;
  const now = options.now ?? Date.now;
  const file = path.join(stateDir, SQLITE_FILE_NAME);
  const db = options.readOnly ? openForReading(stateDir, file) : openForWriting(stateDir, file);

  const statements = {
    claimsAll: db.prepare<[], ClaimRow>('SELECT entry_id, user_id, at FROM claims'),
    claimsFor: db.prepare<[string], ClaimRow>('SELECT entry_id, user_id, at FROM claims WHERE entry_id = ?'),
    claim: db.prepare<[string, string, string]>(
      `INSERT INTO claims (entry_id, user_id, at) VALUES (?, ?, ?)
       ON CONFLICT (entry_id) DO UPDATE SET user_id = excluded.user_id, at = excluded.at`,
    ),
    verdictsAll: db.prepare<[], VerdictRow>('SELECT entry_id, verdict, comment, user_id, at, submission_id FROM verdicts ORDER BY id'),
    verdictsFor: db.prepare<[string], VerdictRow>(
      'SELECT entry_id, verdict, comment, user_id, at, submission_id FROM verdicts WHERE entry_id = ? ORDER BY id',
    ),
    // A submission already recorded is not recorded twice.
    recordVerdict: db.prepare<[string, Verdict, string | null, string, string, string | null]>(
      `INSERT INTO verdicts (entry_id, verdict, comment, user_id, at, submission_id) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (entry_id, submission_id) DO NOTHING`,
    ),
    dismissalsAll: db.prepare<[], DismissalRow>('SELECT entry_id, user_id, reason, at, submission_id FROM dismissals'),
    dismissalsFor: db.prepare<[string], DismissalRow>(
      'SELECT entry_id, user_id, reason, at, submission_id FROM dismissals WHERE entry_id = ?',
    ),
    // The first dismissal is kept: who dismissed a tool and why does not change when someone dismisses it again.
    dismiss: db.prepare<[string, string, string | null, string, string | null]>(
      `INSERT INTO dismissals (entry_id, user_id, reason, at, submission_id) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (entry_id) DO NOTHING`,
    ),
    digestHistory: db.prepare<[], PostedDigestRow>(
      `SELECT slot, entry_id, channel, ts, posted_at FROM digests WHERE status = 'posted' ORDER BY slot DESC`,
    ),
    digestBySlot: db.prepare<[string], PostedDigestRow>(
      `SELECT slot, entry_id, channel, ts, posted_at FROM digests WHERE status = 'posted' AND slot = ?`,
    ),
    digestByTs: db.prepare<[string, string], PostedDigestRow>(
      `SELECT slot, entry_id, channel, ts, posted_at FROM digests WHERE status = 'posted' AND channel = ? AND ts = ?`,
    ),
    reserveDigestSlot: db.prepare<[string, string | null, string, string]>(
      `INSERT INTO digests (slot, entry_id, channel, status, reserved_at) VALUES (?, ?, ?, 'pending', ?)
       ON CONFLICT (slot) DO NOTHING`,
    ),
    // Compare and swap on reserved_at: of two runs taking over the same reservation, one wins.
    takeOverDigestSlot: db.prepare<[string | null, string, string, string, string]>(
      `UPDATE digests SET entry_id = ?, channel = ?, reserved_at = ?, uncertain_at = NULL
       WHERE slot = ? AND status = 'pending' AND reserved_at = ?`,
    ),
    pendingDigest: db.prepare<[string], { reserved_at: string; uncertain_at: string | null }>(
      `SELECT reserved_at, uncertain_at FROM digests WHERE slot = ? AND status = 'pending'`,
    ),
    completeDigest: db.prepare<[string, string, string]>(
      `UPDATE digests SET status = 'posted', ts = ?, posted_at = ? WHERE slot = ? AND status = 'pending'`,
    ),
    releaseDigestSlot: db.prepare<[string]>(`DELETE FROM digests WHERE slot = ? AND status = 'pending'`),
    markDigestUncertain: db.prepare<[string, string]>(
      `UPDATE digests SET uncertain_at = COALESCE(uncertain_at, ?) WHERE slot = ? AND status = 'pending'`,
    ),
  };

  const toolState = (entryId: string): ToolState =>
    buildToolStates(
      statements.claimsFor.all(entryId),
      statements.verdictsFor.all(entryId),
      statements.dismissalsFor.all(entryId),
    ).get(entryId) ?? { entryId, verdicts: [] };

  // Every answer card shows its tool's live status, so the states are kept in
  // memory and read again only after a write: by this connection (which
  // forgets them at once), or by another process on the same file, such as
  // the previous bot during a deploy (SQLite's data_version changes when
  // another connection commits; checked at most every recheckAfterMs).
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  let cached: { version: number; checkedAt: number; states: ReadonlyMap<string, ToolState> } | undefined;
  const written = <T>(result: T): T => {
    cached = undefined;
    return result;
  };

  return {
    changeTool: (entryId, change) => db.transaction(() => change(toolState(entryId))).immediate(),
    toolStates() {
      const at = now();
      if (cached && at - cached.checkedAt < recheckAfterMs) return cached.states;
      const version = dataVersion.get()!;
      if (cached?.version === version) cached.checkedAt = at;
      else {
        const states = buildToolStates(statements.claimsAll.all(), statements.verdictsAll.all(), statements.dismissalsAll.all());
        cached = { version, checkedAt: at, states };
      }
      return cached.states;
    },
    claim(entryId, by, at) {
      statements.claim.run(entryId, by, at.toISOString());
      return written(toolState(entryId));
    },
    recordVerdict(record) {
      statements.recordVerdict.run(
        record.entryId,
        record.verdict,
        record.comment ?? null,
        record.by,
        record.at.toISOString(),
        record.submissionId ?? null,
      );
      return written(toolState(record.entryId));
    },
    dismiss(entryId, dismissal: Dismissal) {
      statements.dismiss.run(entryId, dismissal.by, dismissal.reason ?? null, dismissal.at.toISOString(), dismissal.submissionId ?? null);
      return written(toolState(entryId));
    },
    digestHistory: () => statements.digestHistory.all().map(toDigestRecord),
    reserveDigestSlot: (slot, channel, entryId, at) => statements.reserveDigestSlot.run(slot, entryId ?? null, channel, at.toISOString()).changes === 1,
    takeOverDigestSlot: (slot, reservedAt, channel, entryId, at) =>
      statements.takeOverDigestSlot.run(entryId ?? null, channel, at.toISOString(), slot, reservedAt.toISOString()).changes === 1,
    pendingDigest(slot) {
      const row = statements.pendingDigest.get(slot);
      if (!row) return undefined;
      return { reservedAt: new Date(row.reserved_at), ...(row.uncertain_at !== null && { uncertainSince: new Date(row.uncertain_at) }) };
    },
    completeDigest(slot, ts, at) {
      const { changes } = statements.completeDigest.run(ts, at.toISOString(), slot);
      if (changes !== 1) throw new Error(`digest slot ${slot} is not reserved, so it cannot be marked as posted`);
    },
    releaseDigestSlot(slot) {
      statements.releaseDigestSlot.run(slot);
    },
    markDigestUncertain(slot, at) {
      statements.markDigestUncertain.run(at.toISOString(), slot);
    },
    digestBySlot(slot) {
      const row = statements.digestBySlot.get(slot);
      return row && toDigestRecord(row);
    },
    digestByTs(channel, ts) {
      const row = statements.digestByTs.get(channel, ts);
      return row && toDigestRecord(row);
    },
    close: () => db.close(),
  };
}

function openForWriting(stateDir: string, file: string): Database.Database {
  try {
    mkdirSync(stateDir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new StateDirError(code === 'EEXIST' ? 'is a file, not a folder' : `cannot be created: ${describeFileError(error)}`);
  }
  const db = new Database(file);
  closingOnFailure(db, () => {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // Two processes on one file (a deploy overlap, the CLI next to the bot) wait rather than fail with SQLITE_BUSY.
    db.pragma('busy_timeout = 5000');
    migrate(db, file);
  });
  return db;
}

/**
 * No state folder or file yet is no state yet: an empty database in memory,
 * nothing created on disk. SQLite cannot read a WAL database where it may not
 * create the `-shm` index beside it (sqlite.org/wal.html#readonly; this build
 * takes no `immutable=1` URI), and cannot migrate a file it may not write:
 * then the commands read a copy in memory.
 */
function openForReading(stateDir: string, file: string): Database.Database {
  const folder = statSync(stateDir, { throwIfNoEntry: false });
  if (folder && !folder.isDirectory()) throw new StateDirError('is a file, not a folder');
  let db: Database.Database;
  if (!folder || !existsSync(file)) db = new Database(':memory:');
  else {
    try {
      const onDisk = new Database(file, { readonly: true, fileMustExist: true });
      const version = closingOnFailure(onDisk, () => {
        onDisk.pragma('busy_timeout = 5000');
        return onDisk.pragma('user_version', { simple: true }) as number;
      });
      if (version === SCHEMA_VERSION) return onDisk;
      onDisk.close();
    } catch (error) {
      if (!(error instanceof Database.SqliteError)) throw error;
    }
    const copy = readFileSync(file);
    // Header bytes 18 and 19 say WAL (2); a database in memory takes a rollback journal (1).
    copy[18] = 1;
    copy[19] = 1;
    db = new Database(copy);
  }
  closingOnFailure(db, () => migrate(db, file));
  return db;
}

function closingOnFailure<T>(db: Database.Database, setUp: () => T): T {
  try {
    return setUp();
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Database.Database, file: string): void {
  const userVersion = () => db.pragma('user_version', { simple: true }) as number;
  // IMMEDIATE takes the write lock before reading the version, so two processes
  // opening a fresh file at once cannot both apply the same migration.
  db.transaction(() => {
    const current = userVersion();
    if (current > SCHEMA_VERSION) {
      throw new Error(
        `${file} was written by a newer kubecon-bot (schema v${current}); this one knows up to v${SCHEMA_VERSION}`,
      );
    }
    for (const migration of SCHEMA_MIGRATIONS) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
}

function buildToolStates(
  claims: readonly ClaimRow[],
  verdicts: readonly VerdictRow[],
  dismissals: readonly DismissalRow[],
): Map<string, ToolState> {
  const states = new Map<string, ToolState>();
  const stateOf = (entryId: string): ToolState => {
    let state = states.get(entryId);
    if (!state) {
      state = { entryId, verdicts: [] };
      states.set(entryId, state);
    }
    return state;
  };
  for (const row of claims) {
    const state = stateOf(row.entry_id);
    state.claimedBy = row.user_id;
    state.claimedAt = new Date(row.at);
  }
  // Rows come oldest first.
  for (const row of verdicts) {
    const state = stateOf(row.entry_id);
    const record: VerdictRecord = {
      entryId: row.entry_id,
      verdict: row.verdict,
      by: row.user_id,
      at: new Date(row.at),
      ...(row.comment === null ? {} : { comment: row.comment }),
      ...(row.submission_id === null ? {} : { submissionId: row.submission_id }),
    };
    state.verdicts.push(record);
  }
  for (const row of dismissals) {
    stateOf(row.entry_id).dismissed = {
      by: row.user_id,
      at: new Date(row.at),
      ...(row.reason === null ? {} : { reason: row.reason }),
      ...(row.submission_id === null ? {} : { submissionId: row.submission_id }),
    };
  }
  return states;
}

function toDigestRecord(row: PostedDigestRow): DigestRecord {
  return {
    slot: row.slot,
    channel: row.channel,
    postedAt: new Date(row.posted_at),
    ...(row.entry_id === null ? {} : { entryId: row.entry_id }),
    ...(row.ts === null ? {} : { ts: row.ts }),
  };
}

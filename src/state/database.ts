import { existsSync, readFileSync, statSync } from 'node:fs';
import { makeFolder } from '../make-folder.js';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describeFileError } from '../core/file-errors.js';
import { migrate, SCHEMA_VERSION } from './migrations.js';
import { checkSchemaVersion } from './schema-version.js';

export const SQLITE_FILE_NAME = 'kubecon-bot.sqlite';

/** What is wrong with the state folder itself, as words that follow its path (`is a file, not a folder`). */
export class StateDirError extends Error {}

/**
 * Opens the bot's SQLite file in `stateDir`, migrated: created with its folder
 * if needed, or, `readOnly`, without writing anything (see openForReading).
 */
export function openDatabase(stateDir: string, options: { readOnly?: boolean } = {}): Database.Database {
  const file = path.join(stateDir, SQLITE_FILE_NAME);
  return options.readOnly ? openForReading(stateDir, file) : openForWriting(stateDir, file);
}

function openForWriting(stateDir: string, file: string): Database.Database {
  try {
    makeFolder(stateDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new StateDirError(code === 'EEXIST' ? 'is a file, not a folder' : `cannot be created: ${describeFileError(error)}`);
  }
  const db = new Database(file);
  closingOnFailure(db, () => {
    db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL syncs at checkpoints, not at every commit: a commit
    // costs about 40 µs instead of an fsync (0.5 ms here, with the one thread
    // waiting), and the file is never corrupted; only a power cut or an OS
    // crash (not the process dying) may take back the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Two processes on one file (a deploy overlap, the CLI next to the bot) wait rather than fail with SQLITE_BUSY.
    db.pragma('busy_timeout = 5000');
    migrate(db, file);
  });
  return db;
}

/**
 * No state folder or file yet is no state yet: an empty database in memory,
 * nothing created on disk. A file at another schema version than this code's
 * is refused (SchemaVersionError): a command that only reads never migrates
 * it, as on PostgreSQL. SQLite cannot read a WAL database where it may not
 * create the `-shm` index beside it (sqlite.org/wal.html#readonly; this build
 * takes no `immutable=1` URI): then the commands read a copy in memory.
 */
function openForReading(stateDir: string, file: string): Database.Database {
  const folder = statSync(stateDir, { throwIfNoEntry: false });
  if (folder && !folder.isDirectory()) throw new StateDirError('is a file, not a folder');
  if (!folder || !existsSync(file)) {
    const empty = new Database(':memory:');
    closingOnFailure(empty, () => migrate(empty, file));
    return empty;
  }
  const db = openOnDiskOrCopy(file);
  closingOnFailure(db, () => checkSchemaVersion(file, db.pragma('user_version', { simple: true }) as number, SCHEMA_VERSION, { migrates: false }));
  return db;
}

/** The file opened read-only, or a copy of it in memory when SQLite cannot read it where it is (see openForReading). */
function openOnDiskOrCopy(file: string): Database.Database {
  try {
    const onDisk = new Database(file, { readonly: true, fileMustExist: true });
    return closingOnFailure(onDisk, () => {
      onDisk.pragma('busy_timeout = 5000');
      onDisk.pragma('user_version', { simple: true });
      return onDisk;
    });
  } catch (error) {
    if (!(error instanceof Database.SqliteError)) throw error;
  }
  const copy = readFileSync(file);
  // Header bytes 18 and 19 say WAL (2); a database in memory takes a rollback journal (1).
  copy[18] = 1;
  copy[19] = 1;
  return new Database(copy);
}

function closingOnFailure<T>(db: Database.Database, setUp: () => T): T {
  try {
    return setUp();
  } catch (error) {
    db.close();
    throw error;
  }
}

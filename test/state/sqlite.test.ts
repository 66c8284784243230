import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SQLITE_FILE_NAME } from '../../src/state/database.js';
import { SCHEMA_MIGRATIONS, SCHEMA_VERSION } from '../../src/state/migrations.js';
import { openSqliteStore } from '../../src/state/sqlite.js';
import type { BacklogStore, ToolWrite } from '../../src/core/store.js';
import { describeStoreContract } from './store-contract.js';

const MONDAY = new Date('2026-03-30T07:30:00Z');
const SLOT = MONDAY.toISOString();
const at = (minutes: number) => new Date(MONDAY.getTime() + minutes * 60_000);

let tempDir: string;
let stateDir: string;
const opened: BacklogStore[] = [];

function open(): BacklogStore {
  const store = openSqliteStore(stateDir);
  opened.push(store);
  return store;
}

const write = (store: BacklogStore, entryId: string, change: ToolWrite) => store.changeTool(entryId, () => ({ write: change, result: undefined }));

function readPragma(name: string): unknown {
  const db = new Database(path.join(stateDir, SQLITE_FILE_NAME), { readonly: true });
  try {
    return db.pragma(name, { simple: true });
  } finally {
    db.close();
  }
}

beforeEach(async () => {
  tempDir = await mkdtemp(path.join(tmpdir(), 'kubecon-sqlite-'));
  stateDir = tempDir;
});

afterEach(async () => {
  for (const store of opened.splice(0)) {
    await store.close().catch(() => undefined); // closed already by the test
  }
  await rm(tempDir, { recursive: true, force: true });
});

describe('the SQLite backlog store', () => {
  it('creates its state folder when it is missing', () => {
    stateDir = path.join(tempDir, 'nested', 'state');
    open();
    expect(readPragma('user_version')).toBe(SCHEMA_VERSION);
  });

  it('runs in WAL mode', () => {
    open();
    expect(readPragma('journal_mode')).toBe('wal');
  });

  it('applies its migrations once and records the latest schema version', async () => {
    await open().close();
    expect(readPragma('user_version')).toBe(SCHEMA_VERSION);
    // Migrations create tables without IF NOT EXISTS: a second run would throw here.
    expect(() => open()).not.toThrow();
    expect(readPragma('user_version')).toBe(SCHEMA_VERSION);
  });

  it('refuses a file written by a newer version', async () => {
    await open().close();
    const db = new Database(path.join(stateDir, SQLITE_FILE_NAME));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();

    expect(() => open()).toThrow(
      `was migrated by a newer kubecon-bot (schema v${SCHEMA_VERSION + 1}); this one knows up to v${SCHEMA_VERSION}`,
    );
  });

  it("sees its own writes and another process's at once, though it keeps the states in memory", async () => {
    const bot = openSqliteStore(stateDir);
    const otherProcess = openSqliteStore(stateDir);
    opened.push(bot, otherProcess);
    const holder = async (id: string) => (await bot.toolStates()).get(id);
    expect(await holder('loki')).toBeUndefined();
    await write(bot, 'loki', { kind: 'claim', by: 'U1', at: at(0) });
    expect((await holder('loki'))?.claimedBy).toBe('U1');

    await write(otherProcess, 'loki', { kind: 'claim', by: 'U2', at: at(1) });
    await write(otherProcess, 'rook', { kind: 'dismiss', dismissal: { by: 'U2', reason: 'trop tôt', at: at(2) } });
    expect((await holder('loki'))?.claimedBy).toBe('U2');
    expect((await holder('rook'))?.dismissed?.reason).toBe('trop tôt');

    expect((await otherProcess.toolStates()).get('rook')?.verdicts).toEqual([]);
    await write(bot, 'rook', { kind: 'verdict', record: { verdict: 'hold', by: 'U1', at: at(3) } });
    expect((await otherProcess.toolStates()).get('rook')?.verdicts.map((v) => v.verdict)).toEqual(['hold']);
    // Kept in memory: read again only when the file changed.
    expect(await bot.toolStates()).toBe(await bot.toolStates());
  });

  it('decides a change against the state as stored', async () => {
    const store = openSqliteStore(stateDir);
    const other = openSqliteStore(stateDir);
    opened.push(store, other);
    expect((await store.toolStates()).get('rook')).toBeUndefined();
    await write(other, 'rook', { kind: 'claim', by: 'U2', at: at(0) });
    expect((await store.changeTool('rook', (current) => ({ result: current.claimedBy }))).result).toBe('U2');
  });

  it('upgrades a version-1 file, keeping its digests and verdicts', async () => {
    const db = new Database(path.join(stateDir, SQLITE_FILE_NAME));
    db.exec(SCHEMA_MIGRATIONS.find((m) => m.version === 1)!.sql);
    db.pragma('user_version = 1');
    db.prepare(`INSERT INTO digests (slot, entry_id, channel, ts, status, reserved_at, posted_at) VALUES (?, 'loki', 'C1', '1711.0001', 'posted', ?, ?)`).run(SLOT, SLOT, SLOT);
    db.prepare(`INSERT INTO verdicts (entry_id, verdict, user_id, at) VALUES ('loki', 'hold', 'U1', ?)`).run(SLOT);
    db.close();
    const store = open();
    expect(readPragma('user_version')).toBe(SCHEMA_VERSION);
    expect(await store.digestBySlot(SLOT)).toMatchObject({ entryId: 'loki', messageRef: '1711.0001' });
    expect((await store.toolStates()).get('loki')?.verdicts).toEqual([{ entryId: 'loki', verdict: 'hold', by: 'U1', at: MONDAY }]);
  });
});

describeStoreContract('SQLite', async () => open());

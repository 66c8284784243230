import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SQLITE_FILE_NAME } from '../../src/state/database.js';
import { SCHEMA_MIGRATIONS, SCHEMA_VERSION } from '../../src/state/migrations.js';
import { openSqliteStore } from '../../src/state/sqlite.js';
import type { BacklogStore } from '../../src/core/store.js';

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
    try {
      store.close();
    } catch {
      // already closed by the test
    }
  }
  await rm(tempDir, { recursive: true, force: true });
});

describe('the SQLite backlog store', () => {
  it('creates its state folder when it is missing', () => {
    stateDir = path.join(tempDir, 'nested', 'state');
    open();
    expect(readPragma('user_version')).toBe(SCHEMA_VERSION);
  });

  it('remembers claims, verdicts and dismissals per tool', () => {
    const store = open();
    expect(store.toolStates().size).toBe(0);

    expect(store.claim('loki', 'U1', at(0))).toEqual({
      entryId: 'loki',
      claimedBy: 'U1',
      claimedAt: at(0),
      verdicts: [],
    });
    const trial = store.recordVerdict({ entryId: 'loki', verdict: 'trial', comment: 'looks cheap', by: 'U1', at: at(1) });
    expect(trial.verdicts.at(-1)).toEqual({ entryId: 'loki', verdict: 'trial', comment: 'looks cheap', by: 'U1', at: at(1) });
    const adopt = store.recordVerdict({ entryId: 'loki', verdict: 'adopt', by: 'U2', at: at(2) });
    expect(adopt.verdicts.at(-1)).toEqual({ entryId: 'loki', verdict: 'adopt', by: 'U2', at: at(2) });
    expect(adopt.verdicts.map((v) => v.verdict)).toEqual(['trial', 'adopt']);

    expect(store.dismiss('kapp', { by: 'U3', reason: 'we use Helm', at: at(3) })).toEqual({
      entryId: 'kapp',
      verdicts: [],
      dismissed: { by: 'U3', reason: 'we use Helm', at: at(3) },
    });

    const states = store.toolStates();
    expect([...states.keys()].sort()).toEqual(['kapp', 'loki']);
    expect(states.get('loki')).toEqual(adopt);
  });

  it('gives a claimed tool to whoever claims it last', () => {
    const store = open();
    store.claim('rook', 'U1', at(0));
    expect(store.claim('rook', 'U2', at(5))).toMatchObject({ claimedBy: 'U2', claimedAt: at(5) });
  });

  it('keeps the first dismissal of a tool', () => {
    const store = open();
    store.dismiss('kapp', { by: 'U1', at: at(0) });
    expect(store.dismiss('kapp', { by: 'U2', reason: 'again', at: at(5) }).dismissed).toEqual({ by: 'U1', at: at(0) });
  });

  it('finds the same state after being closed and reopened', () => {
    const first = open();
    first.claim('rook', 'U1', at(0));
    first.recordVerdict({ entryId: 'loki', verdict: 'hold', by: 'U2', at: at(1) });
    first.dismiss('kapp', { by: 'U3', reason: 'not for us', at: at(2) });
    first.reserveDigestSlot(SLOT, 'C1', 'rook', at(3));
    first.completeDigest(SLOT, '1711.0001', at(4));
    const before = first.toolStates();
    const historyBefore = first.digestHistory();
    first.close();

    const second = open();
    expect(second.toolStates()).toEqual(before);
    expect(second.digestHistory()).toEqual(historyBefore);
  });

  it('runs in WAL mode', () => {
    open();
    expect(readPragma('journal_mode')).toBe('wal');
  });

  it('applies its migrations once and records the latest schema version', () => {
    open().close();
    expect(readPragma('user_version')).toBe(SCHEMA_VERSION);
    // Migrations create tables without IF NOT EXISTS: a second run would throw here.
    expect(() => open()).not.toThrow();
    expect(readPragma('user_version')).toBe(SCHEMA_VERSION);
  });

  it('refuses a file written by a newer version', () => {
    open().close();
    const db = new Database(path.join(stateDir, SQLITE_FILE_NAME));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();

    expect(() => open()).toThrow(
      `was written by a newer kubecon-bot (schema v${SCHEMA_VERSION + 1}); this one knows up to v${SCHEMA_VERSION}`,
    );
  });

  it("sees its own writes at once and another process's within a second, though it keeps the states in memory", () => {
    let clock = 0;
    const bot = openSqliteStore(stateDir, { now: () => clock });
    const otherProcess = openSqliteStore(stateDir, { now: () => clock });
    opened.push(bot, otherProcess);
    expect(bot.toolStates().get('loki')).toBeUndefined();
    bot.claim('loki', 'U1', at(0));
    expect(bot.toolStates().get('loki')?.claimedBy).toBe('U1');

    otherProcess.claim('loki', 'U2', at(1));
    otherProcess.dismiss('rook', { by: 'U2', reason: 'trop tôt', at: at(2) });
    clock += 999;
    expect(bot.toolStates().get('loki')?.claimedBy).toBe('U1');
    clock += 1;
    expect(bot.toolStates().get('loki')?.claimedBy).toBe('U2');
    expect(bot.toolStates().get('rook')?.dismissed?.reason).toBe('trop tôt');

    expect(otherProcess.toolStates().get('rook')?.verdicts).toEqual([]);
    bot.recordVerdict({ entryId: 'rook', verdict: 'hold', by: 'U1', at: at(3) });
    clock += 1000;
    expect(otherProcess.toolStates().get('rook')?.verdicts.map((v) => v.verdict)).toEqual(['hold']);
  });

  it('reserves a digest slot once, even for another store on the same file', () => {
    const store = open();
    const other = open();
    expect(store.reserveDigestSlot(SLOT, 'C1', 'loki', at(0))).toBe(true);
    expect(store.reserveDigestSlot(SLOT, 'C1', 'loki', at(0))).toBe(false);
    expect(other.reserveDigestSlot(SLOT, 'C1', 'rook', at(1))).toBe(false);
  });

  it('never takes over a reservation whose post Slack may have taken; releasing it frees the slot', () => {
    const store = open();
    expect(store.reserveDigestSlot(SLOT, 'C1', 'loki', at(0))).toBe(true);
    store.markDigestUncertain(SLOT, at(1));
    store.markDigestUncertain(SLOT, at(30)); // a later look that could not tell keeps the first date
    const restarted = open();
    expect(restarted.pendingDigest(SLOT)).toEqual({ reservedAt: at(0), uncertainSince: at(1) });
    expect(restarted.reserveDigestSlot(SLOT, 'C1', 'loki', at(600))).toBe(false);
    restarted.releaseDigestSlot(SLOT);
    expect(restarted.pendingDigest(SLOT)).toBeUndefined();
    expect(restarted.reserveDigestSlot(SLOT, 'C1', 'loki', at(601))).toBe(true);
  });

  it('records one verdict per submission, and keeps which submission a dismissal came from', () => {
    const store = open();
    store.recordVerdict({ entryId: 'loki', verdict: 'trial', by: 'U1', at: at(0), submissionId: 'V1' });
    store.recordVerdict({ entryId: 'loki', verdict: 'trial', by: 'U1', at: at(1), submissionId: 'V1' });
    store.recordVerdict({ entryId: 'loki', verdict: 'hold', by: 'U1', at: at(2) });
    store.recordVerdict({ entryId: 'loki', verdict: 'adopt', by: 'U1', at: at(3) });
    expect(open().toolStates().get('loki')?.verdicts.map((v) => [v.verdict, v.submissionId])).toEqual([
      ['trial', 'V1'],
      ['hold', undefined],
      ['adopt', undefined],
    ]);
    expect(store.dismiss('kapp', { by: 'U2', at: at(4), submissionId: 'V2' }).dismissed).toEqual({ by: 'U2', at: at(4), submissionId: 'V2' });
  });

  it('decides and writes a change in one transaction, against the state as stored, not its memory', () => {
    const store = openSqliteStore(stateDir, { now: () => 0 });
    const other = openSqliteStore(stateDir, { now: () => 0 });
    opened.push(store, other);
    expect(store.toolStates().get('rook')).toBeUndefined();
    other.claim('rook', 'U2', at(0));
    expect(store.toolStates().get('rook')).toBeUndefined(); // its memory of the states
    expect(store.changeTool('rook', (current) => current.claimedBy)).toBe('U2');
    expect(() =>
      store.changeTool('rook', () => {
        store.claim('rook', 'U3', at(1));
        throw new Error('changed its mind');
      }),
    ).toThrow('changed its mind');
    expect(other.changeTool('rook', (current) => current.claimedBy)).toBe('U2');
  });

  it('upgrades a version-1 file, keeping its digests and verdicts', () => {
    const db = new Database(path.join(stateDir, SQLITE_FILE_NAME));
    db.exec(SCHEMA_MIGRATIONS.find((m) => m.version === 1)!.sql);
    db.pragma('user_version = 1');
    db.prepare(`INSERT INTO digests (slot, entry_id, channel, ts, status, reserved_at, posted_at) VALUES (?, 'loki', 'C1', '1711.0001', 'posted', ?, ?)`).run(SLOT, SLOT, SLOT);
    db.prepare(`INSERT INTO verdicts (entry_id, verdict, user_id, at) VALUES ('loki', 'hold', 'U1', ?)`).run(SLOT);
    db.close();
    const store = open();
    expect(readPragma('user_version')).toBe(SCHEMA_VERSION);
    expect(store.digestBySlot(SLOT)).toMatchObject({ entryId: 'loki', ts: '1711.0001' });
    expect(store.toolStates().get('loki')?.verdicts).toEqual([{ entryId: 'loki', verdict: 'hold', by: 'U1', at: MONDAY }]);
  });

  it('never gives a reservation to another run on its own, however old: its post may be in the channel', () => {
    const store = open();
    const other = open();
    expect(store.reserveDigestSlot(SLOT, 'C1', 'loki', at(0))).toBe(true);
    expect(other.reserveDigestSlot(SLOT, 'C1', 'rook', at(16))).toBe(false);
    expect(other.reserveDigestSlot(SLOT, 'C1', 'rook', at(600))).toBe(false);
    expect(other.pendingDigest(SLOT)).toEqual({ reservedAt: at(0) });
  });

  it('gives a reservation taken over to one run only, and never a posted slot', () => {
    const store = open();
    const first = open();
    const second = open();
    store.reserveDigestSlot(SLOT, 'C1', 'loki', at(0));
    store.markDigestUncertain(SLOT, at(1));
    // Both looked in the channel, found nothing, and take it over.
    expect(first.takeOverDigestSlot(SLOT, at(0), 'C1', 'rook', at(20))).toBe(true);
    expect(second.takeOverDigestSlot(SLOT, at(0), 'C1', 'kapp', at(20))).toBe(false);
    expect(second.pendingDigest(SLOT)).toEqual({ reservedAt: at(20) });
    first.completeDigest(SLOT, '1711.0002', at(21));
    expect(store.digestBySlot(SLOT)).toMatchObject({ entryId: 'rook', ts: '1711.0002' });
    expect(second.takeOverDigestSlot(SLOT, at(20), 'C1', 'kapp', at(60))).toBe(false);
    expect(store.pendingDigest(SLOT)).toBeUndefined();
  });

  it('lets a released slot be reserved again', () => {
    const store = open();
    store.reserveDigestSlot(SLOT, 'C1', 'loki', at(0));
    store.releaseDigestSlot(SLOT);
    expect(store.reserveDigestSlot(SLOT, 'C1', 'rook', at(1))).toBe(true);
  });

  it('does not release a digest that was already posted', () => {
    const store = open();
    store.reserveDigestSlot(SLOT, 'C1', 'loki', at(0));
    store.completeDigest(SLOT, '1711.0001', at(1));
    store.releaseDigestSlot(SLOT);
    expect(store.reserveDigestSlot(SLOT, 'C1', 'loki', at(2))).toBe(false);
    expect(store.digestBySlot(SLOT)?.ts).toBe('1711.0001');
  });

  it('lists posted digests only, newest slot first, with their message ts', () => {
    const store = open();
    const lastWeek = new Date('2026-03-23T08:30:00Z').toISOString();
    store.reserveDigestSlot(lastWeek, 'C1', 'rook', at(-10_000));
    store.completeDigest(lastWeek, '1710.0001', at(-9_999));
    store.reserveDigestSlot(SLOT, 'C1', undefined, at(0));
    expect(store.digestHistory().map((d) => d.slot)).toEqual([lastWeek]);

    store.completeDigest(SLOT, '1711.0001', at(1));
    expect(store.digestHistory()).toEqual([
      { slot: SLOT, channel: 'C1', ts: '1711.0001', postedAt: at(1) },
      { slot: lastWeek, channel: 'C1', entryId: 'rook', ts: '1710.0001', postedAt: at(-9_999) },
    ]);
  });

  it('finds a posted digest by its slot and by its message', () => {
    const store = open();
    store.reserveDigestSlot(SLOT, 'C1', 'loki', at(0));
    expect(store.digestBySlot(SLOT)).toBeUndefined();
    store.completeDigest(SLOT, '1711.0001', at(1));

    const posted = { slot: SLOT, channel: 'C1', entryId: 'loki', ts: '1711.0001', postedAt: at(1) };
    expect(store.digestBySlot(SLOT)).toEqual(posted);
    expect(store.digestByTs('C1', '1711.0001')).toEqual(posted);
    expect(store.digestByTs('C2', '1711.0001')).toBeUndefined();
  });

  it('refuses to complete a slot that was never reserved', () => {
    const store = open();
    expect(() => store.completeDigest(SLOT, '1711.0001', at(0))).toThrow(/not reserved/);
  });
});

import type Database from 'better-sqlite3';
import type { BacklogStore, ProposalOutcome, ToolState, ToolWrite } from '../core/store.js';
import { titleKey } from '../core/proposal.js';
import { openDatabase } from './database.js';
import { buildToolStates, prepareStatements, toDigestRecord, toProposedTool } from './statements.js';

export interface SqliteStoreOptions {
  /**
   * For the commands that only read (`ask`, `list`…): nothing is created or
   * written, and a missing or read-only state folder still works.
   */
  readOnly?: boolean;
}

/** Opens (creating and migrating if needed) the bot's SQLite file in `stateDir`. */
export function openSqliteStore(stateDir: string, options: SqliteStoreOptions = {}): BacklogStore {
  const db = openDatabase(stateDir, { readOnly: options.readOnly === true });
  const statements = prepareStatements(db);

  const toolState = (entryId: string): ToolState =>
    buildToolStates(
      statements.claimsFor.all(entryId),
      statements.verdictsFor.all(entryId),
      statements.dismissalsFor.all(entryId),
    ).get(entryId) ?? { entryId, verdicts: [] };

  const memory = rememberToolStates(db, statements);

  const write = (entryId: string, change: ToolWrite): void => {
    switch (change.kind) {
      case 'claim':
        statements.claim.run(entryId, change.by, change.at.toISOString());
        return;
      case 'verdict': {
        const { record } = change;
        statements.recordVerdict.run(entryId, record.verdict, record.comment ?? null, record.by, record.at.toISOString(), record.submissionId ?? null);
        return;
      }
      case 'dismiss': {
        const { dismissal } = change;
        statements.dismiss.run(entryId, dismissal.by, dismissal.reason ?? null, dismissal.at.toISOString(), dismissal.submissionId ?? null);
        return;
      }
    }
  };

  // better-sqlite3 is synchronous: each method does its work at once and returns it settled.
  return {
    async changeTool(entryId, decide) {
      const outcome = db
        .transaction(() => {
          const current = toolState(entryId);
          const decision = decide(current);
          if (!decision.write) return { result: decision.result, state: current, wrote: false };
          write(entryId, decision.write);
          return { result: decision.result, state: toolState(entryId), wrote: true };
        })
        .immediate();
      if (outcome.wrote) memory.forget();
      return { result: outcome.result, state: outcome.state };
    },
    toolStates: async () => memory.states(),
    digestHistory: async () => statements.digestHistory.all().map(toDigestRecord),
    reserveDigestSlot: async (slot, channel, entryId, at) => statements.reserveDigestSlot.run(slot, entryId ?? null, channel, at.toISOString()).changes === 1,
    takeOverDigestSlot: async (slot, reservedAt, channel, entryId, at) =>
      statements.takeOverDigestSlot.run(entryId ?? null, channel, at.toISOString(), slot, reservedAt.toISOString()).changes === 1,
    async pendingDigest(slot) {
      const row = statements.pendingDigest.get(slot);
      if (!row) return undefined;
      return { reservedAt: new Date(row.reserved_at), ...(row.uncertain_at !== null && { uncertainSince: new Date(row.uncertain_at) }) };
    },
    async completeDigest(slot, messageRef, at) {
      const { changes } = statements.completeDigest.run(messageRef, at.toISOString(), slot);
      if (changes !== 1) throw new Error(`digest slot ${slot} is not reserved, so it cannot be marked as posted`);
    },
    async releaseDigestSlot(slot) {
      statements.releaseDigestSlot.run(slot);
    },
    async markDigestUncertain(slot, at) {
      statements.markDigestUncertain.run(at.toISOString(), slot);
    },
    async digestBySlot(slot) {
      const row = statements.digestBySlot.get(slot);
      return row && toDigestRecord(row);
    },
    async digestByMessage(channel, messageRef) {
      const row = statements.digestByMessage.get(channel, messageRef);
      return row && toDigestRecord(row);
    },
    proposals: async () => statements.proposalsAll.all().map(toProposedTool),
    async addProposal(proposal) {
      return db
        .transaction((): ProposalOutcome => {
          const earlier = proposal.submissionId === undefined ? undefined : statements.proposalBySubmission.get(proposal.submissionId);
          if (earlier) return { status: 'already-submitted', proposal: toProposedTool(earlier) };
          const { id, title, url, reason, priority, by, at, submissionId } = proposal;
          const key = titleKey(title);
          if (statements.proposalTitleTaken.get(key)) return { status: 'title-taken' };
          const { changes } = statements.addProposal.run(id, title, url, reason, priority, by, at.toISOString(), submissionId ?? null, key);
          return changes === 1 ? { status: 'added', proposal } : { status: 'id-taken' };
        })
        .immediate();
    },
    // Conversations and deliveries.
    firstDelivery: async (key, expiresAt, now) =>
      db
        .transaction(() => {
          statements.purgeDeliveries.run(now.toISOString());
          return statements.firstDelivery.run(key, expiresAt.toISOString(), now.toISOString()).changes === 1;
        })
        .immediate(),
    conversationSubject: async (key, now) => statements.conversationSubject.get(key, now.toISOString()),
    async rememberConversationSubject(key, entryId, expiresAt, now) {
      db.transaction(() => {
        statements.purgeConversationSubjects.run(now.toISOString());
        statements.rememberConversationSubject.run(key, entryId, expiresAt.toISOString());
      }).immediate();
    },
    // --- Knowledge gaps ---
    async recordUnanswered(asks) {
      db.transaction(() => {
        for (const ask of asks) statements.recordUnanswered.run(ask.key, ask.question, ask.channel, ask.at.toISOString());
      })();
    },
    async unansweredQuestions(options = {}) {
      return statements.unansweredQuestions.all(options.since?.toISOString() ?? '', options.limit ?? -1).map((row) => ({
        question: row.question,
        key: row.question_key,
        count: row.count,
        firstAsked: new Date(row.first_asked),
        lastAsked: new Date(row.last_asked),
        channels: row.channels,
      }));
    },
    async forgetUnanswered(keys) {
      db.transaction(() => {
        for (const key of keys) statements.forgetUnanswered.run(key);
      })();
    },
    async recordVote(vote) {
      statements.recordVote.run(vote.key, vote.entryId, vote.voter, vote.question, vote.helpful ? 1 : 0, vote.at.toISOString());
    },
    async unhelpfulAnswers(options = {}) {
      return statements.unhelpfulAnswers
        .all(options.since?.toISOString() ?? '')
        .map((row) => ({ question: row.question, key: row.question_key, entryId: row.entry_id, count: row.unhelpful }));
    },
    async ping() {
      statements.ping.get();
    },
    async close() {
      db.close();
    },
  };
}

/**
 * Every answer card shows its tool's live status, so the states are kept in
 * memory and read again only after a write: by this connection (which
 * forgets them at once), or by another process on the same file, such as
 * the previous bot during a deploy (SQLite's data_version, asked at each
 * call for a few microseconds, changes when another connection commits).
 */
function rememberToolStates(db: Database.Database, statements: ReturnType<typeof prepareStatements>) {
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  let cached: { version: number; states: ReadonlyMap<string, ToolState> } | undefined;
  return {
    states(): ReadonlyMap<string, ToolState> {
      const version = dataVersion.get()!;
      if (cached?.version !== version) {
        cached = { version, states: buildToolStates(statements.claimsAll.all(), statements.verdictsAll.all(), statements.dismissalsAll.all()) };
      }
      return cached.states;
    },
    /** After this connection's own write. */
    forget(): void {
      cached = undefined;
    },
  };
}

import type Database from 'better-sqlite3';
import type { DigestRecord, ProposedTool, ToolState, Verdict, VerdictRecord } from '../core/store.js';

/** The rows as both stores read them (SQLite's instants are ISO text, PostgreSQL's timestamptz come as Dates). */
export interface ClaimRow {
  entry_id: string;
  user_id: string;
  at: string | Date;
}
export interface VerdictRow {
  entry_id: string;
  verdict: Verdict;
  comment: string | null;
  user_id: string;
  at: string | Date;
  submission_id: string | null;
}
export interface DismissalRow {
  entry_id: string;
  user_id: string;
  reason: string | null;
  at: string | Date;
  submission_id: string | null;
}
/** A posted digest as either backend reads it (PostgreSQL names its column message_ref and selects it as ts; its times are Dates). */
export interface PostedDigestRow {
  slot: string;
  entry_id: string | null;
  channel: string;
  ts: string | null;
  posted_at: string | Date;
}

interface UnansweredRow {
  question_key: string;
  question: string;
  count: number;
  first_asked: string;
  last_asked: string;
  channels: number;
}
interface UnhelpfulRow {
  question_key: string;
  entry_id: string;
  question: string;
  unhelpful: number;
}

/** Every query the store runs, prepared once per connection. */
export function prepareStatements(db: Database.Database) {
  return {
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
    digestByMessage: db.prepare<[string, string], PostedDigestRow>(
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
    // Conversations and deliveries (migration 6). A key still there but expired is taken again.
    firstDelivery: db.prepare<[string, string, string]>(
      `INSERT INTO deliveries (key, expires_at) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE deliveries.expires_at <= ?`,
    ),
    purgeDeliveries: db.prepare<[string]>('DELETE FROM deliveries WHERE expires_at <= ?'),
    conversationSubject: db.prepare<[string, string], string>(
      'SELECT entry_id FROM conversation_subjects WHERE conversation = ? AND expires_at > ?',
    ).pluck(),
    rememberConversationSubject: db.prepare<[string, string, string]>(
      `INSERT INTO conversation_subjects (conversation, entry_id, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (conversation) DO UPDATE SET entry_id = excluded.entry_id, expires_at = excluded.expires_at`,
    ),
    purgeConversationSubjects: db.prepare<[string]>('DELETE FROM conversation_subjects WHERE expires_at <= ?'),
    ping: db.prepare('SELECT 1'),
    // --- Knowledge gaps ---
    recordUnanswered: db.prepare<[string, string, string, string]>(
      'INSERT INTO unanswered_asks (question_key, question, channel, at) VALUES (?, ?, ?, ?)',
    ),
    // The latest wording of each question stands for it.
    unansweredQuestions: db.prepare<[string, number], UnansweredRow>(
      `SELECT a.question_key,
              (SELECT l.question FROM unanswered_asks l WHERE l.question_key = a.question_key ORDER BY l.at DESC, l.id DESC LIMIT 1) AS question,
              COUNT(*) AS count, MIN(a.at) AS first_asked, MAX(a.at) AS last_asked, COUNT(DISTINCT a.channel) AS channels
       FROM unanswered_asks a WHERE a.at >= ?
       GROUP BY a.question_key
       ORDER BY count DESC, last_asked DESC, a.question_key
       LIMIT ?`,
    ),
    forgetUnanswered: db.prepare<[string]>('DELETE FROM unanswered_asks WHERE question_key = ?'),
    recordVote: db.prepare<[string, string, string, string, number, string]>(
      `INSERT INTO answer_votes (question_key, entry_id, user_id, question, helpful, at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (question_key, entry_id, user_id) DO UPDATE SET question = excluded.question, helpful = excluded.helpful, at = excluded.at`,
    ),
    unhelpfulAnswers: db.prepare<[string], UnhelpfulRow>(
      `SELECT question_key, entry_id, MAX(question) AS question, SUM(helpful = 0) AS unhelpful
       FROM answer_votes WHERE at >= ?
       GROUP BY question_key, entry_id
       HAVING SUM(helpful = 0) > SUM(helpful = 1)
       ORDER BY unhelpful DESC, question_key, entry_id`,
    ),
    // --- s3/propose ---
    proposalsAll: db.prepare<[], ProposalRow>(`SELECT ${PROPOSAL_COLUMNS} FROM proposals ORDER BY proposed_at, id`),
    proposalBySubmission: db.prepare<[string], ProposalRow>(`SELECT ${PROPOSAL_COLUMNS} FROM proposals WHERE submission_id = ?`),
    proposalTitleTaken: db.prepare<[string], { id: string }>('SELECT id FROM proposals WHERE title_key = ?'),
    addProposal: db.prepare<[string, string, string, string, string, string, string, string | null, string]>(
      `INSERT INTO proposals (${PROPOSAL_COLUMNS}, title_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
  };
}

// --- s3/propose ---
export const PROPOSAL_COLUMNS = 'id, title, url, reason, priority, proposed_by, proposed_at, submission_id';

export interface ProposalRow {
  id: string;
  title: string;
  url: string;
  reason: string;
  priority: ProposedTool['priority'];
  proposed_by: string;
  proposed_at: string | Date;
  submission_id: string | null;
}

export function toProposedTool(row: ProposalRow): ProposedTool {
  return {
    id: row.id,
    title: row.title,
    url: row.url,
    reason: row.reason,
    priority: row.priority,
    by: row.proposed_by,
    at: new Date(row.proposed_at),
    ...(row.submission_id === null ? {} : { submissionId: row.submission_id }),
  };
}

/** The tool states the rows describe, by entry id. */
export function buildToolStates(
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

/** A posted digest as the core knows it. */
export function toDigestRecord(row: PostedDigestRow): DigestRecord {
  return {
    slot: row.slot,
    channel: row.channel,
    postedAt: new Date(row.posted_at),
    ...(row.entry_id === null ? {} : { entryId: row.entry_id }),
    ...(row.ts === null ? {} : { messageRef: row.ts }),
  };
}

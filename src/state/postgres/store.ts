import type pg from 'pg';
import { titleKey } from '../../core/proposal.js';
import type { BacklogStore, ToolState, ToolWrite } from '../../core/store.js';
import { buildToolStates, PROPOSAL_COLUMNS, toDigestRecord, toProposedTool, type ClaimRow, type DismissalRow, type PostedDigestRow, type ProposalRow, type VerdictRow } from '../statements.js';
import { createPool, inTransaction, type PoolOptions } from './connection.js';
import { ADVISORY_LOCK_TOOLS, checkReadable, migrate } from './migrations.js';

export interface PostgresStoreOptions extends PoolOptions {
  /**
   * For the commands that only read: the schema is checked, never migrated
   * (a database at another version than this code's is refused, see
   * checkReadable), and nothing is written on opening.
   */
  readOnly?: boolean;
}

/** How long opening waits for the migrations (another replica's included) and each of their statements. */
const MIGRATION_TIMEOUT_MS = 30_000;

/** On a connection of its own, with more time than a call: a replica starting while another migrates waits for it. */
async function migrateOnItsOwnConnection(url: string): Promise<void> {
  const migrating = createPool(url, { maxConnections: 1, timeoutMs: MIGRATION_TIMEOUT_MS });
  try {
    await migrate(migrating);
  } finally {
    await migrating.end();
  }
}


interface UnansweredRow {
  question_key: string;
  question: string;
  count: number;
  first_asked: Date;
  last_asked: Date;
  channels: number;
}

const POSTED_DIGEST = `SELECT slot, entry_id, channel, message_ref AS ts, posted_at FROM digests WHERE status = 'posted'`;

/**
 * The store on a PostgreSQL server, for several replicas of the bot: every
 * decision that must be made once (a claim, a digest slot) is made by the
 * database, in one transaction or one statement. Migrates the database on
 * opening (see migrate).
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<BacklogStore> {
  const pool = createPool(url, options);
  try {
    if (options.readOnly) await checkReadable(pool);
    else await migrateOnItsOwnConnection(url);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const memory = rememberToolStates(pool);
  let ended: Promise<void> | undefined;

  return {
    async changeTool(entryId, decide) {
      const outcome = await inTransaction(pool, async (client) => {
        // Two replicas deciding on one tool take turns, even for a tool with no row yet (which a row lock could not hold).
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ADVISORY_LOCK_TOOLS, entryId]);
        const current = await readToolState(client, entryId);
        const decision = decide(current);
        if (!decision.write) return { result: decision.result, state: current, wrote: false };
        await applyWrite(client, entryId, decision.write);
        await client.query('UPDATE tool_states_version SET version = version + 1');
        return { result: decision.result, state: await readToolState(client, entryId), wrote: true };
      });
      if (outcome.wrote) memory.forget();
      return { result: outcome.result, state: outcome.state };
    },
    toolStates: () => memory.states(),
    async digestHistory() {
      const { rows } = await pool.query<PostedDigestRow>(`${POSTED_DIGEST} ORDER BY slot DESC`);
      return rows.map(toDigestRecord);
    },
    async reserveDigestSlot(slot, channel, entryId, at) {
      const { rowCount } = await pool.query(
        `INSERT INTO digests (slot, entry_id, channel, status, reserved_at) VALUES ($1, $2, $3, 'pending', $4)
         ON CONFLICT (slot) DO NOTHING`,
        [slot, entryId ?? null, channel, at],
      );
      return rowCount === 1;
    },
    async takeOverDigestSlot(slot, reservedAt, channel, entryId, at) {
      // Compare and swap on reserved_at: of two runs taking over the same reservation, one wins.
      const { rowCount } = await pool.query(
        `UPDATE digests SET entry_id = $1, channel = $2, reserved_at = $3, uncertain_at = NULL
         WHERE slot = $4 AND status = 'pending' AND reserved_at = $5`,
        [entryId ?? null, channel, at, slot, reservedAt],
      );
      return rowCount === 1;
    },
    async pendingDigest(slot) {
      const { rows } = await pool.query<{ reserved_at: Date; uncertain_at: Date | null }>(
        `SELECT reserved_at, uncertain_at FROM digests WHERE slot = $1 AND status = 'pending'`,
        [slot],
      );
      const row = rows[0];
      if (!row) return undefined;
      return { reservedAt: row.reserved_at, ...(row.uncertain_at !== null && { uncertainSince: row.uncertain_at }) };
    },
    async completeDigest(slot, messageRef, at) {
      const { rowCount } = await pool.query(
        `UPDATE digests SET status = 'posted', message_ref = $1, posted_at = $2 WHERE slot = $3 AND status = 'pending'`,
        [messageRef, at, slot],
      );
      if (rowCount !== 1) throw new Error(`digest slot ${slot} is not reserved, so it cannot be marked as posted`);
    },
    async releaseDigestSlot(slot) {
      await pool.query(`DELETE FROM digests WHERE slot = $1 AND status = 'pending'`, [slot]);
    },
    async markDigestUncertain(slot, at) {
      await pool.query(`UPDATE digests SET uncertain_at = COALESCE(uncertain_at, $1) WHERE slot = $2 AND status = 'pending'`, [at, slot]);
    },
    async digestBySlot(slot) {
      const { rows } = await pool.query<PostedDigestRow>(`${POSTED_DIGEST} AND slot = $1`, [slot]);
      return rows[0] && toDigestRecord(rows[0]);
    },
    async digestByMessage(channel, messageRef) {
      const { rows } = await pool.query<PostedDigestRow>(`${POSTED_DIGEST} AND channel = $1 AND message_ref = $2`, [channel, messageRef]);
      return rows[0] && toDigestRecord(rows[0]);
    },
    // --- s3/propose ---
    async proposals() {
      const { rows } = await pool.query<ProposalRow>(`SELECT ${PROPOSAL_COLUMNS} FROM proposals ORDER BY proposed_at, id`);
      return rows.map(toProposedTool);
    },
    async addProposal(proposal) {
      const { id, title, url, reason, priority, by, at, submissionId } = proposal;
      const key = titleKey(title);
      // One statement: the unique keys decide between two proposals sent at
      // once (the second waits for the first to commit, then inserts nothing).
      const { rowCount } = await pool.query(
        `INSERT INTO proposals (${PROPOSAL_COLUMNS}, title_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
        [id, title, url, reason, priority, by, at, submissionId ?? null, key],
      );
      if (rowCount === 1) return { status: 'added', proposal };
      // Which key it met, the submission's first: a form sent twice is the same proposal, not a duplicate name.
      if (submissionId !== undefined) {
        const { rows } = await pool.query<ProposalRow>(`SELECT ${PROPOSAL_COLUMNS} FROM proposals WHERE submission_id = $1`, [submissionId]);
        if (rows[0]) return { status: 'already-submitted', proposal: toProposedTool(rows[0]) };
      }
      const { rowCount: named } = await pool.query('SELECT 1 FROM proposals WHERE title_key = $1', [key]);
      return named ? { status: 'title-taken' } : { status: 'id-taken' };
    },
    // Conversations and deliveries: one statement each, the purge of expired
    // rows included (all but the key written, whose expiry the insert itself weighs).
    async firstDelivery(key, expiresAt, now) {
      const { rowCount } = await pool.query(
        `WITH purged AS (DELETE FROM deliveries WHERE expires_at <= $3 AND key <> $1)
         INSERT INTO deliveries (key, expires_at) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE deliveries.expires_at <= $3`,
        [key, expiresAt, now],
      );
      return rowCount === 1;
    },
    async conversationSubject(key, now) {
      const { rows } = await pool.query<{ entry_id: string }>(
        'SELECT entry_id FROM conversation_subjects WHERE conversation = $1 AND expires_at > $2',
        [key, now],
      );
      return rows[0]?.entry_id;
    },
    async rememberConversationSubject(key, entryId, expiresAt, now) {
      await pool.query(
        `WITH purged AS (DELETE FROM conversation_subjects WHERE expires_at <= $4 AND conversation <> $1)
         INSERT INTO conversation_subjects (conversation, entry_id, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (conversation) DO UPDATE SET entry_id = excluded.entry_id, expires_at = excluded.expires_at`,
        [key, entryId, expiresAt, now],
      );
    },
    // --- Knowledge gaps ---
    async recordUnanswered(asks) {
      if (asks.length === 0) return;
      // One statement for the batch: one round trip, all or nothing.
      await pool.query(
        `INSERT INTO unanswered_asks (question_key, question, channel, at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])`,
        [asks.map((a) => a.key), asks.map((a) => a.question), asks.map((a) => a.channel), asks.map((a) => a.at)],
      );
    },
    async unansweredQuestions(options = {}) {
      // The latest wording of each question stands for it; keys are ordered byte by byte, as in SQLite.
      const { rows } = await pool.query<UnansweredRow>(
        `SELECT a.question_key,
                (SELECT l.question FROM unanswered_asks l WHERE l.question_key = a.question_key ORDER BY l.at DESC, l.id DESC LIMIT 1) AS question,
                COUNT(*)::integer AS count, MIN(a.at) AS first_asked, MAX(a.at) AS last_asked, COUNT(DISTINCT a.channel)::integer AS channels
         FROM unanswered_asks a WHERE $1::timestamptz IS NULL OR a.at >= $1
         GROUP BY a.question_key
         ORDER BY count DESC, last_asked DESC, a.question_key COLLATE "C"
         LIMIT $2`,
        [options.since ?? null, options.limit ?? null],
      );
      return rows.map((row) => ({
        question: row.question,
        key: row.question_key,
        count: row.count,
        firstAsked: row.first_asked,
        lastAsked: row.last_asked,
        channels: row.channels,
      }));
    },
    async forgetUnanswered(keys) {
      if (keys.length === 0) return;
      await pool.query('DELETE FROM unanswered_asks WHERE question_key = ANY($1::text[])', [[...keys]]);
    },
    async recordVote(vote) {
      await pool.query(
        `INSERT INTO answer_votes (question_key, entry_id, user_id, question, helpful, at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (question_key, entry_id, user_id) DO UPDATE SET question = excluded.question, helpful = excluded.helpful, at = excluded.at`,
        [vote.key, vote.entryId, vote.voter, vote.question, vote.helpful, vote.at],
      );
    },
    async unhelpfulAnswers(options = {}) {
      const { rows } = await pool.query<{ question_key: string; entry_id: string; question: string; unhelpful: number }>(
        `SELECT question_key, entry_id, MAX(question COLLATE "C") AS question, COUNT(*) FILTER (WHERE NOT helpful)::integer AS unhelpful
         FROM answer_votes WHERE $1::timestamptz IS NULL OR at >= $1
         GROUP BY question_key, entry_id
         HAVING COUNT(*) FILTER (WHERE NOT helpful) > COUNT(*) FILTER (WHERE helpful)
         ORDER BY unhelpful DESC, question_key COLLATE "C", entry_id COLLATE "C"`,
        [options.since ?? null],
      );
      return rows.map((row) => ({ question: row.question, key: row.question_key, entryId: row.entry_id, count: row.unhelpful }));
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    // Twice is fine, as with SQLite: a stopping bot and a failing start may both close it.
    close: () => (ended ??= pool.end()),
  };
}

/** Runs on a pool or on one transaction's connection. */
type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

async function readRows(db: Queryable, entryId?: string): Promise<{ claims: ClaimRow[]; verdicts: VerdictRow[]; dismissals: DismissalRow[] }> {
  const where = entryId === undefined ? '' : ' WHERE entry_id = $1';
  const params = entryId === undefined ? [] : [entryId];
  const claims = await db.query<ClaimRow>(`SELECT entry_id, user_id, at FROM claims${where}`, params);
  const verdicts = await db.query<VerdictRow>(`SELECT entry_id, verdict, comment, user_id, at, submission_id FROM verdicts${where} ORDER BY id`, params);
  const dismissals = await db.query<DismissalRow>(`SELECT entry_id, user_id, reason, at, submission_id FROM dismissals${where}`, params);
  return { claims: claims.rows, verdicts: verdicts.rows, dismissals: dismissals.rows };
}

async function readToolState(db: Queryable, entryId: string): Promise<ToolState> {
  const rows = await readRows(db, entryId);
  return buildToolStates(rows.claims, rows.verdicts, rows.dismissals).get(entryId) ?? { entryId, verdicts: [] };
}

async function applyWrite(client: pg.PoolClient, entryId: string, change: ToolWrite): Promise<void> {
  switch (change.kind) {
    case 'claim':
      await client.query(
        `INSERT INTO claims (entry_id, user_id, at) VALUES ($1, $2, $3)
         ON CONFLICT (entry_id) DO UPDATE SET user_id = excluded.user_id, at = excluded.at`,
        [entryId, change.by, change.at],
      );
      return;
    case 'verdict': {
      const { record } = change;
      // A submission already recorded is not recorded twice.
      await client.query(
        `INSERT INTO verdicts (entry_id, verdict, comment, user_id, at, submission_id) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (entry_id, submission_id) DO NOTHING`,
        [entryId, record.verdict, record.comment ?? null, record.by, record.at, record.submissionId ?? null],
      );
      return;
    }
    case 'dismiss': {
      const { dismissal } = change;
      // The first dismissal is kept: who dismissed a tool and why does not change when someone dismisses it again.
      await client.query(
        `INSERT INTO dismissals (entry_id, user_id, reason, at, submission_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (entry_id) DO NOTHING`,
        [entryId, dismissal.by, dismissal.reason ?? null, dismissal.at, dismissal.submissionId ?? null],
      );
      return;
    }
  }
}


/**
 * Every answer card shows its tool's live status, so the states are kept in
 * memory under the version number the database bumps with every change, and
 * read again only when it moved. Each call waits for a look at the version
 * that began after it was made, so a click on another replica shows on the
 * very next card, as on one bot; calls made meanwhile share the next look,
 * so a busy replica asks one small query at a time, not one per card.
 */
function rememberToolStates(pool: pg.Pool) {
  let cached: { version: bigint; states: ReadonlyMap<string, ToolState> } | undefined;
  let reading: { version: bigint; states: Promise<ReadonlyMap<string, ToolState>> } | undefined;
  // A read that began before this store's own write must not be kept as if it came after.
  let generation = 0;
  const currentVersion = lookAfterEachCall(async () => BigInt((await pool.query<{ version: string }>('SELECT version FROM tool_states_version')).rows[0]!.version));

  const readAll = async (): Promise<ReadonlyMap<string, ToolState>> => {
    const began = generation;
    // One snapshot for the version and the three tables, so the states are never older than the version they are kept under.
    const fresh = await inTransaction(
      pool,
      async (client) => {
        const version = BigInt((await client.query<{ version: string }>('SELECT version FROM tool_states_version')).rows[0]!.version);
        const rows = await readRows(client);
        return { version, states: buildToolStates(rows.claims, rows.verdicts, rows.dismissals) };
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
    if (generation === began && (!cached || fresh.version >= cached.version)) cached = fresh;
    return fresh.states;
  };

  return {
    async states(): Promise<ReadonlyMap<string, ToolState>> {
      const version = await currentVersion();
      if (cached && cached.version >= version) return cached.states;
      // A read started once this version was seen holds it or a later one (the version only grows).
      if (!reading || reading.version < version) {
        const started = { version, states: readAll() };
        reading = started;
        void started.states
          .finally(() => {
            if (reading === started) reading = undefined;
          })
          .catch(() => undefined);
      }
      return reading.states;
    },
    forget(): void {
      generation++;
      cached = undefined;
      reading = undefined;
    },
  };
}

/**
 * `look`, shared: a call gets the result of a look that began after it was
 * made. With one running, the calls made meanwhile wait for the next one,
 * which they share, so at most one runs and one waits, however many ask.
 */
function lookAfterEachCall<T>(look: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  let next: Promise<T> | undefined;
  const start = (): Promise<T> => {
    const started = look().finally(() => {
      if (running === started) running = undefined;
    });
    running = started;
    return started;
  };
  return () => {
    if (!running) return start();
    next ??= running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        next = undefined;
        return start();
      });
    return next;
  };
}

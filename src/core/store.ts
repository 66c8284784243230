// The bot's memory as the core needs it: one small interface, implemented by
// the embedded SQLite store (src/state/sqlite.ts) or any other backend.

export const VERDICTS = ['adopt', 'trial', 'assess', 'hold'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface VerdictRecord {
  entryId: string;
  verdict: Verdict;
  comment?: string;
  by: string;
  at: Date;
  /** The submission it came from (the surface's id for the modal): a modal submitted twice records one verdict. */
  submissionId?: string;
}

export interface Dismissal {
  by: string;
  reason?: string;
  at: Date;
  /** As for VerdictRecord.submissionId. */
  submissionId?: string;
}

export interface ToolState {
  entryId: string;
  claimedBy?: string;
  claimedAt?: Date;
  /** Every verdict, oldest first (the latest is the one that counts: see latestVerdict). */
  verdicts: VerdictRecord[];
  dismissed?: Dismissal;
}

export interface DigestRecord {
  /** The scheduled slot this digest is for, as an ISO instant (UTC). One post per slot. */
  slot: string;
  /** The tool of the week, if there was one to propose. */
  entryId?: string;
  channel: string;
  /** The posted message's reference once posted (the surface's id for the message in `channel`). */
  messageRef?: string;
  postedAt: Date;
}

/**
 * A post takes seconds (three tries of at most 10 s): a slot still pending
 * this long after it was reserved was left by a run that died or hung mid-post,
 * before or after its message was taken.
 */
export const STALE_RESERVATION_MS = 15 * 60_000;

/** A slot reserved and not (yet) marked as posted. */
export interface PendingDigest {
  reservedAt: Date;
  /** Set when its post may be in the channel although it was never confirmed. */
  uncertainSince?: Date;
}

/** What a decision on a tool writes: plain data, applied by the store in the transaction that read the state. */
export type ToolWrite =
  | { kind: 'claim'; by: string; at: Date }
  | { kind: 'verdict'; record: Omit<VerdictRecord, 'entryId'> }
  | { kind: 'dismiss'; dismissal: Dismissal };

/** A decision on a tool's state as stored: what to write, if anything, and what to tell the caller. */
export interface ToolDecision<T> {
  write?: ToolWrite;
  result: T;
}

// --- Proposed tools (s3/propose) ---

/** A tool someone proposed to try, outside the recap (`/kubecon propose`, `kubecon-bot propose`). */
export interface ProposedTool {
  /** A slug of the title, unique among proposals and never a knowledge entry's id. */
  id: string;
  title: string;
  url: string;
  reason: string;
  priority: 'high' | 'normal' | 'low';
  by: string;
  at: Date;
  /** As for VerdictRecord.submissionId: a form submitted twice proposes once. */
  submissionId?: string;
}

/**
 * What adding a proposal did: added; already there from the same submission;
 * or refused, a proposal having its name (its title as `titleKey` compares
 * it: case, accents and punctuation aside) or its id.
 */
export type ProposalOutcome =
  | { status: 'added'; proposal: ProposedTool }
  | { status: 'already-submitted'; proposal: ProposedTool }
  | { status: 'title-taken' }
  | { status: 'id-taken' };

/** Every method may wait on the database (a server for other backends), so every one returns a promise. */
export interface BacklogStore {
  /** Every tool that has any state, by entry id. Tools never touched are absent. */
  toolStates(): Promise<ReadonlyMap<string, ToolState>>;
  /**
   * Reads the tool's state as stored, calls `decide` on it, applies its
   * `write` and returns `decide`'s result with the state after, all in one
   * transaction: no other process writes the tool in between, so a decision
   * made on `current` (not the memory of toolStates) still holds when written.
   * `decide` is synchronous and pure: it runs inside the transaction.
   */
  changeTool<T>(entryId: string, decide: (current: ToolState) => ToolDecision<T>): Promise<{ result: T; state: ToolState }>;
  /** Digests posted, newest first. */
  digestHistory(): Promise<DigestRecord[]>;
  /**
   * Reserves a slot before posting. False when the slot is already taken
   * (posted, or reserved by another run, alive or dead): the caller must then
   * post nothing. A reservation is never taken over on its own: see takeOverDigestSlot.
   */
  reserveDigestSlot(slot: string, channel: string, entryId: string | undefined, at: Date): Promise<boolean>;
  /**
   * Takes over a pending reservation, once the channel shows its post is not
   * there or someone said to (`--force`). Only the run that saw it reserved
   * at `reservedAt` gets it: false when another run took it over or posted it since.
   */
  takeOverDigestSlot(slot: string, reservedAt: Date, channel: string, entryId: string | undefined, at: Date): Promise<boolean>;
  /** The reservation of a slot not (yet) marked as posted, if any. */
  pendingDigest(slot: string): Promise<PendingDigest | undefined>;
  /** Marks a reserved slot as posted with its message's reference; throws when the slot is not reserved. */
  completeDigest(slot: string, messageRef: string, at: Date): Promise<void>;
  /** Frees a reserved slot whose post failed, so a later run can try again. */
  releaseDigestSlot(slot: string): Promise<void>;
  /** Marks a reserved slot whose post may have been taken without being confirmed (see PendingDigest). */
  markDigestUncertain(slot: string, at: Date): Promise<void>;
  /** The digest message for a slot, to update it in place after a click. */
  digestBySlot(slot: string): Promise<DigestRecord | undefined>;
  /** The posted digest that is this message, to update it in place after a click on it. */
  digestByMessage(channel: string, messageRef: string): Promise<DigestRecord | undefined>;
  /** Proposed tools, oldest first. */
  proposals(): Promise<ProposedTool[]>;
  /** Adds a proposal in one step: once per submission id, never over an existing proposal's name or id (two at once: one wins). */
  addProposal(proposal: ProposedTool): Promise<ProposalOutcome>;
  // Conversations and deliveries: what several processes on one store must agree on.
  /**
   * Records that the delivery `key` (an event id) arrived, until `expiresAt`.
   * True only for the first of any number of calls for a key, from any
   * connection, until it expires; a key expired by `now` counts as new.
   * Expired keys are purged on the way.
   */
  firstDelivery(key: string, expiresAt: Date, now: Date): Promise<boolean>;
  /** The entry the conversation `key` is about, unless that expired by `now`. */
  conversationSubject(key: string, now: Date): Promise<string | undefined>;
  /** Makes `entryId` the conversation's subject until `expiresAt`; expired subjects are purged on the way. */
  rememberConversationSubject(key: string, entryId: string, expiresAt: Date, now: Date): Promise<void>;

  /** Resolves when the store answers; throws when it cannot be reached (for readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

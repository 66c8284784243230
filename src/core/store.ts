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
  /** The posted message's reference (its `ts`) once posted. */
  ts?: string;
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

export interface BacklogStore {
  /** Every tool that has any state, by entry id. Tools never touched are absent. */
  toolStates(): ReadonlyMap<string, ToolState>;
  /**
   * Runs `change` on the tool's state as stored, inside one write
   * transaction: no other process on the same file writes in between, so a
   * decision made on `current` (not the memory of toolStates) still holds
   * when `change` writes through the methods below.
   */
  changeTool<T>(entryId: string, change: (current: ToolState) => T): T;
  claim(entryId: string, by: string, at: Date): ToolState;
  recordVerdict(record: VerdictRecord): ToolState;
  dismiss(entryId: string, dismissal: Dismissal): ToolState;
  /** Digests posted, newest first. */
  digestHistory(): DigestRecord[];
  /**
   * Reserves a slot before posting. False when the slot is already taken
   * (posted, or reserved by another run, alive or dead): the caller must then
   * post nothing. A reservation is never taken over on its own: see takeOverDigestSlot.
   */
  reserveDigestSlot(slot: string, channel: string, entryId: string | undefined, at: Date): boolean;
  /**
   * Takes over a pending reservation, once the channel shows its post is not
   * there or someone said to (`--force`). Only the run that saw it reserved
   * at `reservedAt` gets it: false when another run took it over or posted it since.
   */
  takeOverDigestSlot(slot: string, reservedAt: Date, channel: string, entryId: string | undefined, at: Date): boolean;
  /** The reservation of a slot not (yet) marked as posted, if any. */
  pendingDigest(slot: string): PendingDigest | undefined;
  /** Marks a reserved slot as posted with its message's reference. */
  completeDigest(slot: string, ts: string, at: Date): void;
  /** Frees a reserved slot whose post failed, so a later run can try again. */
  releaseDigestSlot(slot: string): void;
  /** Marks a reserved slot whose post may have been taken without being confirmed (see PendingDigest). */
  markDigestUncertain(slot: string, at: Date): void;
  /** The digest message for a slot, to update it in place after a click. */
  digestBySlot(slot: string): DigestRecord | undefined;
  digestByTs(channel: string, ts: string): DigestRecord | undefined;
  close(): void;
}

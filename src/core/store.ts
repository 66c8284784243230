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
}

export interface ToolState {
  entryId: string;
  claimedBy?: string;
  claimedAt?: Date;
  /** Every verdict, oldest first (the latest is the one that counts: see latestVerdict). */
  verdicts: VerdictRecord[];
  dismissed?: { by: string; reason?: string; at: Date };
}

export interface DigestRecord {
  /** The scheduled slot this digest is for, as an ISO instant (UTC). One post per slot. */
  slot: string;
  /** The tool of the week, if there was one to propose. */
  entryId?: string;
  channel: string;
  /** Slack's message ts once posted. */
  ts?: string;
  postedAt: Date;
}

/** How long a reservation protects a slot that was never marked as posted. */
export const STALE_RESERVATION_MS = 15 * 60_000;

export interface BacklogStore {
  /** Every tool that has any state, by entry id. Tools never touched are absent. */
  toolStates(): ReadonlyMap<string, ToolState>;
  claim(entryId: string, by: string, at: Date): ToolState;
  recordVerdict(record: VerdictRecord): ToolState;
  dismiss(entryId: string, by: string, reason: string | undefined, at: Date): ToolState;
  /** Digests posted, newest first. */
  digestHistory(): DigestRecord[];
  /**
   * Reserves a slot before posting. False when the slot is already taken (posted,
   * or being posted by another run): the caller must then post nothing. A
   * reservation older than STALE_RESERVATION_MS was left by a run that died
   * mid-post, and is taken over, unless it is marked uncertain.
   */
  reserveDigestSlot(slot: string, channel: string, entryId: string | undefined, at: Date): boolean;
  /** Marks a reserved slot as posted with its message ts. */
  completeDigest(slot: string, ts: string, at: Date): void;
  /** Frees a reserved slot whose post failed, so a later run can try again. */
  releaseDigestSlot(slot: string): void;
  /**
   * Keeps a reserved slot whose post Slack may have taken without confirming:
   * never taken over on its own, only released on purpose (`digest --now --force`).
   */
  markDigestUncertain(slot: string, at: Date): void;
  /** When a reserved slot was marked uncertain, if it was. */
  digestUncertainSince(slot: string): Date | undefined;
  /** The digest message for a slot, to update it in place after a click. */
  digestBySlot(slot: string): DigestRecord | undefined;
  digestByTs(channel: string, ts: string): DigestRecord | undefined;
  close(): void;
}

import { STALE_RESERVATION_MS, type BacklogStore } from './store.js';
import type { Digest } from './digest.js';
import type { Log } from './log.js';

/**
 * Posts a digest to the channel, tagged with its slot so that
 * FindPostedDigest can find it, and returns the posted message's reference
 * (`messageRef`, as DigestRecord.messageRef): none when the post was taken
 * without saying which message it is.
 */
export type PostDigest = (digest: Digest, slot: string) => Promise<{ channel: string; messageRef?: string }>;

/** What the channel shows of a slot's post: there (with its reference), surely not there, or it could not be read. */
export type DigestLookup = { status: 'found'; messageRef: string; at: Date } | { status: 'absent' } | { status: 'unknown'; reason: string };

/** Looks in the channel for the post of `slot` made since `since` (its reservation). */
export type FindPostedDigest = (slot: string, since: Date) => Promise<DigestLookup>;

/** Turns a posting failure into one line saying what went wrong and what to do. */
export type DescribeFailure = (error: unknown) => string;

/** Whether a failed post may have reached the channel all the same (the answer was lost, not the message). */
export type MayHavePosted = (error: unknown) => boolean;

/** The surface's words in what the job logs and reports, so that the core names no service and no command. */
export interface PostingWords {
  /** Where posts go, as in "its post was never confirmed by …". */
  service: string;
  /** What the reference to a posted message is called there, as in "returned no message …". */
  reference: string;
  /** What to do about a post that may or may not be there, after "look in <channel>, and if it is not there, ". */
  remedy: string;
}

export type DigestRunResult =
  | { status: 'posted'; slot: Date; messageRef: string; entryId?: string }
  | { status: 'already-posted'; slot: Date }
  | { status: 'in-progress'; slot: Date }
  | { status: 'skipped'; slot: Date; reason: string }
  | { status: 'no-slot' }
  | { status: 'failed'; slot: Date; error: string }
  /**
   * The post may be in the channel (its service never confirmed it, or the
   * run posting it died), so it is not posted again on its own. `looked`:
   * the channel was searched and could not tell.
   */
  | { status: 'uncertain'; slot: Date; error: string; looked: boolean };

/** What posting a digest needs: the store, and the surface that posts, looks in the channel and explains. */
export interface PostingDeps {
  store: BacklogStore;
  channel: string;
  post: PostDigest;
  findPosted: FindPostedDigest;
  describeFailure: DescribeFailure;
  mayHavePosted: MayHavePosted;
  words: PostingWords;
  logger: Log;
}

/**
 * One post per slot: the slot is reserved in the store before posting, so a
 * restart, a double fire or a manual run never posts it twice; a post that
 * fails frees it, one that may have gone out keeps it.
 *
 * A reservation whose post may be in the channel (never confirmed, or the
 * run holding it died) is never posted over on its own: the channel is
 * searched first, and the slot is posted only when its post is surely not there.
 */
export function createSlotPoster(deps: PostingDeps & { clock: () => Date }) {
  const { store, channel, logger, words, clock } = deps;
  const lookAt = (where: string) => `look in ${where}, and if it is not there, ${words.remedy}`;

  /** Reserve → post → confirm, release or keep unconfirmed. `force`: someone looked in the channel and the unconfirmed post is not there. */
  async function postOnce(slot: Date, digest: Digest, now: Date, force: boolean): Promise<DigestRunResult> {
    const entryId = digest.tool?.entry.id;
    if (!(await store.reserveDigestSlot(slot.toISOString(), channel, entryId, now))) {
      const held = await takeOver(slot, entryId, now, force);
      if (held) return held;
    }
    return post(slot, digest);
  }

  /**
   * A slot already reserved or posted: takes the reservation over when its
   * post is surely not in the channel (or `force`), else says why this run leaves it.
   */
  async function takeOver(slot: Date, entryId: string | undefined, now: Date, force: boolean): Promise<DigestRunResult | undefined> {
    const key = slot.toISOString();
    if (await store.digestBySlot(key)) {
      logger.info(`Digest for ${key} already posted: nothing to do`);
      return { status: 'already-posted', slot };
    }
    const pending = await store.pendingDigest(key);
    const settled = !pending || (!pending.uncertainSince && now.getTime() - pending.reservedAt.getTime() < STALE_RESERVATION_MS);
    if (settled) {
      logger.info(`Digest for ${key} is being posted by another run: nothing to do`);
      return { status: 'in-progress', slot };
    }
    // Its post was never confirmed, or the run posting it died (before or after the service took it): look before posting it again.
    const lookup = await deps.findPosted(key, pending.reservedAt).catch((error: unknown): DigestLookup => ({ status: 'unknown', reason: deps.describeFailure(error) }));
    const unconfirmed = `its post of ${pending.reservedAt.toISOString()} was never confirmed by ${words.service}`;
    if (lookup.status === 'found') {
      await confirm(key, lookup.messageRef, lookup.at, `found in ${channel} (${words.reference} ${lookup.messageRef}): recorded as posted`);
      return { status: 'already-posted', slot };
    }
    if (lookup.status === 'unknown' && !force) {
      const error = `${unconfirmed}, and the bot could not look for it in ${channel}: ${lookup.reason}`;
      await store.markDigestUncertain(key, now);
      logger.warn(`Digest for ${key}: ${error}. It may be there all the same, so it is not posted again on its own; ${lookAt(channel)}`);
      return { status: 'uncertain', slot, error, looked: true };
    }
    if (!(await store.takeOverDigestSlot(key, pending.reservedAt, channel, entryId, now))) {
      logger.info(`Digest for ${key} is being posted by another run: nothing to do`);
      return { status: 'in-progress', slot };
    }
    logger.info(`Digest for ${key}: ${unconfirmed}, ${lookup.status === 'absent' ? `and it is not in ${channel}` : 'and --force says to post it'}: posting it`);
    return undefined;
  }

  /** Posts a slot this run has reserved. */
  async function post(slot: Date, digest: Digest): Promise<DigestRunResult> {
    const key = slot.toISOString();
    let posted: Awaited<ReturnType<PostDigest>>;
    try {
      posted = await deps.post(digest, key);
    } catch (error) {
      const message = deps.describeFailure(error);
      if (deps.mayHavePosted(error)) return keepUnconfirmed(slot, message, `It may be in ${channel} all the same`);
      // Free the slot so that a later attempt posts it.
      await store.releaseDigestSlot(key);
      logger.error(`Digest for ${key} not posted: ${message}`);
      return { status: 'failed', slot, error: message };
    }
    // In the channel, but the bot cannot update a message it cannot name: the search finds its reference.
    if (!posted.messageRef) return keepUnconfirmed(slot, `${words.service} accepted it but returned no message ${words.reference}`, `It is most likely in ${posted.channel}`);
    await confirm(key, posted.messageRef, clock(), `posted to ${posted.channel} (tool: ${digest.tool?.entry.id ?? 'none'})`);
    return { status: 'posted', slot, messageRef: posted.messageRef, ...(digest.tool && { entryId: digest.tool.entry.id }) };
  }

  /** A post the service may have taken: the slot stays reserved, a second post being worse than a late one. */
  async function keepUnconfirmed(slot: Date, error: string, where: string): Promise<DigestRunResult> {
    const key = slot.toISOString();
    await store.markDigestUncertain(key, clock());
    logger.error(`Digest for ${key} not confirmed by ${words.service}: ${error}. ${where}, so it is posted again only once the channel shows it is not there; ${lookAt(channel)}`);
    return { status: 'uncertain', slot, error, looked: false };
  }

  /** Marks a reserved slot as posted with its message. */
  async function confirm(key: string, messageRef: string, at: Date, what: string): Promise<void> {
    try {
      await store.completeDigest(key, messageRef, at);
      logger.info(`Digest for ${key} ${what}`);
    } catch (error) {
      // It is in the channel: keep the reservation rather than free the slot
      // for a second post. Buttons on it still work; the history misses it.
      logger.error(`Digest for ${key} ${what} but not recorded: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return postOnce;
}

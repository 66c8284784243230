// What the team asked that the knowledge does not answer, and what people
// said of the answers they got: the knowledge's gaps, kept in the store.
// Never who asked: only where (a channel, or `console`), when, how often.
import { redactSecrets } from './secrets.js';
import type { Answer } from './answer.js';
import type { Assistant } from './assistant.js';
import type { Log } from './log.js';
import type { BacklogStore, UnansweredAsk, UnansweredQuestion, UnhelpfulAnswer } from './store.js';
import { normalizeTerm, tokenizeText, withoutControlCharacters } from './text.js';
import { unreachableAsBoardError } from './tracker.js';

/** A question is kept to this many characters. */
export const MAX_QUESTION_LENGTH = 500;
/** The console's one "channel". */
export const CONSOLE_CHANNEL = 'console';
/**
 * Unanswered asks are written together at most this long after the first:
 * one write (one disk sync) for a burst of questions rather than one per
 * answer, which measurably slowed the answers around it (see the README's Performance).
 */
export const RECORD_BATCH_MS = 1000;
/** A batch the store could not take is tried again this much later, with what came meanwhile. */
export const RETRY_MS = 30_000;
/** At most this many asks wait for a store that is away (the oldest go first). */
export const MAX_QUEUED = 1_000;
/** The digest counts the questions of the past week. */
export const DIGEST_WINDOW_MS = 7 * 24 * 3600_000;


/**
 * A question as typed, as it is kept (and shown to the team on the App Home,
 * in the digest, by `gaps`): control characters removed, spaces collapsed, a
 * pasted secret redacted (see redactSecrets), at most MAX_QUESTION_LENGTH characters.
 */
export function recordableQuestion(text: string): string {
  const clean = redactSecrets(withoutControlCharacters(text)).replace(/\s+/g, ' ').trim();
  return Array.from(clean).slice(0, MAX_QUESTION_LENGTH).join('');
}

/**
 * What makes two questions the same: the terms the search reads in them, in
 * order (`Argo Rollouts ?` and `argo rollouts` are both `argo rollout`).
 * A question with no term keeps its folded words, so it is never merged with another.
 */
export function questionKey(text: string): string {
  const tokens = tokenizeText(recordableQuestion(text));
  const terms = tokens.map(normalizeTerm).filter((t): t is string => t !== null);
  return (terms.length > 0 ? terms : tokens).join(' ');
}

/** Found nothing, or near misses only (suggestions): the knowledge did not answer. */
export const isUnanswered = (answer: Answer): boolean => answer.kind === 'none';

export interface GapsReport {
  unanswered: UnansweredQuestion[];
  unhelpful: UnhelpfulAnswer[];
}

/** The digest's line: how many questions went unanswered in its week, and the most asked. */
export interface WeekGaps {
  count: number;
  top: string;
}

/**
 * The knowledge gaps as every surface uses them. Writes are off the reply
 * path: `note` only queues the ask (written with the others of the next
 * RECORD_BATCH_MS), `vote` resolves to whether it was recorded, and a failed
 * write is logged, never thrown at the caller. `idle()` writes what is
 * queued and resolves once the writes in flight are done (tests, shutdown).
 */
export interface KnowledgeGaps {
  /** An answer given to a question asked in `channel`: kept when it found nothing. */
  note(answer: Answer, channel: string): void;
  /** A vote on an answer (entry) to a question: not-recorded when the store could not take it (the voter is told so, not thanked). */
  vote(vote: { entryId: string; question: string; voter: string; helpful: boolean }): Promise<VoteOutcome>;
  report(options?: { since?: Date; limit?: number }): Promise<GapsReport>;
  /** The week up to `at` (a digest's slot, or now), for the digest; undefined when nothing went unanswered, or the store cannot say. */
  week(at: Date): Promise<WeekGaps | undefined>;
  /**
   * Asks the recorded questions again of `assistant` (a knowledge just
   * served) and drops those it answers, once the asks queued before are
   * written; never rejects (a failure is logged).
   */
  forgetAnswered(assistant: Pick<Assistant, 'ask'>): Promise<void>;
  idle(): Promise<void>;
  /** Writes what is queued, once, and stops trying again (the store is closing). */
  close(): Promise<void>;
}

/** What became of a vote, as the voter is told: thanked for it, or told the board cannot be reached (it was not recorded). */
export type VoteOutcome = 'helpful' | 'unhelpful' | 'not-recorded';

export function createKnowledgeGaps(deps: { store: BacklogStore; log: Log; clock?: () => Date }): KnowledgeGaps {
  const { log } = deps;
  // A report that cannot be read says the board cannot be reached (see BoardUnreachableError), as the tracker's calls do.
  const store = unreachableAsBoardError(deps.store);
  const clock = deps.clock ?? (() => new Date());
  const inFlight = new Set<Promise<boolean>>();
  let queued: UnansweredAsk[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const schedule = (ms: number) => {
    if (timer || closed) return;
    timer = setTimeout(flush, ms);
    // A queued question never keeps a process (the CLI) alive: close() writes it.
    timer.unref?.();
  };
  const flush = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (queued.length === 0) return;
    const batch = queued;
    queued = [];
    void behind(`Could not record ${batch.length === 1 ? 'an unanswered question' : `${batch.length} unanswered questions`} (tried again in ${RETRY_MS / 1000} s):`, () => store.recordUnanswered(batch)).then((written) => {
      if (written || closed) return;
      // The store is away: keep them, the newest MAX_QUEUED at most, for the next try.
      queued = [...batch, ...queued].slice(-MAX_QUEUED);
      schedule(RETRY_MS);
    });
  };
  /** Runs a write others may wait for (idle): true once it is written, false (logged) when it failed. */
  const behind = (failure: string, write: () => Promise<unknown>): Promise<boolean> => {
    const done: Promise<boolean> = Promise.resolve()
      .then(write)
      .then(() => true)
      .catch((error: unknown) => {
        log.error(failure, error);
        return false;
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
    return done;
  };
  const idle = async (): Promise<void> => {
    flush();
    while (inFlight.size > 0) await Promise.all([...inFlight]);
  };
  return {
    note(answer, channel) {
      if (!isUnanswered(answer)) return;
      const question = recordableQuestion(answer.query);
      const key = questionKey(question);
      if (!key) return;
      queued.push({ question, key, channel, at: clock() });
      schedule(RECORD_BATCH_MS);
    },
    vote({ entryId, question, voter, helpful }) {
      const cleaned = recordableQuestion(question);
      return behind('Could not record a vote:', () => store.recordVote({ key: questionKey(cleaned), question: cleaned, entryId, voter, helpful, at: clock() })).then(
        (recorded): VoteOutcome => (!recorded ? 'not-recorded' : helpful ? 'helpful' : 'unhelpful'),
      );
    },
    async report(options = {}) {
      const [unanswered, unhelpful] = await Promise.all([store.unansweredQuestions(options), store.unhelpfulAnswers(options.since ? { since: options.since } : {})]);
      return { unanswered, unhelpful };
    },
    async week(at) {
      try {
        const questions = await store.unansweredQuestions({ since: new Date(at.getTime() - DIGEST_WINDOW_MS) });
        return questions.length > 0 ? { count: questions.length, top: questions[0]!.question } : undefined;
      } catch (error) {
        log.error('Could not read the unanswered questions for the digest:', error);
        return undefined;
      }
    },
    forgetAnswered(assistant) {
      flush();
      const before = [...inFlight];
      return behind('Could not re-ask the unanswered questions:', async () => {
        await Promise.all(before);
        return forgetAnsweredQuestions(assistant, store);
      }).then(() => undefined);
    },
    idle,
    async close() {
      closed = true;
      await idle();
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

/**
 * Asks every recorded question again and drops those the knowledge now
 * answers (after a reload, and at start). Returns how many were dropped.
 */
export async function forgetAnsweredQuestions(assistant: Pick<Assistant, 'ask'>, store: BacklogStore): Promise<number> {
  const questions = await store.unansweredQuestions();
  const answered = questions.filter((q) => !isUnanswered(assistant.ask(q.question))).map((q) => q.key);
  if (answered.length > 0) await store.forgetUnanswered(answered);
  return answered.length;
}

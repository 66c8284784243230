import type { Log } from './log.js';
import type { Reply } from './reply.js';
import type { BacklogStore } from './store.js';

/** A conversation's subject is forgotten this long after its last answer about an entry. */
export const CONVERSATION_SUBJECT_TTL_MS = 7 * 24 * 60 * 60_000;

/**
 * What each conversation (a chat thread, keyed by the surface) is about: the
 * last entry answered in it, kept in the store so that every process sharing
 * it reads follow-ups the same way. A store that fails costs the follow-up,
 * never the answer: the failure is logged and the question read on its own.
 */
export interface ConversationMemory {
  /**
   * One question in a conversation: what the conversation was about when it
   * was asked, and a way to record what it is about now. Both use the time
   * the question came, so the subject's week runs from the question, however
   * long the answer takes.
   */
  turn(key: string): Promise<ConversationTurn>;
}

export interface ConversationTurn {
  subject?: string;
  /** Records what the conversation is about after `reply` (see subjectSetBy): a reply about no entry leaves the subject as it was. */
  remember(reply: Reply): Promise<void>;
}

/**
 * The entry a reply makes its conversation about: one entry answered (asked
 * or opened). Anything else (nothing found, help, the backlog, a proposed
 * tool, which is no knowledge entry to follow up on) leaves the subject
 * where it was, so an off-topic question does not lose it.
 */
export function subjectSetBy(reply: Reply): string | undefined {
  return reply.kind === 'answer' && reply.answer.kind === 'entry' ? reply.answer.entry.id : undefined;
}

/** Where subjects are kept: the store shared by every process (chat threads), or a session's own memory (sessionSubjects). */
export type ConversationStore = Pick<BacklogStore, 'conversationSubject' | 'rememberConversationSubject'>;

/** Subjects kept by one process for its own lifetime: a console session is one conversation, and a new session another. */
export function sessionSubjects(): ConversationStore {
  const subjects = new Map<string, { entryId: string; expiresAt: Date }>();
  return {
    conversationSubject: async (key, now) => {
      const kept = subjects.get(key);
      return kept && kept.expiresAt > now ? kept.entryId : undefined;
    },
    rememberConversationSubject: async (key, entryId, expiresAt) => {
      subjects.set(key, { entryId, expiresAt });
    },
  };
}

export function createConversationMemory(options: { store: ConversationStore; log: Log; clock?: () => Date; ttlMs?: number }): ConversationMemory {
  const { store, log } = options;
  const clock = options.clock ?? (() => new Date());
  const ttlMs = options.ttlMs ?? CONVERSATION_SUBJECT_TTL_MS;
  const subjectAt = async (key: string, now: Date): Promise<string | undefined> => {
    try {
      return await store.conversationSubject(key, now);
    } catch (error) {
      log.error(`Could not read what conversation ${key} is about; answering without it:`, error);
      return undefined;
    }
  };
  return {
    async turn(key) {
      const now = clock();
      const subject = await subjectAt(key, now);
      return {
        ...(subject !== undefined && { subject }),
        async remember(reply) {
          const entryId = subjectSetBy(reply);
          if (entryId === undefined) return;
          try {
            await store.rememberConversationSubject(key, entryId, new Date(now.getTime() + ttlMs), now);
          } catch (error) {
            log.error(`Could not remember that conversation ${key} is about ${entryId}:`, error);
          }
        },
      };
    },
  };
}

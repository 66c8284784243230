import { describe, expect, it, vi } from 'vitest';
import { createAssistant } from '../../src/core/assistant.js';
import { createKnowledgeGaps, forgetAnsweredQuestions, MAX_QUESTION_LENGTH, questionKey, recordableQuestion, RECORD_BATCH_MS, RETRY_MS } from '../../src/core/gaps.js';
import type { BacklogStore } from '../../src/core/store.js';
import { openSqliteStore } from '../../src/state/sqlite.js';
import { answerValue } from '../../src/slack/blocks/actions.js';
import { SLACK_LIMITS } from '../../src/slack/blocks/limits.js';
import { cleanupAfterEach } from '../support/cleanups.js';
import { makeEntry } from '../support/entries.js';
import { tempStateDir } from '../support/test-app.js';

const deferCleanup = cleanupAfterEach();

function store(): BacklogStore {
  const state = tempStateDir();
  const opened = openSqliteStore(state.dir);
  deferCleanup(() => state.cleanup(), () => opened.close());
  return opened;
}

describe('knowledge gaps', () => {
  it('counts wordings the search reads alike as one question', () => {
    expect(questionKey('Argo Rollouts ?')).toBe(questionKey('argo rollouts'));
    expect(questionKey("c'est quoi Argo Rollouts")).toBe(questionKey('argo rollouts'));
    expect(questionKey('argo rollouts')).not.toBe(questionKey('argo workflows'));
  });

  it('keeps a question as typed, without control characters, at most 500 characters', () => {
    expect(recordableQuestion('  argo\u0007\u001b[31m rollouts\n')).toBe('argo [31m rollouts');
    expect(Array.from(recordableQuestion('é'.repeat(800)))).toHaveLength(MAX_QUESTION_LENGTH);
  });

  it('never lets a failed write reach the caller: it is logged', async () => {
    const errors: unknown[][] = [];
    const broken = { recordUnanswered: () => Promise.reject(new Error('disk full')) } as unknown as BacklogStore;
    const gaps = createKnowledgeGaps({ store: broken, log: { debug() {}, info() {}, warn() {}, error: (...m: unknown[]) => errors.push(m) } });
    const assistant = createAssistant([makeEntry('loki', { title: 'Loki' })]);
    expect(() => gaps.note(assistant.ask('terraform'), 'C1')).not.toThrow();
    await gaps.idle();
    expect(String(errors[0]?.[0])).toContain('Could not record an unanswered question');
  });

  it('keeps what the store could not take and writes it once the store is back, with what came meanwhile', async () => {
    vi.useFakeTimers();
    try {
      const written: string[][] = [];
      let away = true;
      const store = { recordUnanswered: async (asks: { question: string }[]) => {
        if (away) throw new Error('connect ECONNREFUSED');
        written.push(asks.map((a) => a.question));
      } } as unknown as BacklogStore;
      const errors: unknown[][] = [];
      const gaps = createKnowledgeGaps({ store, log: { debug() {}, info() {}, warn() {}, error: (...m: unknown[]) => errors.push(m) } });
      const assistant = createAssistant([makeEntry('loki', { title: 'Loki' })]);
      gaps.note(assistant.ask('terraform'), 'C1');
      await vi.advanceTimersByTimeAsync(RECORD_BATCH_MS);
      expect(errors).toHaveLength(1);
      gaps.note(assistant.ask('crossplane'), 'C1');
      away = false;
      await vi.advanceTimersByTimeAsync(RETRY_MS);
      expect(written).toEqual([['terraform', 'crossplane']]);
      await gaps.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('forgets the questions the knowledge now answers', async () => {
    const s = store();
    const before = createAssistant([makeEntry('loki', { title: 'Loki' })]);
    const gaps = createKnowledgeGaps({ store: s, log: console });
    gaps.note(before.ask('crossplane'), 'C1');
    gaps.note(before.ask('terraform'), 'C1');
    await gaps.idle();
    const after = createAssistant([makeEntry('loki', { title: 'Loki' }), makeEntry('crossplane', { title: 'Crossplane' })]);
    expect(await forgetAnsweredQuestions(after, s)).toBe(1);
    expect((await s.unansweredQuestions()).map((q) => q.question)).toEqual(['terraform']);
  });

  it('cuts the question in a vote button so that the whole value fits Slack’s limit', () => {
    const value = answerValue({ entryId: 'helm-3', question: '"\\'.repeat(400) });
    expect(value.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
    expect(JSON.parse(value)).toMatchObject({ entry: 'helm-3' });
  });
});

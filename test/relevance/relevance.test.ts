import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  evaluateRelevance,
  formatRelevance,
  loadRealQuestions,
  loadRelevanceQueries,
  plainMiniSearch,
  RELEVANCE_CATEGORIES,
  type RelevanceQuery,
} from '../../bench/relevance.js';
import { loadAssistant, type Assistant } from '../../src/core/assistant.js';
import { formatProblems } from '../../src/core/knowledge.js';
import { KNOWLEDGE_DIR } from '../support/test-app.js';

let assistant: Assistant;
let ours: RelevanceQuery[];
let real: Awaited<ReturnType<typeof loadRealQuestions>>;
beforeAll(async () => {
  const loaded = await loadAssistant(KNOWLEDGE_DIR);
  if (!loaded.ok) throw new Error(formatProblems(loaded.problems));
  assistant = loaded.assistant;
  ours = await loadRelevanceQueries(path.join(import.meta.dirname, 'queries.json'));
  real = await loadRealQuestions(path.join(import.meta.dirname, 'real-questions.json'));
});

const category = (report: ReturnType<typeof evaluateRelevance>, name: string) => {
  const found = report.categories.find((c) => c.category === name);
  if (!found) throw new Error(`no ${name} queries`);
  return found;
};

describe('our relevance suite', () => {
  it('covers every category with enough queries, and only known entry ids', () => {
    expect(ours.length).toBeGreaterThanOrEqual(60);
    for (const name of RELEVANCE_CATEGORIES) expect(ours.filter((q) => q.category === name).length, name).toBeGreaterThanOrEqual(6);
    for (const q of ours) for (const id of q.expect) expect(assistant.entry(id), `${q.query} → ${id}`).toBeDefined();
  });

  it('finds the right entry (hit@1 ≥ 0.97) and stays silent off topic', () => {
    const report = evaluateRelevance(assistant, ours);
    console.log(`\nour suite\n${formatRelevance(report)}\n`);
    expect(report.overall.hitAt1).toBeGreaterThanOrEqual(0.97);
    expect(report.overall.hitAt3).toBeGreaterThanOrEqual(0.97);
    expect(report.offTopic.silent).toBe(report.offTopic.queries);
  });
});

describe('real questions nobody here wrote', () => {
  it('holds at least 80 on-topic and 20 off-topic questions, each with its source and known entry ids', () => {
    expect(real.filter((q) => q.expect.length > 0).length).toBeGreaterThanOrEqual(80);
    expect(real.filter((q) => q.expect.length === 0).length).toBeGreaterThanOrEqual(20);
    expect(new Set(real.map((q) => q.query)).size).toBe(real.length);
    for (const q of real) for (const id of q.expect) expect(assistant.entry(id), `${q.query} → ${id}`).toBeDefined();
    expect(real.filter((q) => q.category === 'real-holdout').length).toBeGreaterThanOrEqual(30);
  });

  it('answers the held-out ones (hit@1 ≥ 0.93, hit@3 ≥ 0.97) and at most 1 off-topic question in 20', () => {
    const report = evaluateRelevance(assistant, real);
    const reference = evaluateRelevance(plainMiniSearch(assistant.entries), real);
    console.log(`\nreal questions\n${formatRelevance(report)}\n\nreference: plain MiniSearch\n${formatRelevance({ ...reference, failures: [] })}\n`);
    const heldOut = category(report, 'real-holdout');
    expect(heldOut.hitAt1).toBeGreaterThanOrEqual(0.93);
    expect(heldOut.hitAt3).toBeGreaterThanOrEqual(0.97);
    expect(report.offTopic.queries - report.offTopic.silent).toBeLessThanOrEqual(report.offTopic.queries / 20);
  });
});

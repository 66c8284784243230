import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateRelevance, formatRelevance, loadRelevanceQueries, RELEVANCE_CATEGORIES } from '../../bench/relevance.js';
import { loadAssistant } from '../../src/core/assistant.js';
import { KNOWLEDGE_DIR } from '../support/test-app.js';
import { formatProblems } from '../../src/core/knowledge.js';

async function setUp() {
  const queries = await loadRelevanceQueries(path.join(import.meta.dirname, 'queries.json'));
  const loaded = await loadAssistant(KNOWLEDGE_DIR);
  if (!loaded.ok) throw new Error(formatProblems(loaded.problems));
  return { queries, assistant: loaded.assistant };
}

describe('relevance suite', () => {
  it('covers every category with enough queries, and only known entry ids', async () => {
    const { queries, assistant } = await setUp();
    expect(queries.length).toBeGreaterThanOrEqual(60);
    for (const category of RELEVANCE_CATEGORIES) expect(queries.filter((q) => q.category === category).length, category).toBeGreaterThanOrEqual(6);
    for (const q of queries) for (const id of q.expect) expect(assistant.entry(id), `${q.query} → ${id}`).toBeDefined();
  });

  it('finds the right entry (hit@1 ≥ 0.90, hit@3 ≥ 0.97) and stays silent off topic', async () => {
    const { queries, assistant } = await setUp();
    const report = evaluateRelevance(assistant, queries);
    console.log(`\n${formatRelevance(report)}\n`);
    expect(report.overall.hitAt1).toBeGreaterThanOrEqual(0.9);
    expect(report.overall.hitAt3).toBeGreaterThanOrEqual(0.97);
    expect(report.offTopic.silent).toBe(report.offTopic.queries);
  });
});

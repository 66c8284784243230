import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Assistant } from '../src/core/assistant.js';
import { describePayloadError } from '../src/slack/payloads.js';

/** `blind`: queries written from the article by someone who had not read the entries. */
// `qa`: questions a black-box tester asked that got a wrong answer at first (2026-11-28).
export const RELEVANCE_CATEGORIES = ['french', 'english', 'typo', 'compact', 'acronym', 'no-accent', 'concept', 'blind', 'qa', 'off-topic'] as const;

const queriesSchema = z.array(
  z.object({
    query: z.string(),
    category: z.enum(RELEVANCE_CATEGORIES),
    /** Acceptable first answers; empty for an off-topic query that must find nothing. */
    expect: z.array(z.string()),
  }),
);

export type RelevanceQuery = z.infer<typeof queriesSchema>[number];

/** The relevance suite, checked: the test and the bench read it through here. */
export async function loadRelevanceQueries(file: string): Promise<RelevanceQuery[]> {
  const parsed = queriesSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${describePayloadError(parsed.error)}`);
  return parsed.data;
}

export interface CategoryScore {
  category: string;
  queries: number;
  hitAt1: number;
  hitAt3: number;
  mrr: number;
}

export interface RelevanceReport {
  categories: CategoryScore[];
  overall: CategoryScore;
  offTopic: { queries: number; silent: number };
  failures: { query: string; category: string; expected: string[]; got: string[] }[];
}

function score(category: string, ranks: (number | undefined)[]): CategoryScore {
  const n = ranks.length || 1;
  return {
    category,
    queries: ranks.length,
    hitAt1: ranks.filter((r) => r === 1).length / n,
    hitAt3: ranks.filter((r) => r !== undefined && r <= 3).length / n,
    mrr: ranks.reduce<number>((sum, r) => sum + (r ? 1 / r : 0), 0) / n,
  };
}

/** Runs every query through the answer core and scores the ranking (hit@1, hit@3, MRR). */
export function evaluateRelevance(assistant: Assistant, queries: RelevanceQuery[]): RelevanceReport {
  const byCategory = new Map<string, (number | undefined)[]>();
  const all: (number | undefined)[] = [];
  const failures: RelevanceReport['failures'] = [];
  let offTopic = 0;
  let silent = 0;
  for (const q of queries) {
    const got = assistant.ask(q.query).hits.map((h) => h.id);
    if (q.expect.length === 0) {
      offTopic++;
      if (got.length === 0) silent++;
      else failures.push({ query: q.query, category: q.category, expected: [], got: got.slice(0, 3) });
      continue;
    }
    const index = got.findIndex((id) => q.expect.includes(id));
    const rank = index >= 0 ? index + 1 : undefined;
    if (rank !== 1) failures.push({ query: q.query, category: q.category, expected: q.expect, got: got.slice(0, 3) });
    all.push(rank);
    byCategory.set(q.category, [...(byCategory.get(q.category) ?? []), rank]);
  }
  return {
    categories: [...byCategory].map(([category, ranks]) => score(category, ranks)),
    overall: score('overall', all),
    offTopic: { queries: offTopic, silent },
    failures,
  };
}

export function formatRelevance(report: RelevanceReport): string {
  const pct = (x: number) => x.toFixed(2).padStart(6);
  const row = (s: CategoryScore) => `${s.category.padEnd(10)} ${String(s.queries).padStart(4)} ${pct(s.hitAt1)} ${pct(s.hitAt3)} ${pct(s.mrr)}`;
  const lines = [
    `category   n    hit@1  hit@3    MRR`,
    ...report.categories.map(row),
    row(report.overall),
    `off-topic  ${String(report.offTopic.queries).padStart(4)}  silent ${report.offTopic.silent}/${report.offTopic.queries}`,
  ];
  if (report.failures.length > 0) {
    lines.push('misses:');
    for (const f of report.failures) lines.push(`  [${f.category}] "${f.query}" expected ${f.expected.join('|') || '(nothing)'} got ${f.got.join(', ') || '(nothing)'}`);
  }
  return lines.join('\n');
}

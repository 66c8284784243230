import { readFile } from 'node:fs/promises';
import MiniSearch from 'minisearch';
import { z } from 'zod';
import type { Entry } from '../src/core/entry.js';
import { foldText } from '../src/core/text.js';
import { formatZodError } from '../src/core/zod-errors.js';

// The relevance suites. `queries.json` is ours: written alongside the entries
// (`blind`: by someone who had read only the article; `qa`: what testers asked).
// `real-questions.json` is nobody's here: real titles and questions as people
// posted them in public, each with its source, a third of them held out of
// tuning (`split`).
export const RELEVANCE_CATEGORIES = ['french', 'english', 'typo', 'compact', 'acronym', 'no-accent', 'concept', 'blind', 'qa', 'off-topic'] as const;

const queriesSchema = z.array(
  z.object({
    query: z.string(),
    category: z.enum(RELEVANCE_CATEGORIES),
    /** Acceptable first answers; empty for an off-topic query that must find nothing. */
    expect: z.array(z.string()),
  }),
);

const realQuestionsSchema = z.array(
  z.strictObject({
    query: z.string().min(1),
    expect: z.array(z.string()),
    /** Where it was posted: a URL or `owner/repo#123`. */
    source: z.string().min(1),
    lang: z.enum(['en', 'fr']),
    /** `tune`: looked at while tuning the search; `holdout`: only ever measured. */
    split: z.enum(['tune', 'holdout']),
  }),
);

export interface RelevanceQuery {
  query: string;
  category: string;
  expect: string[];
}

async function readChecked<T>(file: string, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${formatZodError(parsed.error)}`);
  return parsed.data;
}

/** Our relevance suite, checked: the test and the bench read it through here. */
export async function loadRelevanceQueries(file: string): Promise<RelevanceQuery[]> {
  return readChecked(file, queriesSchema);
}

/** The real questions, in categories `real-tune` and `real-holdout`. */
export async function loadRealQuestions(file: string): Promise<(RelevanceQuery & { source: string })[]> {
  const questions = await readChecked(file, realQuestionsSchema);
  return questions.map(({ query, expect, source, split }) => ({ query, expect, source, category: `real-${split}` }));
}

/** Anything that answers a query with ranked entry ids: the assistant, or the reference below. */
export interface Searcher {
  ask(query: string): { hits: readonly { id: string }[] };
}

/**
 * The reference the search is measured against: plain MiniSearch with its
 * default matching (BM25+, fuzzy 0.2, prefix), our field boosts and accent
 * folding, answering whatever it finds.
 */
export function plainMiniSearch(entries: readonly Entry[]): Searcher {
  const mini = new MiniSearch({
    fields: ['names', 'tags', 'summary', 'body'],
    processTerm: (term) => foldText(term),
    searchOptions: { boost: { names: 6, tags: 3, summary: 1.5, body: 1 }, fuzzy: 0.2, prefix: true },
  });
  mini.addAll(
    entries.map((e) => ({
      id: e.id,
      names: [e.title, e.id, ...e.aliases].join(' ; '),
      tags: [...e.tags, ...e.people, ...e.companies].join(' ; '),
      summary: [e.summary, ...e.key_points].join('\n'),
      body: e.body,
    })),
  );
  return { ask: (query) => ({ hits: mini.search(query).slice(0, 10).map((r) => ({ id: String(r.id) })) }) };
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
export function evaluateRelevance(searcher: Searcher, queries: readonly RelevanceQuery[]): RelevanceReport {
  const byCategory = new Map<string, (number | undefined)[]>();
  const all: (number | undefined)[] = [];
  const failures: RelevanceReport['failures'] = [];
  let offTopic = 0;
  let silent = 0;
  for (const q of queries) {
    const got = searcher.ask(q.query).hits.map((h) => h.id);
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
  const row = (s: CategoryScore) => `${s.category.padEnd(12)} ${String(s.queries).padStart(4)} ${pct(s.hitAt1)} ${pct(s.hitAt3)} ${pct(s.mrr)}`;
  const lines = [
    `category     n    hit@1  hit@3    MRR`,
    ...report.categories.map(row),
    row(report.overall),
    `off-topic    ${String(report.offTopic.queries).padStart(4)}  silent ${report.offTopic.silent}/${report.offTopic.queries}`,
  ];
  if (report.failures.length > 0) {
    lines.push('misses:');
    for (const f of report.failures) lines.push(`  [${f.category}] "${f.query}" expected ${f.expected.join('|') || '(nothing)'} got ${f.got.join(', ') || '(nothing)'}`);
  }
  return lines.join('\n');
}

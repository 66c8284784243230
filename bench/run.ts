import { App, LogLevel } from '@slack/bolt';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createAssistant } from '../src/core/assistant.js';
import { parseCommandText } from '../src/core/commands.js';
import { formatProblems, loadKnowledge } from '../src/core/knowledge.js';
import { parseConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { openRuntime } from '../src/runtime.js';
import { createSlackApp } from '../src/slack/app.js';
import { renderCommand } from '../src/slack/reply-message.js';
import { withKnowledgeMrkdwn } from '../src/slack/blocks/knowledge-mrkdwn.js';
import { FakeSlack } from '../test/support/fake-slack.js';
import { sendSlashCommand, TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../test/support/slack-request.js';
import { benchLoad } from './load.js';
import { generateEntries, type WordDistribution } from './generate.js';
import { benchReload } from './reload.js';
import { benchReplicas } from './replicas.js';
import { evaluateRelevance, formatRelevance, loadRealQuestions, loadRelevanceQueries, plainMiniSearch, type RelevanceQuery } from './relevance.js';
import { fmt, summarize, time, timeAsync, type Timing } from './stats.js';

// `npm run bench`: load/index/query timings for the recap and for generated
// knowledge bases, and the end-to-end slash-command latency against a bare Bolt
// app measured in the same run. Numbers, never assertions: the machines are shared.

const ROOT = path.resolve(import.meta.dirname, '../..');
const KNOWLEDGE_DIR = process.env.KNOWLEDGE_DIR ?? path.join(ROOT, 'knowledge');

const line = (label: string, value: string) => console.log(`  ${label.padEnd(34)} ${value}`);
const timing = (t: Timing) => `p50 ${fmt(t.p50)}  p99 ${fmt(t.p99)}  (n=${t.n})`;

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

async function benchRecap(queries: RelevanceQuery[]): Promise<void> {
  console.log('\nRecap knowledge base');
  const loads: number[] = [];
  let entries;
  for (let i = 0; i < 15; i++) {
    const { ms, value } = await timeAsync(async () => {
      const loaded = await loadKnowledge(KNOWLEDGE_DIR);
      if (!loaded.ok) throw new Error(formatProblems(loaded.problems));
      return { entries: loaded.entries, assistant: createAssistant(loaded.entries) };
    });
    loads.push(ms);
    entries = value;
  }
  line('load + index (first run)', fmt(loads[0]!));
  line('load + index (warm)', timing(summarize(loads.slice(1))));
  const assistant = entries!.assistant;
  const samples: number[] = [];
  for (let round = 0; round < 30; round++) for (const q of queries) samples.push(time(() => assistant.ask(q.query)).ms);
  line('query (relevance queries x30)', timing(summarize(samples)));
  console.log(`\nRelevance (our suite)\n${formatRelevance(evaluateRelevance(assistant, queries))}`);
  const real = await loadRealQuestions(path.join(ROOT, 'test/relevance/real-questions.json'));
  console.log(`\nRelevance (real questions)\n${formatRelevance(evaluateRelevance(assistant, real))}`);
  const reference = evaluateRelevance(plainMiniSearch(entries!.entries), real);
  console.log(`\nReference: plain MiniSearch on the real questions\n${formatRelevance({ ...reference, failures: [] })}`);
}

function benchGenerated(size: number, recap: Parameters<typeof generateEntries>[1], queries: RelevanceQuery[], distribution: WordDistribution) {
  const entries = generateEntries(size, recap, { distribution });
  const before = heapMb();
  const { ms, value: assistant } = time(() => createAssistant([...recap, ...entries]));
  const heap = heapMb() - before;
  const samples: number[] = [];
  const extra = entries.slice(0, 200).map((e) => e.title);
  // The first pass right after a build also pays for collecting the build's
  // garbage, once per start: printed apart from the steady state.
  const firstPass = [...queries.map((x) => x.query), ...extra].map((q) => time(() => assistant.ask(q)).ms);
  for (let round = 0; round < 3; round++) {
    for (const q of queries) samples.push(time(() => assistant.ask(q.query)).ms);
    for (const q of extra) samples.push(time(() => assistant.ask(q)).ms);
  }
  const label = distribution === 'zipf' ? 'words drawn as in real text (Zipf)' : 'stress: every word common (uniform)';
  console.log(`\nGenerated knowledge base: ${size.toLocaleString('en')} entries (+ the recap), ${label}`);
  line('build (index)', fmt(ms));
  line('query, first pass after build', timing(summarize(firstPass)));
  line('query', timing(summarize(samples)));
  line('heap used by the index', `${heap.toFixed(1)} MB`);
}

const ANSWERED = ['helm3', 'loki', "c'est quoi opa", 'kube hunter', 'stockage'];
/** Questions the recap has nothing for: each one asked is recorded as unanswered. */
const UNANSWERED = ['pulumi stacks', 'terraform', 'backstage', 'kyverno', 'crossplane compositions'];

async function slashLatency(url: string, n: number, texts: readonly string[] = ANSWERED): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const text = texts[i % texts.length]!;
    const { ms, value } = await timeAsync(() => sendSlashCommand(url, { text }));
    if (value.status !== 200) throw new Error(`HTTP ${value.status}`);
    samples.push(ms);
  }
  return samples;
}

async function benchSlack() {
  console.log('\nEnd-to-end /kubecon on loopback (signed request in, answer out)');
  const slack = await new FakeSlack().start();
  const stateDir = await mkdtemp(path.join(tmpdir(), 'kubecon-bench-'));
  const parsed = parseConfig({ SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, KNOWLEDGE_DIR, STATE_DIR: stateDir });
  if (!parsed.ok || parsed.config.mode !== 'http') throw new Error(parsed.ok ? `expected HTTP mode, not ${parsed.config.mode}` : parsed.message);
  const opened = await openRuntime(parsed.config);
  if (!opened.ok) throw new Error(opened.message);
  const { app: ours } = createSlackApp({
    config: parsed.config,
    runtime: opened.runtime,
    logger: createLogger({ level: 'error' }),
  });
  const bareApp = (answer: Record<string, unknown>) => {
    const app = new App({ token: TEST_BOT_TOKEN, signingSecret: TEST_SIGNING_SECRET, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: slack.apiUrl }, deferInitialization: true });
    app.command('/kubecon', async ({ ack }) => {
      await ack(answer);
    });
    return app;
  };
  const bare = bareApp({ response_type: 'ephemeral', text: 'ok' });
  // A reference, not the target: bare Bolt acknowledging with our `helm3` card,
  // built once. It shows what the card's size costs by itself, so what remains
  // between it and kubecon-bot is the search, the rendering and our listeners.
  const card = bareApp({ response_type: 'ephemeral', ...(await renderCommand(parseCommandText('helm3'), withKnowledgeMrkdwn(opened.runtime), { ephemeral: true })) });
  const url = async (app: App) => {
    await app.init();
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  };
  const bareUrl = await url(bare);
  const cardUrl = await url(card);
  const oursUrl = await url(ours);
  // The same bot with the recording of unanswered questions left out.
  const { app: unrecorded } = createSlackApp({
    config: parsed.config,
    runtime: { ...opened.runtime, gaps: { ...opened.runtime.gaps, note: () => undefined } },
    logger: createLogger({ level: 'error' }),
  });
  const unrecordedUrl = await url(unrecorded);
  for (const u of [oursUrl, unrecordedUrl]) await slashLatency(u, 300, UNANSWERED);
  // Warm up all three (JIT, caches): a bot runs for weeks; steady state is what counts.
  for (const u of [bareUrl, cardUrl, oursUrl]) await slashLatency(u, 500);
  // Two apps at a time, in interleaved rounds so both see the same machine
  // noise, and so the reference never adds its garbage to the target's run.
  const compare = async (first: string, second: string): Promise<[Timing, Timing]> => {
    const a: number[] = [];
    const b: number[] = [];
    for (let round = 0; round < 20; round++) {
      a.push(...(await slashLatency(first, 50)));
      b.push(...(await slashLatency(second, 50)));
    }
    return [summarize(a), summarize(b)];
  };
  const [sb, sa] = await compare(bareUrl, oursUrl);
  line('bare Bolt (fixed text)', timing(sb));
  line('kubecon-bot (answer card)', timing(sa));
  line('ratio p50 (target ≤ 1.2)', (sa.p50 / sb.p50).toFixed(2));
  line('ratio p99 (target ≤ 1.5)', (sa.p99 / sb.p99).toFixed(2));
  const [sc, sa2] = await compare(cardUrl, oursUrl);
  console.log('  then against bare Bolt sending a ready-made card, to set the card\'s size apart:');
  line('bare Bolt (ready-made helm3 card)', timing(sc));
  line('kubecon-bot (answer card)', timing(sa2));
  line('ratio p50 (our work)', (sa2.p50 / sc.p50).toFixed(2));
  // Recording a question: bare Bolt, the bot recording, the bot not recording, alternated round by round.
  const [rb, rr, rn] = [[], [], []] as number[][];
  for (let round = 0; round < 20; round++) {
    rb!.push(...(await slashLatency(bareUrl, 50, UNANSWERED)));
    rr!.push(...(await slashLatency(oursUrl, 50, UNANSWERED)));
    rn!.push(...(await slashLatency(unrecordedUrl, 50, UNANSWERED)));
  }
  const [tb, tr, tn] = [summarize(rb!), summarize(rr!), summarize(rn!)];
  console.log('  a question that finds nothing (recorded as unanswered), alternated with and without recording:');
  line('bare Bolt (fixed text)', timing(tb));
  line('kubecon-bot, recording', timing(tr));
  line('kubecon-bot, not recording', timing(tn));
  const withRecording = tr.p50 / tb.p50;
  const withoutRecording = tn.p50 / tb.p50;
  line('ratio p50 recording / not', `${withRecording.toFixed(3)} / ${withoutRecording.toFixed(3)}`);
  line('difference (target ≤ 5%)', `${(((withRecording - withoutRecording) / withoutRecording) * 100).toFixed(1)}%`);
  for (const app of [bare, card, ours, unrecorded]) await app.stop();
  await slack.stop();
  await opened.runtime.close();
  await rm(stateDir, { recursive: true, force: true });
}

// `npm run bench -- --only slack` (or recap, generated, reload, load, replicas; with load and replicas, --no-mentions) runs one part.
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const runs = (part: string) => !only || only === part;

const queries = await loadRelevanceQueries(path.join(ROOT, 'test/relevance/queries.json'));
console.log(`kubecon-bot bench — node ${process.version}, ${new Date().toISOString()}`);
const loaded = await loadKnowledge(KNOWLEDGE_DIR);
if (!loaded.ok) throw new Error(formatProblems(loaded.problems));
if (runs('recap')) await benchRecap(queries);
if (runs('generated')) {
  benchGenerated(1_000, loaded.entries, queries, 'zipf');
  benchGenerated(10_000, loaded.entries, queries, 'zipf');
  benchGenerated(10_000, loaded.entries, queries, 'uniform');
}
if (runs('slack')) await benchSlack();
if (runs('reload')) await benchReload(KNOWLEDGE_DIR, loaded.entries);
if (runs('load')) await benchLoad(KNOWLEDGE_DIR, { mentions: !process.argv.includes('--no-mentions') });
if (runs('replicas')) await benchReplicas(KNOWLEDGE_DIR, { mentions: !process.argv.includes('--no-mentions') });

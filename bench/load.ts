import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCommandText } from '../src/core/commands.js';
import { parseConfig } from '../src/config.js';
import { openRuntime } from '../src/runtime.js';
import { renderCommand } from '../src/slack/reply-message.js';
import { withKnowledgeMrkdwn } from '../src/slack/blocks/knowledge-mrkdwn.js';
import type { SlackMessage } from '../src/slack/blocks/limits.js';
import { FakeSlack } from '../test/support/fake-slack.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../test/support/slack-request.js';
import type { LoadJob, LoadResult } from './load-client.js';
import type { ServerJob, ServerMessage, ServerStats } from './load-server.js';

// `npm run bench -- --only load`: kubecon-bot (HTTP mode, its real receiver
// and listeners, a fake Slack on loopback for the Web API) and bare Bolt
// answering with the same ready-made cards, each in its own process, loaded
// by a third process at CONCURRENCY, in alternating rounds so both see the
// same machine noise. RSS is read after REQUESTS_BEFORE_RSS requests to each.

const TEXTS = ['helm3', 'loki', "c'est quoi opa", 'kube hunter', 'stockage'];
export const CONCURRENCY = 50;
const WARM_UP = 2_000;
const ROUNDS = 3;
const ROUND_REQUESTS = 6_000;
const REQUESTS_BEFORE_RSS = WARM_UP + ROUNDS * ROUND_REQUESTS;
const MENTION_ROUND_REQUESTS = 2_000;

const here = import.meta.dirname;
// Extra node flags for the two servers, e.g. BENCH_SERVER_ARGS=--cpu-prof (profiles land in the current folder).
const serverArgs = [...process.execArgv, ...(process.env.BENCH_SERVER_ARGS?.split(' ').filter(Boolean) ?? [])];

export interface Target {
  name: string;
  child: ChildProcess;
  url: string;
}

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${child.spawnargs.join(' ')} exited (${code}) before answering`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as T);
    });
  });
}

export async function startServer(name: string, job: ServerJob, script = path.join(here, 'load-server.js')): Promise<Target> {
  const child = fork(script, { execArgv: serverArgs });
  child.send(job);
  const message = await nextMessage<ServerMessage>(child);
  if (!('ready' in message)) throw new Error(`${name} did not start`);
  return { name, child, url: message.ready };
}

/** The load process, sending to `targets` in turn (one target: all to it). */
export async function load(targets: Target[], job: Omit<LoadJob, 'urls' | 'runId' | 'texts'>): Promise<LoadResult> {
  const client = fork(path.join(here, 'load-client.js'), { execArgv: [] });
  client.send({ ...job, urls: targets.map((t) => t.url), texts: TEXTS, runId: `${Date.now()}${Math.random()}`.replace('.', '') } satisfies LoadJob);
  return nextMessage<LoadResult>(client);
}

export async function stats(target: Target): Promise<ServerStats> {
  target.child.send('stats');
  const message = await nextMessage<ServerMessage>(target.child);
  if (!('stats' in message)) throw new Error(`${target.name} did not report its stats`);
  return message.stats;
}

/** The load, with the server's CPU time per request (user + system): steadier than times on a shared machine. */
async function loadWithCpu(target: Target, job: Omit<LoadJob, 'urls' | 'runId' | 'texts'>): Promise<LoadResult & { cpuUs: number }> {
  const before = (await stats(target)).cpu;
  const result = await load([target], job);
  const after = (await stats(target)).cpu;
  return { ...result, cpuUs: (after.user + after.system - before.user - before.system) / job.requests };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const row = (label: string, r: LoadResult & { cpuUs: number }) =>
  console.log(
    `  ${label.padEnd(24)} ${r.perSecond.toFixed(0).padStart(5)} req/s  p50 ${ms(r.p50).padStart(8)}  p99 ${ms(r.p99).padStart(8)}  max ${ms(r.max).padStart(8)}  CPU ${r.cpuUs.toFixed(0).padStart(4)} µs/req  errors ${r.errors}  over 3 s ${r.late}`,
  );
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Alternating rounds of the same load against each; the ratios are each one's over bare Bolt's (the last), round by round. */
async function compare(targets: Target[], surface: LoadJob['surface'], requests: number): Promise<void> {
  const bare = targets[targets.length - 1]!;
  const others = targets.slice(0, -1);
  const ratios = new Map(others.map((t) => [t, { perSecond: [] as number[], p50: [] as number[], p99: [] as number[], cpu: [] as number[] }]));
  let errors = 0;
  let late = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    // Each round starts with a different server, so none always runs right after another's garbage.
    const order = targets.map((_, i) => targets[(i + round - 1) % targets.length]!);
    const results = new Map<Target, LoadResult & { cpuUs: number }>();
    for (const target of order) {
      const result = await loadWithCpu(target, { surface, requests, concurrency: CONCURRENCY });
      results.set(target, result);
      row(`round ${round} ${target.name}`, result);
      errors += result.errors;
      late += result.late;
    }
    const b = results.get(bare)!;
    for (const [target, r] of ratios) {
      const a = results.get(target)!;
      r.perSecond.push(a.perSecond / b.perSecond);
      r.p50.push(a.p50 / b.p50);
      r.p99.push(a.p99 / b.p99);
      r.cpu.push(a.cpuUs / b.cpuUs);
    }
  }
  const range = (values: number[]) => `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)} (median ${median(values).toFixed(2)})`;
  for (const [target, r] of ratios) {
    console.log(`  ${target.name} / ${bare.name}: throughput ${range(r.perSecond)} (target ≥ 0.85)`);
    console.log(`      p50 ${range(r.p50)}, p99 ${range(r.p99)} (target ≤ 1.5), CPU per request ${range(r.cpu)}`);
  }
  console.log(`  errors ${errors}, acknowledged after 3 s ${late} (target 0 and 0)`);
}

async function memoryLines(targets: Target[], when: string): Promise<void> {
  const all: ServerStats[] = [];
  for (const target of targets) all.push(await stats(target));
  const bare = all[all.length - 1]!.rss;
  for (const [i, target] of targets.entries()) {
    const s = all[i]!;
    console.log(`  ${when}: RSS ${target.name} ${mb(s.rss)} (${(s.rss / bare).toFixed(2)}× bare Bolt's, target ≤ 1.5), heap after a full GC ${mb(s.heapAfterGc)}`);
  }
}

async function readyMadeCards(knowledgeDir: string, apiUrl: string, stateDir: string) {
  const parsed = parseConfig({ SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_API_URL: apiUrl, KNOWLEDGE_DIR: knowledgeDir, STATE_DIR: stateDir });
  if (!parsed.ok) throw new Error(parsed.message);
  const opened = await openRuntime(parsed.config);
  if (!opened.ok) throw new Error(opened.message);
  const ctx = withKnowledgeMrkdwn(opened.runtime);
  const cards = async (ephemeral: boolean): Promise<Record<string, SlackMessage>> =>
    Object.fromEntries(await Promise.all(TEXTS.map(async (text) => [text, await renderCommand(parseCommandText(text), ctx, { ephemeral })])));
  const made = { slash: await cards(true), mention: await cards(false) };
  await opened.runtime.close();
  return made;
}

export async function benchLoad(knowledgeDir: string, options: { mentions: boolean }): Promise<void> {
  console.log(`\nLoad on loopback: concurrency ${CONCURRENCY}, kubecon-bot and bare Bolt with the same ready-made cards, each in its own process`);
  const slack = await new FakeSlack().start();
  const stateDir = await mkdtemp(path.join(tmpdir(), 'kubecon-load-'));
  const targets: Target[] = [];
  try {
    const cards = await readyMadeCards(knowledgeDir, slack.apiUrl, path.join(stateDir, 'cards'));
    const ours = await startServer('kubecon-bot', { kind: 'kubecon-bot', apiUrl: slack.apiUrl, knowledgeDir, stateDir: path.join(stateDir, 'bot') });
    targets.push(ours);
    // BENCH_BEFORE=<another build's dist/bench/load-server.js>: that build too, in the same rounds (before/after a change).
    const before = process.env.BENCH_BEFORE;
    if (before) targets.push(await startServer('before', { kind: 'kubecon-bot', apiUrl: slack.apiUrl, knowledgeDir, stateDir: path.join(stateDir, 'before') }, before));
    const bare = await startServer('bare Bolt', { kind: 'bare', apiUrl: slack.apiUrl, ...cards });
    targets.push(bare);

    console.log(`/kubecon: ${WARM_UP.toLocaleString('en')} requests each to warm up, then ${ROUNDS} rounds of ${ROUND_REQUESTS.toLocaleString('en')}`);
    for (const target of targets) row(`warm-up ${target.name}`, await loadWithCpu(target, { surface: 'slash', requests: WARM_UP, concurrency: CONCURRENCY }));
    await compare(targets, 'slash', ROUND_REQUESTS);
    await memoryLines(targets, `after ${REQUESTS_BEFORE_RSS.toLocaleString('en')} requests each`);

    if (options.mentions) {
      const posted = slack.callsTo('chat.postMessage').length;
      console.log(`\nMentions (signed app_mention events, answered by chat.postMessage to the fake Slack): ${ROUNDS} rounds of ${MENTION_ROUND_REQUESTS.toLocaleString('en')}`);
      for (const target of targets) row(`warm-up ${target.name}`, await loadWithCpu(target, { surface: 'mention', requests: WARM_UP / 2, concurrency: CONCURRENCY }));
      await compare(targets, 'mention', MENTION_ROUND_REQUESTS);
      const expected = targets.length * (WARM_UP / 2 + ROUNDS * MENTION_ROUND_REQUESTS);
      // The answers are posted after the acknowledgement: wait (bounded) for the last ones.
      for (let i = 0; i < 100 && slack.callsTo('chat.postMessage').length - posted < expected; i++) await new Promise((r) => setTimeout(r, 100));
      console.log(`  answers posted to the fake Slack: ${slack.callsTo('chat.postMessage').length - posted} of ${expected}`);
      await memoryLines(targets, 'after the mentions too');
    }
  } finally {
    for (const target of targets) target.child.send('exit');
    await Promise.all(targets.map((t) => (t.child.exitCode === null ? new Promise((r) => t.child.once('exit', r)) : undefined)));
    await slack.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
}

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { FakeSlack } from '../test/support/fake-slack.js';
import { createDatabase, startPostgres } from '../test/support/postgres-server.js';
import { CONCURRENCY, load, median, startServer, stats, type Target } from './load.js';
import type { LoadJob, LoadResult } from './load-client.js';

// `npm run bench -- --only replicas`: the load of `--only load`, signed
// `/kubecon` requests then mentions (which write their event ids and thread
// subjects to the store), against one kubecon-bot process on PostgreSQL, two
// on the same database behind the load process's round-robin, and one on
// SQLite, in alternating rounds. Besides times, the CPU each process spent
// per request: the bots', PostgreSQL's and the load process's own, since on a
// machine with few cores they all share them.

const ROUNDS = 3;
const WARM_UP = 2_000;
const ROUND_REQUESTS = 6_000;
const MENTION_ROUND_REQUESTS = 2_000;

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU time (µs) of the PostgreSQL server so far: its main process, the
 * children it has reaped, and its live children (the connections' backends,
 * which the pools keep open). Linux only; undefined elsewhere or for a server
 * that is not ours.
 */
function postgresCpuUs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  // /proc/<pid>/stat: the fields after the command's closing parenthesis, from field 3 (state).
  const fields = (p: number): string[] | undefined => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    } catch {
      return undefined;
    }
  };
  const main = fields(pid);
  if (!main) return undefined;
  // utime, stime, cutime, cstime are fields 14–17, i.e. 11–14 here; ppid is field 4.
  let ticks = Number(main[11]) + Number(main[12]) + Number(main[13]) + Number(main[14]);
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const child = fields(Number(name));
    if (child && Number(child[1]) === pid) ticks += Number(child[11]) + Number(child[12]);
  }
  return (ticks / TICKS_PER_SECOND) * 1e6;
}

interface Setup {
  name: string;
  targets: Target[];
}

interface Measured extends LoadResult {
  /** CPU per request of the bot processes, all of them together (µs). */
  botCpuUs: number;
  postgresCpuUs?: number;
  /** Mentions: answers posted a second, from the first request to the last answer (they are acknowledged first, answered after). */
  answeredPerSecond?: number;
}

interface Watch {
  postgresPid: number | undefined;
  /** Mentions: the answers posted to the fake Slack so far. */
  answered?: () => number;
}

async function measure(setup: Setup, job: Omit<LoadJob, 'urls' | 'runId' | 'texts'>, watch: Watch): Promise<Measured> {
  const cpuOf = async () => (await Promise.all(setup.targets.map(stats))).reduce((sum, s) => sum + s.cpu.user + s.cpu.system, 0);
  const botBefore = await cpuOf();
  const pgBefore = postgresCpuUs(watch.postgresPid);
  const postedBefore = watch.answered?.();
  const started = performance.now();
  const result = await load(setup.targets, job);
  let answeredPerSecond: number | undefined;
  if (watch.answered && postedBefore !== undefined) {
    // Wait (bounded) for this load's answers, so that all its work is counted here and none spills into the next one's.
    for (let i = 0; i < 1200 && watch.answered() - postedBefore < job.requests; i++) await new Promise((r) => setTimeout(r, 50));
    answeredPerSecond = (watch.answered() - postedBefore) / ((performance.now() - started) / 1000);
  }
  const pgAfter = postgresCpuUs(watch.postgresPid);
  const botAfter = await cpuOf();
  return {
    ...result,
    botCpuUs: (botAfter - botBefore) / job.requests,
    ...(pgBefore !== undefined && pgAfter !== undefined && { postgresCpuUs: (pgAfter - pgBefore) / job.requests }),
    ...(answeredPerSecond !== undefined && { answeredPerSecond }),
  };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const us = (value: number | undefined) => (value === undefined ? '   ?' : value.toFixed(0).padStart(4));
const row = (label: string, r: Measured) =>
  console.log(
    `  ${label.padEnd(30)} ${r.perSecond.toFixed(0).padStart(5)} req/s${r.answeredPerSecond === undefined ? '' : ` (answered ${r.answeredPerSecond.toFixed(0).padStart(4)}/s)`}  p50 ${ms(r.p50).padStart(8)}  p99 ${ms(r.p99).padStart(8)}  max ${ms(r.max).padStart(8)}  errors ${r.errors}  over 3 s ${r.late}` +
      `  CPU µs/req: bots ${us(r.botCpuUs)}, PostgreSQL ${us(r.postgresCpuUs)}, load ${us(r.clientCpuUs)}`,
  );
const range = (values: number[]) => `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)} (median ${median(values).toFixed(2)})`;

/** Alternating rounds of the same load against each setup; ratios against the first (one process on PostgreSQL), round by round. */
async function compare(setups: Setup[], surface: LoadJob['surface'], requests: number, watch: Watch): Promise<void> {
  const results = new Map<Setup, Measured[]>(setups.map((s) => [s, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    const order = setups.map((_, i) => setups[(i + round - 1) % setups.length]!);
    for (const setup of order) {
      const result = await measure(setup, { surface, requests, concurrency: CONCURRENCY }, watch);
      results.get(setup)!.push(result);
      row(`round ${round} ${setup.name}`, result);
    }
  }
  const one = results.get(setups[0]!)!;
  for (const setup of setups.slice(1)) {
    const other = results.get(setup)!;
    const ratios = (f: (r: Measured) => number | undefined) => other.map((r, i) => (f(r) ?? Number.NaN) / (f(one[i]!) ?? Number.NaN));
    const throughput = (r: Measured) => r.answeredPerSecond ?? r.perSecond;
    console.log(`  ${setup.name} / ${setups[0]!.name}: throughput${watch.answered ? ' (answers posted)' : ''} ${range(ratios(throughput))}${setup.targets.length === 2 ? ' (target ≥ 1.6)' : ''}`);
    console.log(`      p50 ${range(ratios((r) => r.p50))}, p99 ${range(ratios((r) => r.p99))}, bots' CPU per request ${range(ratios((r) => r.botCpuUs))}`);
    if (one[0]!.postgresCpuUs !== undefined) {
      console.log(`      bots' + PostgreSQL's CPU per request ${range(ratios((r) => r.botCpuUs + (r.postgresCpuUs ?? 0)))}`);
    }
  }
  const all = [...results.values()].flat();
  console.log(`  errors ${all.reduce((n, r) => n + r.errors, 0)}, acknowledged after 3 s ${all.reduce((n, r) => n + r.late, 0)} (target 0 and 0)`);
  // What two replicas would give with a core each, from the CPU they spent per request here.
  const two = setups.find((s) => s.targets.length === 2);
  if (!two) return;
  const twos = results.get(two)!;
  const bot1 = median(one.map((r) => r.botCpuUs));
  const bot2 = median(twos.map((r) => r.botCpuUs));
  const rest = median(twos.map((r) => (r.postgresCpuUs ?? 0) + r.clientCpuUs));
  const ceiling2 = 2e6 / bot2;
  console.log(
    `  a bot process is one thread: alone on a core, one serves at most ${(1e6 / bot1).toFixed(0)} req/s, two ${ceiling2.toFixed(0)} req/s (${((2 * bot1) / bot2).toFixed(2)}×);` +
      ` at that rate PostgreSQL and the load process need ${((ceiling2 * rest) / 1e6).toFixed(1)} cores more${one[0]!.postgresCpuUs === undefined ? ' (PostgreSQL not measured)' : ''}:` +
      ` ${(2 + (ceiling2 * rest) / 1e6).toFixed(1)} cores in all (this machine: ${availableParallelism()}, shared with everything else)`,
  );
}

export async function benchReplicas(knowledgeDir: string, options: { mentions: boolean }): Promise<void> {
  console.log(`\nReplicas on loopback: concurrency ${CONCURRENCY}, one kubecon-bot on PostgreSQL, two on the same database (round-robin per request), one on SQLite`);
  const postgres = startPostgres('kubecon-bench');
  const slack = await new FakeSlack().start();
  const stateDir = await mkdtemp(path.join(tmpdir(), 'kubecon-replicas-'));
  const servers: Target[] = [];
  let database: { url: string; drop: () => Promise<void> } | undefined;
  try {
    database = await createDatabase(postgres.url, 'kubecon_bench');
    const bot = (name: string, dir: string, databaseUrl?: string) =>
      startServer(name, { kind: 'kubecon-bot', apiUrl: slack.apiUrl, knowledgeDir, stateDir: path.join(stateDir, dir), ...(databaseUrl && { databaseUrl }) });
    const a = await bot('replica A', 'a', database.url);
    servers.push(a);
    const b = await bot('replica B', 'b', database.url);
    servers.push(b);
    const sqlite = await bot('SQLite', 'sqlite');
    servers.push(sqlite);
    // One process on PostgreSQL is replica A alone, so both setups run the same warmed-up code.
    const setups: Setup[] = [
      { name: 'one on PostgreSQL', targets: [a] },
      { name: 'two on PostgreSQL', targets: [a, b] },
      { name: 'one on SQLite', targets: [sqlite] },
    ];
    console.log(`PostgreSQL: ${postgres.pid ? 'a throwaway server (.ci/postgres)' : 'TEST_DATABASE_URL'}, a fresh database`);
    console.log(`/kubecon: ${WARM_UP.toLocaleString('en')} requests to each process to warm up, then ${ROUNDS} rounds of ${ROUND_REQUESTS.toLocaleString('en')} per setup`);
    const watch: Watch = { postgresPid: postgres.pid };
    for (const server of servers) row(`warm-up ${server.name}`, await measure({ name: server.name, targets: [server] }, { surface: 'slash', requests: WARM_UP, concurrency: CONCURRENCY }, watch));
    await compare(setups, 'slash', ROUND_REQUESTS, watch);

    if (options.mentions) {
      const posted = slack.callsTo('chat.postMessage').length;
      console.log(`\nMentions (each writes its event id and its thread's subject to the store): ${ROUNDS} rounds of ${MENTION_ROUND_REQUESTS.toLocaleString('en')} per setup`);
      const mentions: Watch = { ...watch, answered: () => slack.callsTo('chat.postMessage').length };
      for (const server of servers) row(`warm-up ${server.name}`, await measure({ name: server.name, targets: [server] }, { surface: 'mention', requests: WARM_UP / 2, concurrency: CONCURRENCY }, mentions));
      await compare(setups, 'mention', MENTION_ROUND_REQUESTS, mentions);
      const expected = servers.length * (WARM_UP / 2) + setups.length * ROUNDS * MENTION_ROUND_REQUESTS;
      // The answers are posted after the acknowledgement: wait (bounded) for the last ones.
      for (let i = 0; i < 100 && slack.callsTo('chat.postMessage').length - posted < expected; i++) await new Promise((r) => setTimeout(r, 100));
      console.log(`  answers posted to the fake Slack: ${slack.callsTo('chat.postMessage').length - posted} of ${expected}`);
    }
  } finally {
    for (const server of servers) server.child.send('exit');
    await Promise.all(servers.map((t) => (t.child.exitCode === null ? new Promise((r) => t.child.once('exit', r)) : undefined)));
    await slack.stop();
    await database?.drop();
    postgres.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
}

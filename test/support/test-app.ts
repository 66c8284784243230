import type { App } from '@slack/bolt';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig, type HttpConfig, type SlackConfig, type SocketConfig } from '../../src/config.js';
import type { DigestJob } from '../../src/core/digest-job.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createSlackApp } from '../../src/slack/app.js';
import type { Registrations } from '../../src/slack/registrations.js';
import { FakeSlack } from './fake-slack.js';
import { FakeSocketMode } from './fake-socket-mode.js';
import { freshDatabase } from './postgres.js';
import { freePort } from './process.js';
import { startRoundRobin } from './round-robin.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from './slack-request.js';
import { bounded, WAIT_MS } from './wait.js';

export const KNOWLEDGE_DIR = path.resolve(import.meta.dirname, '../../knowledge');

/**
 * How startTestSlackApp lays the bot out. Chosen per vitest project
 * (KUBECON_TEST_TOPOLOGY in vitest.config.ts), never per test: the same
 * end-to-end files run on one process and on two replicas.
 * - `one-process`: one Bolt app on SQLite under a temporary STATE_DIR.
 * - `two-replicas-postgres`: two Bolt apps, each with its own runtime as two
 *   pods have, on one fresh PostgreSQL database, behind a round-robin front.
 */
export type Topology = 'one-process' | 'two-replicas-postgres';
const TOPOLOGIES: readonly Topology[] = ['one-process', 'two-replicas-postgres'];

export function testTopology(): Topology {
  const named = process.env.KUBECON_TEST_TOPOLOGY?.trim() || 'one-process';
  if (!(TOPOLOGIES as readonly string[]).includes(named)) throw new Error(`KUBECON_TEST_TOPOLOGY "${named}": expected one of ${TOPOLOGIES.join(', ')}`);
  return named as Topology;
}

/** A fresh state folder under the system temp dir. */
export function tempStateDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubecon-state-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The bot's state in the project's topology, to share between apps started
 * one after the other (a restart) or with the `kubecon-bot` command: `env` is
 * what points a process at it (STATE_DIR, and DATABASE_URL on PostgreSQL).
 */
export interface TestState {
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

export async function testState(topology = testTopology()): Promise<TestState> {
  const folder = tempStateDir();
  if (topology === 'one-process') return { env: { STATE_DIR: folder.dir }, cleanup: async () => folder.cleanup() };
  const db = await freshDatabase();
  return {
    env: { STATE_DIR: folder.dir, DATABASE_URL: db.url },
    cleanup: async () => {
      await db.drop();
      folder.cleanup();
    },
  };
}

/** One bot process of the test app: a pod of the Deployment. */
export interface TestReplica {
  app: App;
  runtime: Runtime;
  digest?: DigestJob;
  /** This replica's own `http://127.0.0.1:<port>`, past the front: as Prometheus scrapes each pod. */
  baseUrl: string;
}

export interface TestSlackApp {
  /** Every replica: one in one process, two on PostgreSQL. */
  replicas: readonly TestReplica[];
  /** What the app registered: its commands, events, actions, views (the same on every replica). */
  registered: Registrations;
  /** The one Slack every replica talks to. */
  slack: FakeSlack;
  config: HttpConfig;
  /**
   * The first replica's runtime. What is written through it lands in the
   * store every replica shares; what each replica holds for itself (its
   * knowledge, its queued questions) is reload()'s and settled()'s.
   */
  runtime: Runtime;
  /** The weekly digest job: each run on the next replica, as each fire may elect any of them. */
  digest?: DigestJob;
  /** `<baseUrl>/slack/events` */
  eventsUrl: string;
  /** Where Slack sends requests: the one replica, or the round-robin front before two. */
  baseUrl: string;
  /** Every replica's log lines. */
  logs: string[];
  /** Every replica loads the knowledge folder again (each pod watches its own); the first one's outcome. */
  reload(): ReturnType<Runtime['reload']>;
  /** Resolves once every replica has written the questions it queued. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

const REPLICAS: Record<Topology, number> = { 'one-process': 1, 'two-replicas-postgres': 2 };

/** A replica as started: what `start` returned (its URL, its port) and what it registered. */
type StartedReplica<R> = Omit<TestReplica, 'baseUrl'> & { registered: Registrations; started: R };

/** The config every replica of a test app reads, on the given fake Slack and state. */
function testConfig(slack: FakeSlack, state: TestState, env: Record<string, string>): SlackConfig {
  const parsed = parseConfig({ SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_API_URL: slack.apiUrl, KNOWLEDGE_DIR, ...state.env, ...env });
  if (!parsed.ok) throw new Error(parsed.message);
  if (parsed.config.mode === 'console') throw new Error('expected Slack credentials, got the console');
  return parsed.config;
}

/**
 * The topology's replicas, one after the other as a Deployment's pods come
 * up (the second finds the database migrated), each with its own runtime and
 * Bolt app, logging into `logs`; `start` starts one app. Any failure stops
 * the ones already up.
 */
async function startReplicas<R>(
  count: number,
  config: SlackConfig | ((replica: number) => SlackConfig),
  logs: string[],
  clock: { clock: () => Date } | undefined,
  start: (app: App, replica: number) => Promise<R>,
): Promise<{ replicas: StartedReplica<R>[]; stop(): Promise<void> }> {
  const replicas: StartedReplica<R>[] = [];
  const stop = async () => {
    // The apps first: once one is shutting down, losing its socket no longer schedules a reconnect.
    for (const replica of replicas) await replica.app.stop();
    for (const replica of replicas) await replica.runtime.close();
  };
  try {
    for (let i = 0; i < count; i++) {
      const own = typeof config === 'function' ? config(i) : config;
      const opened = await openRuntime(own, clock ?? {});
      if (!opened.ok) throw new Error(opened.message);
      const logger = createLogger({ level: 'debug', write: (line) => logs.push(line) });
      const { app, registered, digest } = createSlackApp({ config: own, runtime: opened.runtime, logger, ...clock });
      let started: R;
      try {
        await app.init();
        started = await start(app, i);
      } catch (error) {
        await app.stop().catch(() => undefined);
        await opened.runtime.close();
        throw error;
      }
      replicas.push({ app, registered, runtime: opened.runtime, ...(digest && { digest }), started });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { replicas, stop };
}

/**
 * The real Bolt app in HTTP mode on free loopback ports, talking to a fake
 * Slack, in the project's topology. `state`: a state to share with other
 * apps or the CLI (else a fresh one, dropped at stop()).
 */
export async function startTestSlackApp(env: Record<string, string> = {}, options: { clock?: () => Date; state?: TestState } = {}): Promise<TestSlackApp> {
  const topology = testTopology();
  const slack = await new FakeSlack().start();
  const ownState = options.state ? undefined : await testState(topology);
  const state = options.state ?? ownState!;
  const logs: string[] = [];
  const stopped = async () => {
    await slack.stop();
    await ownState?.cleanup();
  };
  let config: HttpConfig;
  let started: Awaited<ReturnType<typeof startReplicas<string>>>;
  try {
    const parsed = testConfig(slack, state, { SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, ...env });
    if (parsed.mode !== 'http') throw new Error(`expected HTTP mode, not ${parsed.mode}`);
    config = parsed;
    started = await startReplicas(REPLICAS[topology], config, logs, options.clock && { clock: options.clock }, async (app) => {
      const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
  } catch (error) {
    await stopped();
    throw error;
  }
  const replicas = started.replicas.map((replica) => ({ ...replica, baseUrl: replica.started }));
  const front = replicas.length > 1 ? await startRoundRobin(replicas.map((r) => r.baseUrl)) : undefined;
  const baseUrl = front?.url ?? replicas[0]!.baseUrl;
  const digest = roundRobinDigest(replicas.flatMap((r) => (r.digest ? [r.digest] : [])));
  return {
    replicas,
    registered: replicas[0]!.registered,
    slack,
    config,
    runtime: replicas[0]!.runtime,
    ...(digest && { digest }),
    baseUrl,
    eventsUrl: `${baseUrl}/slack/events`,
    logs,
    reload: async () => {
      const outcomes = await Promise.all(replicas.map((r) => r.runtime.reload()));
      return outcomes[0]!;
    },
    settled: async () => {
      await Promise.all(replicas.map((r) => r.runtime.gaps.idle()));
    },
    stop: async () => {
      await front?.close();
      await started.stop();
      await stopped();
    },
  };
}

export const TEST_APP_TOKEN = 'xapp-1-test-not-real';

export interface TestSocketApp {
  /** Every replica, each with its own socket and its own PORT (its /healthz, /readyz, /metrics). */
  replicas: readonly (TestReplica & { port: number })[];
  slack: FakeSlack;
  /** Slack's Socket Mode end, delivering each envelope to one of the open connections. */
  socket: FakeSocketMode;
  config: SocketConfig;
  logs: string[];
  stop(): Promise<void>;
}

/**
 * The real Bolt app in Socket Mode, in the project's topology: every replica
 * asks the fake Web API for a socket URL with its app token, connects to the
 * one fake socket server, and answers the envelopes it is given.
 */
export async function startTestSocketApp(env: Record<string, string> = {}): Promise<TestSocketApp> {
  const topology = testTopology();
  const slack = await new FakeSlack().start();
  const socket = await new FakeSocketMode(slack).start();
  const state = await testState(topology);
  const logs: string[] = [];
  const stopped = async () => {
    await socket.stop();
    await slack.stop();
    await state.cleanup();
  };
  let config: SocketConfig;
  let started: Awaited<ReturnType<typeof startReplicas<number>>>;
  try {
    const parsed = testConfig(slack, state, { SLACK_APP_TOKEN: TEST_APP_TOKEN, ...env });
    if (parsed.mode !== 'socket') throw new Error(`expected Socket Mode, not ${parsed.mode}`);
    config = parsed;
    // PORT is one per pod: each replica reads it from its own environment.
    const ports = await Promise.all(Array.from({ length: REPLICAS[topology] }, () => freePort()));
    started = await startReplicas(REPLICAS[topology], (i) => ({ ...config, port: ports[i]! }), logs, undefined, async (app, i) => {
      // app.start() resolves on the server's hello; bound it so a broken handshake fails here, not at the hook timeout.
      await bounded(app.start(), WAIT_MS, 'the app to connect over Socket Mode').catch((error: Error) => {
        throw new Error(`${error.message}\n${logs.join('\n')}`);
      });
      return ports[i]!;
    });
  } catch (error) {
    await stopped();
    throw error;
  }
  const replicas = started.replicas.map((replica) => ({ ...replica, port: replica.started, baseUrl: `http://127.0.0.1:${replica.started}` }));
  return {
    replicas,
    slack,
    socket,
    config,
    logs,
    stop: async () => {
      await started.stop();
      await stopped();
    },
  };
}

/** One replica's digest job, or every replica's taking turns: run i on replica i % n. */
function roundRobinDigest(jobs: readonly DigestJob[]): DigestJob | undefined {
  if (jobs.length <= 1) return jobs[0];
  let next = 0;
  const turn = () => jobs[next++ % jobs.length]!;
  return {
    runDue: (options) => turn().runDue(options),
    catchUp: () => turn().catchUp(),
    retry: () => turn().retry(),
    lookAgain: () => turn().lookAgain(),
    idle: async () => {
      await Promise.all(jobs.map((job) => job.idle()));
    },
    // The health of the replica that ran last: each pod reports its own runs.
    health: () => jobs[(next + jobs.length - 1) % jobs.length]!.health(),
  };
}

import { App, LogLevel } from '@slack/bolt';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { openRuntime } from '../src/runtime.js';
import { createSlackApp } from '../src/slack/app.js';
import type { SlackMessage } from '../src/slack/blocks/limits.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../test/support/slack-request.js';

// One server of `npm run bench -- --only load`, in a process of its own so
// that its RSS is its own: kubecon-bot as `npm start` builds it in HTTP mode,
// or bare Bolt answering with ready-made cards (built by the parent, so this
// process never loads the bot's code or knowledge).

export type ServerJob =
  | { kind: 'kubecon-bot'; apiUrl: string; knowledgeDir: string; stateDir: string; /** State in this PostgreSQL database rather than SQLite under stateDir. */ databaseUrl?: string }
  | { kind: 'bare'; apiUrl: string; slash: Record<string, SlackMessage>; mention: Record<string, SlackMessage> };

export interface ServerStats {
  cpu: NodeJS.CpuUsage;
  rss: number;
  /** Heap in use right after a full collection: what the process holds on to. */
  heapAfterGc: number;
}

export type ServerMessage = { ready: string } | { stats: ServerStats };

function stats(): ServerStats {
  const cpu = process.cpuUsage();
  const { rss } = process.memoryUsage();
  (globalThis as { gc?: () => void }).gc?.();
  return { cpu, rss, heapAfterGc: process.memoryUsage().heapUsed };
}

async function kubeconBot(job: Extract<ServerJob, { kind: 'kubecon-bot' }>): Promise<App> {
  const parsed = parseConfig({ SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_API_URL: job.apiUrl, KNOWLEDGE_DIR: job.knowledgeDir, STATE_DIR: job.stateDir, DATABASE_URL: job.databaseUrl });
  if (!parsed.ok || parsed.config.mode !== 'http') throw new Error(parsed.ok ? `expected HTTP mode, not ${parsed.config.mode}` : parsed.message);
  const opened = await openRuntime(parsed.config);
  if (!opened.ok) throw new Error(opened.message);
  return createSlackApp({ config: parsed.config, runtime: opened.runtime, logger: createLogger({ level: 'error' }) }).app;
}

function bare(job: Extract<ServerJob, { kind: 'bare' }>): App {
  const app = new App({ token: TEST_BOT_TOKEN, signingSecret: TEST_SIGNING_SECRET, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: job.apiUrl }, deferInitialization: true });
  app.command('/kubecon', async ({ command, ack }) => {
    await ack({ response_type: 'ephemeral', ...job.slash[command.text]! });
  });
  app.event('app_mention', async ({ event, client }) => {
    const card = job.mention[event.text.replace(/^<@\w+>\s*/, '')]!;
    await client.chat.postMessage({ channel: event.channel, thread_ts: event.thread_ts ?? event.ts, unfurl_links: false, unfurl_media: false, ...card });
  });
  return app;
}

process.once('message', (job: ServerJob) => {
  void (async () => {
    const app = job.kind === 'bare' ? bare(job) : await kubeconBot(job);
    await app.init();
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    // 'exit' ends the process normally, so that --cpu-prof writes its profile.
    process.on('message', (message) => (message === 'exit' ? process.exit(0) : process.send!({ stats: stats() } satisfies ServerMessage)));
    process.send!({ ready: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events` } satisfies ServerMessage);
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});

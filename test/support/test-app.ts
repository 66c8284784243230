import type { App } from '@slack/bolt';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig, type HttpConfig } from '../../src/config.js';
import type { DigestJob } from '../../src/core/digest-job.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createSlackApp } from '../../src/slack/app.js';
import type { Registrations } from '../../src/slack/registrations.js';
import { FakeSlack } from './fake-slack.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from './slack-request.js';

export const KNOWLEDGE_DIR = path.resolve(import.meta.dirname, '../../knowledge');

/** A fresh state folder under the system temp dir. */
export function tempStateDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubecon-state-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestSlackApp {
  app: App;
  /** What the app registered: its commands, events, actions, views. */
  registered: Registrations;
  slack: FakeSlack;
  config: HttpConfig;
  runtime: Runtime;
  digest?: DigestJob;
  /** `http://127.0.0.1:<port>/slack/events` */
  eventsUrl: string;
  baseUrl: string;
  logs: string[];
  stop(): Promise<void>;
}

/** The real Bolt app in HTTP mode on a free loopback port, talking to a fake Slack. */
export async function startTestSlackApp(env: Record<string, string> = {}, options: { clock?: () => Date; stateDir?: string } = {}): Promise<TestSlackApp> {
  const slack = await new FakeSlack().start();
  const state = options.stateDir ? undefined : tempStateDir();
  const parsed = parseConfig({
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    KNOWLEDGE_DIR,
    STATE_DIR: options.stateDir ?? state!.dir,
    ...env,
  });
  if (!parsed.ok) throw new Error(parsed.message);
  const config = parsed.config;
  if (config.mode !== 'http') throw new Error(`expected HTTP mode, not ${config.mode}`);
  const opened = await openRuntime(config, options.clock ? { clock: options.clock } : {});
  if (!opened.ok) throw new Error(opened.message);
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => logs.push(line) });
  const { app, registered, digest } = createSlackApp({
    config,
    runtime: opened.runtime,
    logger,
    ...(options.clock && { clock: options.clock }),
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    registered,
    slack,
    config,
    runtime: opened.runtime,
    ...(digest && { digest }),
    baseUrl,
    eventsUrl: `${baseUrl}/slack/events`,
    logs,
    stop: async () => {
      await app.stop();
      await slack.stop();
      await opened.runtime.close();
      state?.cleanup();
    },
  };
}

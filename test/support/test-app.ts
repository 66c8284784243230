import type { App } from '@slack/bolt';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseConfig, type Config } from '../../src/config.js';
import { loadAssistant } from '../../src/core/assistant.js';
import { stringsFor } from '../../src/locale/index.js';
import { createLogger } from '../../src/logger.js';
import { createSlackApp } from '../../src/slack/app.js';
import { FakeSlack } from './fake-slack.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from './slack-request.js';

export const KNOWLEDGE_DIR = path.resolve(import.meta.dirname, '../../knowledge');

export interface TestSlackApp {
  app: App;
  slack: FakeSlack;
  config: Config;
  /** `http://127.0.0.1:<port>/slack/events` */
  eventsUrl: string;
  baseUrl: string;
  logs: string[];
  stop(): Promise<void>;
}

/** The real Bolt app in HTTP mode on a free loopback port, talking to a fake Slack. */
export async function startTestSlackApp(env: Record<string, string> = {}): Promise<TestSlackApp> {
  const slack = await new FakeSlack().start();
  const parsed = parseConfig({
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    KNOWLEDGE_DIR,
    ...env,
  });
  if (!parsed.ok) throw new Error(parsed.message);
  const config = parsed.config;
  const loaded = await loadAssistant(config.knowledgeDir);
  if (!loaded.ok) throw new Error('test knowledge is invalid');
  const logs: string[] = [];
  const logger = createLogger('debug', (line) => logs.push(line));
  const app = createSlackApp({
    config: { ...config, mode: 'http', botToken: config.botToken! },
    assistant: loaded.assistant,
    strings: stringsFor(config.locale),
    logger,
  });
  const server = (await app.start({ port: 0, host: "127.0.0.1" })) as Server;
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    slack,
    config,
    baseUrl,
    eventsUrl: `${baseUrl}/slack/events`,
    logs,
    stop: async () => {
      await app.stop();
      await slack.stop();
    },
  };
}

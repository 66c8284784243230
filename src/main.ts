import type { Logger } from '@slack/logger';
import { parseConfig, type Config } from './config.js';
import { runConsole } from './console/run.js';
import { loadAssistant } from './core/assistant.js';
import { formatProblems } from './core/knowledge.js';
import { stringsFor } from './locale/index.js';
import { createLogger } from './logger.js';
import { createSlackApp } from './slack/app.js';

function fail(message: string, code: number): never {
  process.stderr.write(`kubecon-bot: ${message}\n`);
  process.exit(code);
}

async function startSlack(config: Config & { mode: 'socket' | 'http'; botToken: string }, logger: Logger, assistant: Awaited<ReturnType<typeof loadAssistant>> & { ok: true }) {
  const app = createSlackApp({ config, assistant: assistant.assistant, strings: stringsFor(config.locale), logger });
  try {
    if (config.mode === 'http') await app.start(config.port);
    else await app.start();
  } catch (error) {
    fail(`could not start in ${config.mode} mode: ${(error as Error).message}`, 1);
  }
  logger.info(
    config.mode === 'http'
      ? `Listening on port ${config.port}: POST /slack/events, GET /healthz`
      : `Connected in Socket Mode; GET /healthz on port ${config.port}`,
  );
  const stop = async (signal: string) => {
    logger.info(`${signal} received, stopping`);
    await app.stop().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

const parsed = parseConfig(process.env);
if (!parsed.ok) fail(parsed.message, 2);
const config = parsed.config;
const logger = createLogger(config.logLevel);
const loaded = await loadAssistant(config.knowledgeDir);
if (!loaded.ok) fail(`refusing to start.\n${formatProblems(loaded.problems)}`, 1);
logger.info(`Loaded ${loaded.assistant.entries.length} entries from ${config.knowledgeDir}`);

if (config.mode === 'console') {
  await runConsole({ assistant: loaded.assistant, strings: stringsFor(config.locale) });
} else {
  await startSlack({ ...config, mode: config.mode, botToken: config.botToken! }, logger, loaded);
}

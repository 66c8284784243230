import { parseConfig } from './config.js';
import { runConsole } from './console/run.js';
import { createLogger } from './logger.js';
import { openRuntime } from './runtime.js';

function fail(message: string, code: number): never {
  process.stderr.write(`kubecon-bot: ${message}\n`);
  process.exit(code);
}

// Slack's side (Bolt, its Web API client) is loaded only to serve Slack: the
// console starts without it, the better part of a second sooner.
let describeSlackError = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** What went wrong, in the user's terms where we know them. */
function describe(error: unknown): string {
  const listenError = error as (NodeJS.ErrnoException & { port?: number }) | undefined;
  if (listenError?.code === 'EADDRINUSE') {
    return `port ${listenError.port} is already in use: stop what listens there, or set PORT to a free port`;
  }
  // Slack's own errors (a bad token at start-up…) come with what to do.
  return describeSlackError(error);
}

// A failure nobody planned for still gets one line, not a stack trace. (In
// Socket Mode, Bolt's /healthz server reports a busy port this way.)
process.on('uncaughtException', (error) => fail(`could not keep running: ${describe(error)}`, 1));
process.on('unhandledRejection', (reason) => fail(`could not keep running: ${describe(reason)}`, 1));

const parsed = parseConfig(process.env);
if (!parsed.ok) fail(parsed.message, 2);
const config = parsed.config;
const logger = createLogger(config.logLevel);
const opened = await openRuntime(config);
if (!opened.ok) fail(`refusing to start.\n${opened.message}`, 1);
const runtime = opened.runtime;
// The console's own welcome line says how many entries it loaded.
if (config.mode !== 'console') logger.info(`Loaded ${runtime.assistant.entries.length} entries from ${config.knowledgeDir}; state in ${config.stateDir}`);

if (config.mode === 'console') {
  await runConsole({ ctx: runtime });
  runtime.close();
} else {
  const [{ createSlackApp }, { scheduleDigest }, slackErrors] = await Promise.all([
    import('./slack/app.js'),
    import('./core/digest-job.js'),
    import('./slack/errors.js'),
  ]);
  describeSlackError = slackErrors.describeSlackError;
  const { app, digest } = createSlackApp({ config: { ...config, mode: config.mode, botToken: config.botToken! }, runtime, logger });
  try {
    if (config.mode === 'http') await app.start(config.port);
    else await app.start();
  } catch (error) {
    fail(`could not start in ${config.mode} mode: ${describe(error)}`, 1);
  }
  logger.info(
    config.mode === 'http'
      ? `Listening on port ${config.port}: POST /slack/events, GET /healthz`
      : `Connected in Socket Mode; GET /healthz on port ${config.port}`,
  );
  let stopDigest: (() => Promise<void>) | undefined;
  if (digest) {
    stopDigest = await scheduleDigest(digest, config.digest, logger);
  } else {
    logger.info('No DIGEST_CHANNEL: the weekly digest is off');
  }
  const stop = async (signal: string) => {
    logger.info(`${signal} received, stopping`);
    await stopDigest?.().catch(() => undefined);
    await app.stop().catch(() => undefined);
    runtime.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

import { parseConfig, withDotEnv } from './config.js';
import { runConsole } from './console/run.js';
import type { DigestTimer } from './core/digest-timer.js';
import { formatProblem } from './core/knowledge.js';
import { serveKnowledgeReloads } from './knowledge-reload.js';
import { createLogger } from './logger.js';
import { openRuntime } from './runtime.js';
import { createShutdown } from './shutdown.js';

/** Set once the bot runs: see below. */
let logFailure: ((message: string) => void) | undefined;

function fail(message: string, code: number): never {
  if (logFailure) logFailure(message);
  else process.stderr.write(`kubecon-bot: ${message}\n`);
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

const dotEnv = withDotEnv(process.env);
if (!dotEnv.ok) fail(dotEnv.message, 2);
const parsed = parseConfig(dotEnv.env);
if (!parsed.ok) fail(parsed.message, 2);
const config = parsed.config;
const logger = createLogger({ level: config.logLevel, format: config.logFormat });
const opened = await openRuntime(config, {
  log: logger,
  onStoreIdleError: (error) => logger.warn(`PostgreSQL: a connection dropped while idle (${error.message}); the next call opens another`),
});
if (!opened.ok) fail(opened.message, 1);
const runtime = opened.runtime;
// From here on a failure is one of the log's lines; the start-up problems above
// (configuration, knowledge, STATE_DIR) stay plain lines a person reads.
logFailure = (message) => logger.error(message);
// The console's own welcome line says how many entries it loaded.
if (config.mode !== 'console') logger.info(`Loaded ${runtime.assistant.entries.length} entries from ${config.knowledgeDir}; state in ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : config.stateDir}`);
for (const skipped of runtime.skippedFiles) logger.warn(formatProblem(skipped));
const reloads = serveKnowledgeReloads({ runtime, dir: config.knowledgeDir, logger });

if (config.mode === 'console') {
  await runConsole({ ctx: runtime });
  await reloads.close();
  await runtime.close();
} else {
  const [{ createSlackApp }, { scheduleDigest }, slackErrors] = await Promise.all([
    import('./slack/app.js'),
    import('./core/digest-timer.js'),
    import('./slack/errors.js'),
  ]);
  describeSlackError = slackErrors.describeSlackError;
  const { app, digest, lifecycle } = createSlackApp({ config, runtime, logger });
  // Signals are handled before any work starts: a deploy's SIGTERM during
  // start-up, or during the catch-up post of a slot missed while down, waits
  // for the post in flight instead of killing it halfway (and leaving the
  // week unconfirmed).
  let digestTimer: DigestTimer | undefined;
  // Each step bounded (9.5 s in all), within the 10 s the whole may take.
  const shutdown = createShutdown({
    logger,
    exit: (code) => process.exit(code),
    steps: [
      {
        name: config.mode === 'http' ? 'closing the HTTP server (requests in progress finish)' : 'closing the Socket Mode connection and the /healthz server',
        boundMs: 1500,
        run: async () => {
          lifecycle.markStopping();
          await app.stop();
        },
      },
      // An answer waits on the store for STORE_ANSWER_BUDGET_MS a call at most: a few seconds with the database silent.
      { name: 'waiting for the answers and posts in flight', boundMs: 4000, run: () => lifecycle.idle() },
      { name: 'stopping the weekly digest (after any digest post in flight)', boundMs: 1500, run: () => digestTimer?.stop() },
      { name: 'no longer watching the knowledge folder', boundMs: 500, run: () => reloads.close() },
      // Unanswered questions are written a second after they come (see RECORD_BATCH_MS): those still queued are written now.
      { name: 'writing the unanswered questions still queued', boundMs: 1000, run: () => runtime.gaps.idle() },
      // A silent database would hold its connections for the store's own bounds (5 s and more): the process exits without them.
      { name: 'closing the state store', boundMs: 1000, run: () => runtime.close() },
    ],
  });
  process.on('SIGTERM', (signal) => void shutdown.stop(signal));
  process.on('SIGINT', (signal) => void shutdown.stop(signal));
  try {
    await app.init();
    if (config.mode === 'http') await app.start(config.port);
    else await app.start();
  } catch (error) {
    if (!shutdown.stopping) fail(`could not start in ${config.mode} mode: ${describe(error)}`, 1);
  }
  if (!shutdown.stopping) {
    logger.info(
      config.mode === 'http'
        ? `Listening on port ${config.port}: POST /slack/events, GET /healthz, /readyz, /metrics`
        : `Connected in Socket Mode; GET /healthz, /readyz, /metrics on port ${config.port}`,
    );
    if (digest) digestTimer = scheduleDigest(digest, config.digest, { store: runtime.store, logger });
    else logger.info('No DIGEST_CHANNEL: the weekly digest is off');
  }
}

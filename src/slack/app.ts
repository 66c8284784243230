import { App, SocketModeReceiver } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import type { RetryOptions, WebClientOptions } from '@slack/web-api';
import type { Config, SlackConfig } from '../config.js';
import { createConversationMemory } from '../core/conversation.js';
import type { DigestJob } from '../core/digest-job.js';
import type { RenderContext, Runtime } from '../runtime.js';
import { prepareKnowledgeMrkdwn } from './blocks/knowledge-mrkdwn.js';
import { createEventDeduper } from './dedupe.js';
import type { SlackDeps } from './deps.js';
import { createSlackDigestJob } from './digest-post.js';
import { keepSocketModeConnected, SOCKET_OPEN_RETRIES } from './socket-reconnect.js';
import { describeSlackError, mayHaveReachedSlack } from './errors.js';
import { healthRoute, metricsRoute, readinessRoute, storeHealth, type HealthReport, type ReadinessChecks } from './health.js';
import { createAppMetrics, observingFetch, type AppMetrics } from './metrics.js';
import { observeDigestRuns, trackInFlight } from './observe.js';
import { createSlackHttpReceiver } from './receiver.js';
import * as actions from './listeners/actions/index.js';
import * as commands from './listeners/commands/index.js';
import * as events from './listeners/events/index.js';
import * as views from './listeners/views/index.js';
import { recordRegistrations, type Registrations } from './registrations.js';

/** Web API calls give up instead of hanging (the client's default timeout is none). */
const WEB_API_TIMEOUT_MS = 10_000;

/** The Web API client's options, for Bolt and for `kubecon-bot digest --now` alike. */
export function webClientOptions(config: Pick<Config, 'slackApiUrl'>, logger?: Logger, metrics?: AppMetrics): WebClientOptions {
  const slackApiUrl = config.slackApiUrl && (config.slackApiUrl.endsWith('/') ? config.slackApiUrl : `${config.slackApiUrl}/`);
  return {
    ...(slackApiUrl && { slackApiUrl }),
    ...(logger && { logger }),
    ...(metrics && { fetch: observingFetch(metrics.slackApiError) }),
    timeout: WEB_API_TIMEOUT_MS,
    // A chat answer that is minutes late is worse than none. A call Slack may
    // have acted on is not repeated: a second chat.postMessage is a second
    // message. The client hands these options to p-retry, whose
    // onFailedAttempt stops the retries by throwing (the typings leave it out;
    // test/cli/digest.test.ts checks a dropped post is sent once).
    retryConfig: {
      retries: 2,
      factor: 1.5,
      minTimeout: 200,
      maxTimeout: 2000,
      onFailedAttempt: (error: unknown) => {
        if (mayHaveReachedSlack(error)) throw error;
      },
    } as RetryOptions,
  };
}

export interface SlackAppOptions {
  config: SlackConfig;
  runtime: Runtime;
  logger: Logger;
  clock?: () => Date;
  /** By default, the app's own. */
  metrics?: AppMetrics;
}

/** What a stopping process needs from the app (see src/shutdown.ts). */
export interface SlackAppLifecycle {
  /** Resolves once no listener is running (an answer being posted, a modal being recorded). */
  idle(): Promise<void>;
  /** From now on /readyz says the app is stopping. */
  markStopping(): void;
}

/** The Bolt app, wired: every listener gets its dependencies here and nowhere else. */
export function createSlackApp(options: SlackAppOptions): {
  app: App;
  registered: Registrations;
  digest?: DigestJob;
  metrics: AppMetrics;
  lifecycle: SlackAppLifecycle;
} {
  const { config, runtime, logger } = options;
  const metrics = options.metrics ?? createAppMetrics();
  runtime.onStoreFailure(metrics.storeError);
  let digest: DigestJob | undefined;
  let stopping = false;
  let socketConnected = false;
  const report = async (): Promise<HealthReport> => {
    const [digestHealth, store] = await Promise.all([digest?.health(), storeHealth(runtime.store)]);
    const digestFailed = digestHealth?.lastRun?.status === 'failed' || digestHealth?.lastRun?.status === 'uncertain';
    return {
      status: digestFailed || store === 'unavailable' ? 'degraded' : 'ok',
      mode: config.mode,
      entries: runtime.assistant.entries.length,
      knowledge: runtime.knowledgeHealth(),
      uptimeSeconds: Math.round(process.uptime()),
      store,
      digest: digestHealth ?? { scheduled: false, hint: 'set DIGEST_CHANNEL to post a weekly digest' },
    };
  };
  const common = {
    token: config.botToken,
    logger,
    // Without it, Bolt sets the logger it is given to info, whatever LOG_LEVEL says.
    logLevel: logger.getLevel(),
    clientOptions: webClientOptions(config, undefined, metrics),
    // No listener reads context.conversation: skip Bolt's per-request conversation lookup.
    convoStore: false as const,
    // Bolt asks Slack who the bot is (auth.test) as the app is built, and
    // keeps the promise for the first request: if that call fails (Slack out
    // of reach for a moment), the rejection waits for no one and the process
    // dies of it, or every event after fails with the same kept error. With
    // this, `await app.init()` asks, before the app starts, where a failure
    // can be caught and said.
    deferInitialization: true,
  };
  const checks: ReadinessChecks = {
    stopping: () => (stopping ? { ok: false, reason: 'the process is stopping' } : { ok: true }),
    knowledge: () => (runtime.assistant.entries.length > 0 ? { ok: true } : { ok: false, reason: 'no knowledge entry is loaded' }),
    // The store answers, or says why not.
    store: async () => {
      await runtime.store.ping();
      return { ok: true };
    },
    ...(config.mode === 'socket' && {
      slack: () => (socketConnected ? { ok: true } : { ok: false, reason: 'the Socket Mode connection is not open' }),
    }),
  };
  const customRoutes = [healthRoute(report), readinessRoute(checks), metricsRoute(metrics.registry)];
  let app: App;
  if (config.mode === 'socket') {
    const receiver = new SocketModeReceiver({
      appToken: config.appToken,
      logger,
      logLevel: logger.getLevel(),
      customRoutes,
      // The socket client reconnects through apps.connections.open: a longer
      // retry policy there than the chat replies' short one, but with bounded
      // waits (the client's own grows by 1.3× with no ceiling). Once it is
      // spent, keepSocketModeConnected tries again, as long as it takes.
      installerOptions: { port: config.port, clientOptions: { ...webClientOptions(config, undefined, metrics), retryConfig: SOCKET_OPEN_RETRIES } },
    });
    // Readiness follows the connection: Slack sends nothing while it is down.
    receiver.client.on('connected', () => (socketConnected = true));
    // 'close': the socket itself closed (the client waits before it says it is reconnecting).
    for (const state of ['close', 'disconnected', 'reconnecting', 'disconnecting']) receiver.client.on(state, () => (socketConnected = false));
    keepSocketModeConnected(receiver.client, logger);
    app = new App({ ...common, receiver });
  } else {
    app = new App({ ...common, receiver: createSlackHttpReceiver({ signingSecret: config.signingSecret, logger, customRoutes }) });
  }
  // Before any listener is registered, so that a stopping process waits for
  // every one (in HTTP mode Bolt has answered Slack before the listener is done).
  const inFlight = trackInFlight(app, metrics);

  // Every entry's Markdown becomes mrkdwn once, here and at each reload, for every message the app builds.
  const mrkdwn = prepareKnowledgeMrkdwn(runtime.assistant.entries);
  runtime.onReload((knowledge) => mrkdwn.prepare(knowledge.assistant.entries));
  if (config.digest.channel) {
    digest = observeDigestRuns(createSlackDigestJob({
      mrkdwn,
      client: app.client,
      channel: config.digest.channel,
      digest: config.digest,
      runtime,
      logger,
      ...(options.clock && { clock: options.clock }),
    }), metrics);
  }

  const registered = recordRegistrations(app);
  const clock = options.clock && { clock: options.clock };
  // Each read is the knowledge served at that moment: a listener reads it once per message it builds.
  const contexts = new WeakMap<RenderContext, SlackDeps['ctx']>();
  const deps: SlackDeps = {
    get ctx() {
      const served = runtime.context();
      let ctx = contexts.get(served);
      if (!ctx) contexts.set(served, (ctx = { ...served, mrkdwn, log: logger }));
      return ctx;
    },
    logger,
    dedupe: createEventDeduper({ store: runtime.store, logger, ...clock }),
    conversations: createConversationMemory({ store: runtime.store, log: logger, ...clock }),
    metrics,
  };
  commands.register(app, deps);
  events.register(app, deps);
  actions.register(app, deps);
  views.register(app, deps);
  app.error(async (error) => {
    logger.error(`Unhandled error in a listener: ${describeSlackError(error)}`);
  });
  const lifecycle: SlackAppLifecycle = {
    idle: inFlight.idle,
    markStopping: () => {
      stopping = true;
    },
  };
  return { app, registered, ...(digest && { digest }), metrics, lifecycle };
}

import { App } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import type { RetryOptions, WebClientOptions } from '@slack/web-api';
import type { Config, SlackConfig } from '../config.js';
import { createConversationMemory } from '../core/conversation.js';
import type { DigestJob } from '../core/digest-job.js';
import type { Runtime } from '../runtime.js';
import { withKnowledgeMrkdwn } from './blocks/knowledge-mrkdwn.js';
import { createEventDeduper } from './dedupe.js';
import type { SlackDeps } from './deps.js';
import { createSlackDigestJob } from './digest-post.js';
import { describeSlackError, mayHaveReachedSlack } from './errors.js';
import { healthRoute, type HealthReport } from './health.js';
import { createSlackHttpReceiver } from './receiver.js';
import * as actions from './listeners/actions/index.js';
import * as commands from './listeners/commands/index.js';
import * as events from './listeners/events/index.js';
import * as unanswered from './listeners/unanswered.js';
import * as views from './listeners/views/index.js';
import { recordRegistrations, type Registrations } from './registrations.js';

/** Web API calls give up instead of hanging (the client's default timeout is none). */
const WEB_API_TIMEOUT_MS = 10_000;

/** The Web API client's options, for Bolt and for `kubecon-bot digest --now` alike. */
export function webClientOptions(config: Pick<Config, 'slackApiUrl'>, logger?: Logger): WebClientOptions {
  const slackApiUrl = config.slackApiUrl && (config.slackApiUrl.endsWith('/') ? config.slackApiUrl : `${config.slackApiUrl}/`);
  return {
    ...(slackApiUrl && { slackApiUrl }),
    ...(logger && { logger }),
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
}

/** The Bolt app, wired: every listener gets its dependencies here and nowhere else. */
export function createSlackApp(options: SlackAppOptions): { app: App; registered: Registrations; digest?: DigestJob } {
  const { config, runtime, logger } = options;
  let digest: DigestJob | undefined;
  const report = async (): Promise<HealthReport> => {
    const digestHealth = await digest?.health();
    return {
      status: digestHealth?.lastRun?.status === 'failed' || digestHealth?.lastRun?.status === 'uncertain' ? 'degraded' : 'ok',
      mode: config.mode,
      entries: runtime.assistant.entries.length,
      uptimeSeconds: Math.round(process.uptime()),
      digest: digestHealth ?? { scheduled: false, hint: 'set DIGEST_CHANNEL to post a weekly digest' },
    };
  };
  const common = {
    token: config.botToken,
    logger,
    // Without it, Bolt sets the logger it is given to info, whatever LOG_LEVEL says.
    logLevel: logger.getLevel(),
    clientOptions: webClientOptions(config),
    // No listener reads context.conversation: skip Bolt's per-request conversation lookup.
    convoStore: false as const,
  };
  const customRoutes = [healthRoute(report)];
  const app =
    config.mode === 'socket'
      ? new App({
          ...common,
          customRoutes,
          socketMode: true,
          appToken: config.appToken,
          // The socket client reconnects through apps.connections.open: keep its
          // own (long) retry policy there rather than the chat replies' short one.
          installerOptions: { port: config.port, clientOptions: { ...webClientOptions(config), retryConfig: undefined } },
        })
      : new App({ ...common, receiver: createSlackHttpReceiver({ signingSecret: config.signingSecret, logger, customRoutes }) });

  // Every entry's Markdown becomes mrkdwn once, here, for every message the app builds.
  const ctx = withKnowledgeMrkdwn(runtime);
  if (config.digest.channel) {
    digest = createSlackDigestJob({
      mrkdwn: ctx.mrkdwn,
      client: app.client,
      channel: config.digest.channel,
      digest: config.digest,
      runtime,
      logger,
      ...(options.clock && { clock: options.clock }),
    });
  }

  const registered = recordRegistrations(app);
  const clock = options.clock && { clock: options.clock };
  const deps: SlackDeps = {
    ctx,
    logger,
    dedupe: createEventDeduper({ store: runtime.store, logger, ...clock }),
    conversations: createConversationMemory({ store: runtime.store, log: logger, ...clock }),
  };
  unanswered.register(app, deps);
  commands.register(app, deps);
  events.register(app, deps);
  actions.register(app, deps);
  views.register(app, deps);
  app.error(async (error) => {
    logger.error(`Unhandled error in a listener: ${describeSlackError(error)}`);
  });
  return { app, registered, ...(digest && { digest }) };
}

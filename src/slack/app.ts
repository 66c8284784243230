import { App } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import type { Config } from '../config.js';
import type { Assistant } from '../core/assistant.js';
import type { Strings } from '../locale/index.js';
import { createEventDeduper } from './dedupe.js';
import type { SlackDeps } from './deps.js';
import { healthRoute, type HealthReport } from './health.js';
import * as actions from './listeners/actions/index.js';
import * as commands from './listeners/commands/index.js';
import * as events from './listeners/events/index.js';

/** Web API calls give up instead of hanging (the client's default timeout is none). */
export const WEB_API_TIMEOUT_MS = 10_000;

export interface SlackAppOptions {
  config: Config & { mode: 'socket' | 'http'; botToken: string };
  assistant: Assistant;
  strings: Strings;
  logger: Logger;
  startedAt?: number;
}

/** The Bolt app, wired: every listener gets its dependencies here and nowhere else. */
export function createSlackApp(options: SlackAppOptions): App {
  const { config, assistant, strings, logger } = options;
  const startedAt = options.startedAt ?? Date.now();
  const report = (): HealthReport => ({
    status: 'ok',
    mode: config.mode,
    entries: assistant.entries.length,
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
  });
  const slackApiUrl = config.slackApiUrl && (config.slackApiUrl.endsWith('/') ? config.slackApiUrl : `${config.slackApiUrl}/`);
  const common = {
    token: config.botToken,
    logger,
    customRoutes: [healthRoute(report)],
    clientOptions: {
      ...(slackApiUrl && { slackApiUrl }),
      timeout: WEB_API_TIMEOUT_MS,
      // A chat answer that is minutes late is worse than none.
      retryConfig: { retries: 2, factor: 1.5, minTimeout: 200, maxTimeout: 2000 },
    },
  };
  const app =
    config.mode === 'socket'
      ? new App({ ...common, socketMode: true, appToken: config.appToken, installerOptions: { port: config.port } })
      : new App({ ...common, signingSecret: config.signingSecret });

  const deps: SlackDeps = { assistant, strings, logger, dedupe: createEventDeduper() };
  commands.register(app, deps);
  events.register(app, deps);
  actions.register(app, deps);
  app.error(async (error) => {
    logger.error('Unhandled error in a listener:', error);
  });
  return app;
}

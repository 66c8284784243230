import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { createAppHomeOpenedHandler } from './app-home-opened.js';
import { createAppMentionHandler } from './app-mention.js';

export function register(app: App, deps: SlackDeps): void {
  app.event('app_mention', createAppMentionHandler(deps));
  app.event('app_home_opened', createAppHomeOpenedHandler(deps));
}

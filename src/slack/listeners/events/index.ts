import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { createAppHomeOpenedHandler } from './app-home-opened.js';
import { createAppMentionHandler } from './app-mention.js';

/** The events this app subscribes to (the manifest test compares them to manifest.yml). */
export const REGISTERED_EVENTS = ['app_mention', 'app_home_opened'] as const;

export function register(app: App, deps: SlackDeps): void {
  app.event('app_mention', createAppMentionHandler(deps));
  app.event('app_home_opened', createAppHomeOpenedHandler(deps));
}

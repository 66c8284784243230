import type { App } from '@slack/bolt';
import { SLASH_COMMAND } from '../../../core/commands.js';
import type { SlackDeps } from '../../deps.js';
import { createKubeconCommand } from './kubecon.js';

export function register(app: App, deps: SlackDeps): void {
  app.command(SLASH_COMMAND, createKubeconCommand(deps));
}

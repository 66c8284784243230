import type { App } from '@slack/bolt';
import { SLASH_COMMAND } from '../../../core/commands.js';
import type { SlackDeps } from '../../deps.js';
import { createKubeconCommand } from './kubecon.js';

/** The slash commands this app registers (the manifest test compares them to manifest.yml). */
export const REGISTERED_COMMANDS = [SLASH_COMMAND] as const;

export function register(app: App, deps: SlackDeps): void {
  app.command(SLASH_COMMAND, createKubeconCommand(deps));
}

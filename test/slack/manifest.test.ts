import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { load } from 'js-yaml';
import { z } from 'zod';
import { REGISTERED_COMMANDS } from '../../src/slack/listeners/commands/index.js';
import { REGISTERED_EVENTS } from '../../src/slack/listeners/events/index.js';

// The parts of Slack's app manifest schema this app depends on.
const manifestSchema = z.object({
  display_information: z.object({ name: z.string().min(1).max(35), description: z.string().max(140) }),
  features: z.object({
    bot_user: z.object({ display_name: z.string().min(1).max(80) }),
    slash_commands: z.array(
      z.object({ command: z.string().regex(/^\/[a-z0-9_-]+$/), description: z.string().min(1).max(2000), usage_hint: z.string().max(1000).optional() }),
    ),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z.object({
    event_subscriptions: z.object({ bot_events: z.array(z.string()) }),
    interactivity: z.object({ is_enabled: z.literal(true) }),
    socket_mode_enabled: z.literal(true),
  }),
});

async function manifest() {
  return manifestSchema.parse(load(await readFile(path.resolve(import.meta.dirname, '../../manifest.yml'), 'utf8')));
}

describe('manifest.yml', () => {
  it('declares exactly the slash commands the app registers', async () => {
    expect((await manifest()).features.slash_commands.map((c) => c.command).sort()).toEqual([...REGISTERED_COMMANDS].sort());
  });

  it('subscribes to exactly the events the app listens to', async () => {
    expect((await manifest()).settings.event_subscriptions.bot_events.sort()).toEqual([...REGISTERED_EVENTS].sort());
  });

  it('asks for the scopes those features need', async () => {
    expect((await manifest()).oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write', 'app_mentions:read']));
  });

  it('lets the bot read the digest channel, to look for a post Slack never confirmed', async () => {
    expect((await manifest()).oauth_config.scopes.bot).toEqual(expect.arrayContaining(['channels:history', 'groups:history']));
  });
});

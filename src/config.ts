import path from 'node:path';
import { z } from 'zod';
import { validateSchedule } from './core/digest.js';
import { LOCALES } from './locale/index.js';
import { LOG_LEVELS } from './logger.js';

// The environment, parsed once. A bad value stops start-up with one line that
// names the variable and what it expects; a secret's value is never printed.

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const token = (prefix: string) =>
  z.string().refine((v) => v.startsWith(prefix) && v.length > prefix.length, { error: `must start with ${prefix}` });

const envSchema = z.object({
  SLACK_BOT_TOKEN: optional(token('xoxb-')),
  SLACK_APP_TOKEN: optional(token('xapp-')),
  SLACK_SIGNING_SECRET: optional(z.string().min(8, { error: 'must be the app signing secret (at least 8 characters)' })),
  SLACK_API_URL: optional(
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://slack.com/api/' }),
  ),
  PORT: optional(
    z.coerce.number({ error: 'must be a port number' }).int({ error: 'must be a whole number' }).min(1, { error: 'must be between 1 and 65535' }).max(65535, { error: 'must be between 1 and 65535' }),
  ),
  BOT_LOCALE: optional(z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` })),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })),
  KNOWLEDGE_DIR: optional(z.string()),
  STATE_DIR: optional(z.string()),
  DIGEST_CHANNEL: optional(
    z.string().regex(/^[CGD][A-Z0-9]{2,}$/, { error: 'must be a channel ID such as C0123456789 (channel details → bottom of the About tab)' }),
  ),
  DIGEST_CRON: optional(z.string()),
  DIGEST_TZ: optional(z.string()),
});

/** Every variable the bot reads (documented in README.md and .env.example; a test checks). */
export const ENV_VARIABLES = Object.keys(envSchema.shape);

export const DEFAULT_DIGEST_CRON = '30 9 * * 1';
export const DEFAULT_DIGEST_TZ = 'Europe/Paris';

export type Mode = 'socket' | 'http' | 'console';

export interface Config {
  mode: Mode;
  botToken?: string;
  appToken?: string;
  signingSecret?: string;
  slackApiUrl?: string;
  port: number;
  locale: (typeof LOCALES)[number];
  logLevel: (typeof LOG_LEVELS)[number];
  knowledgeDir: string;
  stateDir: string;
  digest: { channel?: string; cron: string; timeZone: string };
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; message: string };

/**
 * `forCli`: the command line talks to Slack only with the bot token
 * (`digest --now`), so a lone SLACK_BOT_TOKEN is fine there.
 */
export function parseConfig(env: NodeJS.ProcessEnv, options: { cwd?: string; forCli?: boolean } = {}): ConfigResult {
  const cwd = options.cwd ?? process.cwd();
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, message: `${issue.path.join('.')} ${issue.message}` };
  }
  const e = parsed.data;
  const digest = { channel: e.DIGEST_CHANNEL, cron: e.DIGEST_CRON ?? DEFAULT_DIGEST_CRON, timeZone: e.DIGEST_TZ ?? DEFAULT_DIGEST_TZ };
  const scheduleProblem = validateSchedule(digest.cron, digest.timeZone);
  if (scheduleProblem) return { ok: false, message: scheduleProblem };
  let mode: Mode;
  if (e.SLACK_BOT_TOKEN && e.SLACK_APP_TOKEN) mode = 'socket';
  else if (e.SLACK_BOT_TOKEN && e.SLACK_SIGNING_SECRET) mode = 'http';
  else if (e.SLACK_BOT_TOKEN && options.forCli) mode = 'console';
  else if (e.SLACK_BOT_TOKEN) {
    return { ok: false, message: 'SLACK_BOT_TOKEN is set: also set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)' };
  } else if (e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET) {
    const which = e.SLACK_APP_TOKEN ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET';
    return { ok: false, message: `${which} is set but SLACK_BOT_TOKEN is missing (xoxb-...)` };
  } else mode = 'console';
  return {
    ok: true,
    config: {
      mode,
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      slackApiUrl: e.SLACK_API_URL,
      port: e.PORT ?? 3000,
      locale: e.BOT_LOCALE ?? 'fr',
      logLevel: e.LOG_LEVEL ?? 'info',
      knowledgeDir: path.resolve(cwd, e.KNOWLEDGE_DIR ?? 'knowledge'),
      stateDir: path.resolve(cwd, e.STATE_DIR ?? 'data'),
      digest,
    },
  };
}

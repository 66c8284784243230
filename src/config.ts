import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { validateSchedule } from './core/schedule.js';
import { describeFileError } from './core/file-errors.js';
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
 * The environment with `.env` from `cwd` under it, as `.env.example` says: a
 * variable set in the environment wins, even empty. No `.env` is fine. The
 * values are read by Node's own parser (as `node --env-file` does); a line it
 * would misread, silently on Node 20, is refused here, by number only, since
 * it may hold a secret.
 */
export function withDotEnv(env: NodeJS.ProcessEnv, cwd = process.cwd()): { ok: true; env: NodeJS.ProcessEnv } | { ok: false; message: string } {
  const file = path.join(cwd, '.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, env };
    return { ok: false, message: `cannot read ${file}: ${describeFileError(error)}` };
  }
  const problem = findDotEnvProblem(text);
  if (problem) return { ok: false, message: `${file}, line ${problem.line}: ${problem.message}` };
  return { ok: true, env: { ...parseEnv(text), ...env } };
}

const DOTENV_ASSIGNMENT = /^\s*(?:export\s+)?[A-Za-z_][\w.-]*\s*=(.*)$/;

/** The first line that is neither blank, a # comment nor NAME=value (a quoted value may span lines). */
function findDotEnvProblem(text: string): { line: number; message: string } | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const value = DOTENV_ASSIGNMENT.exec(line)?.[1]?.trim();
    if (value === undefined) return { line: i + 1, message: 'expected NAME=value' };
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === '`') && !value.includes(quote, 1)) {
      const closing = lines.findIndex((next, j) => j > i && next.includes(quote));
      if (closing === -1) return { line: i + 1, message: `the value's ${quote} is never closed` };
      i = closing;
    }
  }
  return undefined;
}

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

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { validateSchedule } from './core/schedule.js';
import { describeFileError } from './core/file-errors.js';
import { describeZodError } from './core/zod-errors.js';
import { LOCALES } from './locale/index.js';
import { LOG_FORMATS, LOG_LEVELS } from './logger.js';

// The environment, parsed once. A bad value stops start-up with one line that
// names the variable and what it expects; a secret's value is never printed.

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const token = (prefix: string) =>
  z.string().refine((v) => v.startsWith(prefix) && v.length > prefix.length, { error: `must start with ${prefix}` });

const POSTGRES_URL_EXAMPLE = 'postgres://user:password@host:5432/database';

/**
 * A PostgreSQL connection URL, as node-postgres reads it. It holds the
 * password: a problem says which part is wrong, never the value.
 */
const postgresUrl = z.string().check((ctx) => {
  const parsed = parsePostgresUrl(ctx.value);
  const problem = !parsed
    ? `must be a URL such as ${POSTGRES_URL_EXAMPLE}`
    : parsed.url.protocol !== 'postgres:' && parsed.url.protocol !== 'postgresql:'
      ? 'must start with postgres:// or postgresql://'
      : parsed.hostname === '' && !parsed.url.searchParams.get('host')
        ? 'has no host: postgres://user:password@HOST:5432/database (or ?host=/socket/folder)'
        : !decodes(parsed.url.username) || !decodes(parsed.url.password)
          ? 'has a user name or password with a % not followed by two hex digits (write a % in it as %25)'
          : undefined;
  if (problem) ctx.issues.push({ code: 'custom', input: ctx.value, message: problem });
});

/** As node-postgres reads it: `user@/database?host=/socket/folder` (no host before the path) is a URL there too. */
function parsePostgresUrl(value: string): { url: URL; hostname: string } | undefined {
  const tryUrl = (text: string) => URL.canParse(text) ? new URL(text) : undefined;
  const url = tryUrl(value);
  if (url) return { url, hostname: url.hostname };
  const withoutHost = tryUrl(value.replace('@/', '@placeholder/'));
  return withoutHost && { url: withoutHost, hostname: '' };
}

function decodes(part: string): boolean {
  try {
    decodeURIComponent(part);
    return true;
  } catch {
    return false;
  }
}

// Read by the bot (`npm start`) alone: the `kubecon-bot` command never listens for Slack.
const serverOnly = { serverOnly: true };

const envSchema = z.object({
  SLACK_BOT_TOKEN: optional(token('xoxb-')),
  SLACK_APP_TOKEN: optional(token('xapp-')).meta(serverOnly),
  SLACK_SIGNING_SECRET: optional(z.string().min(8, { error: 'must be the app signing secret (at least 8 characters)' })).meta(serverOnly),
  SLACK_API_URL: optional(
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://slack.com/api/' }),
  ),
  PORT: optional(
    z.coerce.number({ error: 'must be a port number' }).int({ error: 'must be a whole number' }).min(1, { error: 'must be between 1 and 65535' }).max(65535, { error: 'must be between 1 and 65535' }),
  ).meta(serverOnly),
  BOT_LOCALE: optional(z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` })),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })),
  LOG_FORMAT: optional(z.enum(LOG_FORMATS, { error: `must be one of ${LOG_FORMATS.join(', ')}` })),
  KNOWLEDGE_DIR: optional(z.string()),
  STATE_DIR: optional(z.string()),
  DATABASE_URL: optional(postgresUrl),
  DIGEST_CHANNEL: optional(
    z.string().regex(/^[CGD][A-Z0-9]{2,}$/, { error: 'must be a channel ID such as C0123456789 (channel details → bottom of the About tab)' }),
  ),
  DIGEST_CRON: optional(z.string()),
  DIGEST_TZ: optional(z.string()),
});

export interface EnvVariable {
  name: string;
  serverOnly: boolean;
  /** What an enum allows. */
  values?: readonly string[];
}

/** Every variable the bot reads, in the schema's order (documented in README.md and .env.example; a test checks). */
export const ENV_VARIABLES: readonly EnvVariable[] = Object.entries(envSchema.shape).map(([name, schema]) => {
  const inner = schema.out.unwrap();
  return { name, serverOnly: schema.meta()?.serverOnly === true, ...(inner instanceof z.ZodEnum && { values: inner.options }) };
});

const DEFAULT_DIGEST_CRON = '30 9 * * 1';
const DEFAULT_DIGEST_TZ = 'Europe/Paris';

interface CommonConfig {
  slackApiUrl?: string;
  locale: (typeof LOCALES)[number];
  logLevel: (typeof LOG_LEVELS)[number];
  logFormat: (typeof LOG_FORMATS)[number];
  knowledgeDir: string;
  stateDir: string;
  /** Set: the state lives in this PostgreSQL database instead of SQLite under stateDir. */
  databaseUrl?: string;
  digest: { channel?: string; cron: string; timeZone: string };
}

/** No Slack app: the local console, or the `kubecon-bot` command, which posts the digest with a bot token alone. */
export interface ConsoleConfig extends CommonConfig {
  mode: 'console';
  botToken?: string;
}

export interface SocketConfig extends CommonConfig {
  mode: 'socket';
  botToken: string;
  appToken: string;
  /** Where /healthz listens. */
  port: number;
}

export interface HttpConfig extends CommonConfig {
  mode: 'http';
  botToken: string;
  signingSecret: string;
  port: number;
}

export type SlackConfig = SocketConfig | HttpConfig;
export type Config = ConsoleConfig | SlackConfig;

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
export function parseConfig(env: NodeJS.ProcessEnv, options: { cwd?: string; forCli?: boolean; stderrIsTerminal?: boolean } = {}): ConfigResult {
  const cwd = options.cwd ?? process.cwd();
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const first = describeZodError(parsed.error)[0]!;
    return { ok: false, message: `${first.where} ${first.message}` };
  }
  const e = parsed.data;
  const digest = { channel: e.DIGEST_CHANNEL, cron: e.DIGEST_CRON ?? DEFAULT_DIGEST_CRON, timeZone: e.DIGEST_TZ ?? DEFAULT_DIGEST_TZ };
  const scheduleProblem = validateSchedule(digest.cron, digest.timeZone);
  if (scheduleProblem) return { ok: false, message: scheduleProblem };
  const common: CommonConfig = {
    slackApiUrl: e.SLACK_API_URL,
    locale: e.BOT_LOCALE ?? 'fr',
    logLevel: e.LOG_LEVEL ?? 'info',
    // A person at a terminal reads lines; a container's log collector reads JSON.
    logFormat: e.LOG_FORMAT ?? ((options.stderrIsTerminal ?? process.stderr.isTTY) ? 'pretty' : 'json'),
    knowledgeDir: path.resolve(cwd, e.KNOWLEDGE_DIR ?? 'knowledge'),
    stateDir: path.resolve(cwd, e.STATE_DIR ?? 'data'),
    ...(e.DATABASE_URL !== undefined && { databaseUrl: e.DATABASE_URL }),
    digest,
  };
  const port = e.PORT ?? 3000;
  const botToken = e.SLACK_BOT_TOKEN;
  let config: Config;
  if (botToken && e.SLACK_APP_TOKEN) config = { ...common, mode: 'socket', botToken, appToken: e.SLACK_APP_TOKEN, port };
  else if (botToken && e.SLACK_SIGNING_SECRET) config = { ...common, mode: 'http', botToken, signingSecret: e.SLACK_SIGNING_SECRET, port };
  else if (botToken && options.forCli) config = { ...common, mode: 'console', botToken };
  else if (botToken) {
    return { ok: false, message: 'SLACK_BOT_TOKEN is set: also set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)' };
  } else if (e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET) {
    const which = e.SLACK_APP_TOKEN ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET';
    return { ok: false, message: `${which} is set but SLACK_BOT_TOKEN is missing (xoxb-...)` };
  } else config = { ...common, mode: 'console' };
  return { ok: true, config };
}

import { LogLevel, type Logger } from '@slack/logger';
import { pino, type DestinationStream } from 'pino';
import { redactSecrets } from './core/secrets.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** `json`: one object a line, for a log collector; `pretty`: one readable line, for a person at a terminal. */
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

// A belt under the rule that no secret is logged: fields that may hold one
// (in an object logged through pino itself), and token-shaped words in text (redactSecrets).
const SECRET_FIELDS = ['token', 'botToken', 'appToken', 'signingSecret', 'authorization', 'headers.authorization', '*.token', '*.botToken', '*.appToken', '*.signingSecret', '*.authorization'];

export interface LoggerOptions {
  level?: LogLevelName;
  format?: LogFormat;
  /** Where each line goes, without its newline; standard error by default (standard output stays clean for `kubecon-bot ask --json`). */
  write?: (line: string) => void;
}

/** `2026-12-01T22:30:00.000Z INFO [kubecon-bot] text`, from the line pino wrote. */
function prettyLine(json: string): string {
  const { time, level, name, msg } = JSON.parse(json) as { time: string; level: string; name: string; msg: string };
  return `${time} ${level.toUpperCase()} [${name}] ${msg}`;
}

function destination(format: LogFormat, write: ((line: string) => void) | undefined): DestinationStream {
  if (format === 'json' && !write) return pino.destination({ fd: 2, sync: true });
  const out = write ?? ((line: string) => process.stderr.write(`${line}\n`));
  return { write: (json: string) => out(format === 'pretty' ? prettyLine(json) : json.trimEnd()) };
}

/** The text of Bolt-style arguments (`'Could not …:', error`): an error by its message, never a token. */
function messageOf(args: unknown[]): string {
  const text = args.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return redactSecrets(text);
}

/**
 * pino behind the shape Bolt and the Web API client expect (@slack/logger's
 * Logger), so that their lines and ours are one log in one format.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  let name = 'kubecon-bot';
  const log = pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => ({ name }),
      redact: { paths: SECRET_FIELDS, censor: '[redacted]' },
    },
    destination(options.format ?? 'pretty', options.write),
  );
  const emit = (level: LogLevelName, args: unknown[]) => {
    if (log.isLevelEnabled(level)) log[level](messageOf(args));
  };
  return {
    debug: (...msg) => emit('debug', msg),
    info: (...msg) => emit('info', msg),
    warn: (...msg) => emit('warn', msg),
    error: (...msg) => emit('error', msg),
    setLevel: (level: LogLevel) => {
      log.level = level;
    },
    getLevel: () => log.level as LogLevel,
    setName: (n: string) => {
      name = n;
    },
  };
}

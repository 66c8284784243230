import { LogLevel, type Logger } from '@slack/logger';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/**
 * A logger in the shape Bolt expects, writing to standard error only, so that
 * standard output stays clean for `kubecon-bot ask --json`.
 */
export function createLogger(level: LogLevelName = 'info', write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  let current = level;
  let name = 'kubecon-bot';
  const rank = (l: LogLevelName) => LOG_LEVELS.indexOf(l);
  const emit = (l: LogLevelName, msg: unknown[]) => {
    if (rank(l) < rank(current)) return;
    const text = msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
    write(`${new Date().toISOString()} ${l.toUpperCase()} [${name}] ${text}`);
  };
  return {
    debug: (...msg) => emit('debug', msg),
    info: (...msg) => emit('info', msg),
    warn: (...msg) => emit('warn', msg),
    error: (...msg) => emit('error', msg),
    setLevel: (l: LogLevel) => {
      current = l as LogLevelName;
    },
    getLevel: () => current as LogLevel,
    setName: (n: string) => {
      name = n;
    },
  };
}

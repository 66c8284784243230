/** What the core needs from a logger; the surfaces pass theirs (Bolt's shape fits). */
export interface Log {
  debug(...message: unknown[]): void;
  info(...message: unknown[]): void;
  warn(...message: unknown[]): void;
  error(...message: unknown[]): void;
}

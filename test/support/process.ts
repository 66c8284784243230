import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WAIT_MS } from './wait.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

let app: string | undefined;

/**
 * A working directory laid out as the container's /app (package.json, dist/,
 * node_modules/ and knowledge/, linked from the checkout) but with no .env:
 * the program reads ./.env, and a developer's own must never reach a test.
 */
export function appDir(): string {
  if (app) return app;
  const dir = mkdtempSync(path.join(tmpdir(), 'kubecon-app-'));
  chmodSync(dir, 0o755);
  for (const name of ['package.json', 'dist', 'node_modules', 'knowledge']) symlinkSync(path.join(ROOT, name), path.join(dir, name));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  app = dir;
  return dir;
}

/**
 * Spawn options that take away root's power to ignore file permissions (tests
 * of unreadable and read-only folders): as root, run as `nobody`.
 */
export function withoutRoot(): Pick<SpawnOptions, 'uid' | 'gid'> {
  return process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Spawned {
  child: ChildProcess;
  /** Standard output and error as they arrived (their order across the two is not guaranteed). */
  output(): string;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Runs a command in `cwd` (by default the checkout's layout, see appDir) with exactly the given environment (plus PATH). */
export function run(command: string[], env: Record<string, string>, cwd = appDir(), options: Pick<SpawnOptions, 'uid' | 'gid'> = {}): Spawned {
  const [file, ...args] = command;
  const child = spawn(file!, args, { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let output = '';
  const streams = { stdout: '', stderr: '' };
  for (const name of ['stdout', 'stderr'] as const) {
    child[name]!.setEncoding('utf8');
    child[name]!.on('data', (chunk: string) => {
      output += chunk;
      streams[name] += chunk;
    });
  }
  // 'close', not 'exit': by then both streams have been read to the end.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => output, stdout: () => streams.stdout, stderr: () => streams.stderr, exited };
}

/** The bot as `npm start` runs it (`node dist/src/main.js`) with exactly `env`; `cleanups` gets what kills it (SIGKILL) if it still runs then. */
export function runBot(env: Record<string, string>, cleanups: (() => unknown)[]): Spawned {
  const bot = run(['node', 'dist/src/main.js'], env);
  cleanups.push(() => {
    if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
  });
  return bot;
}

export async function waitForHttp(url: string, spawned: Spawned, timeoutMs = WAIT_MS): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(url);
    } catch {
      if (spawned.child.exitCode !== null) throw new Error(`process exited early:\n${spawned.output()}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${url}:\n${spawned.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Resolves true once `text` shows in the process's output, false if the
 * process exits without it; throws after timeoutMs (a bound, not a measure).
 */
export async function untilOutput(spawned: Spawned, text: string, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawned.output().includes(text)) return true;
    if (spawned.child.exitCode !== null || spawned.child.signalCode !== null) return spawned.output().includes(text);
    if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}":\n${spawned.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Spawned {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** Runs a command from the repository root with exactly the given environment (plus PATH). */
export function run(command: string[], env: Record<string, string>, cwd = ROOT): Spawned {
  const [file, ...args] = command;
  const child = spawn(file!, args, { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function waitForHttp(url: string, spawned: Spawned, timeoutMs = 15_000): Promise<Response> {
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

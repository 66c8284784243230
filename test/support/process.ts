import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WAIT_MS } from './wait.js';

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

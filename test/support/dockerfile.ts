import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from './process.js';

// What the image does, read from the Dockerfile itself: there is no Docker
// engine here, so tests run and check the commands and settings it declares.

/** The final stage's instructions, one per line (continuations joined). */
async function finalStage(): Promise<string[]> {
  const text = (await readFile(path.join(ROOT, 'Dockerfile'), 'utf8')).replace(/\\\n\s*/g, '');
  const stages = text.split(/^FROM /m);
  return stages[stages.length - 1]!.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

async function instruction(name: string): Promise<string> {
  const lines = (await finalStage()).filter((line) => line.startsWith(`${name} `));
  if (lines.length === 0) throw new Error(`no ${name} in the Dockerfile's final stage`);
  // As Docker does, the last one counts.
  return lines[lines.length - 1]!.slice(name.length + 1).trim();
}

/** CMD or HEALTHCHECK's command, in the exec (JSON) form the Dockerfile uses. */
export async function dockerfileCommand(name: 'CMD' | 'HEALTHCHECK'): Promise<string[]> {
  const value = await instruction(name);
  return JSON.parse(value.slice(value.indexOf('['))) as string[];
}

/** The final stage's ENV, `ENV A=1 B=2` form. */
export async function dockerfileEnv(): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const line of (await finalStage()).filter((l) => l.startsWith('ENV '))) {
    for (const [, name, value] of line.slice(4).matchAll(/(\w+)=(\S+)/g)) env[name!] = value!;
  }
  return env;
}

/** USER as `uid[:gid]`. */
export async function dockerfileUser(): Promise<{ uid: string; gid?: string }> {
  const [uid, gid] = (await instruction('USER')).split(':');
  return { uid: uid!, gid };
}

export async function dockerfileExposedPorts(): Promise<number[]> {
  return (await instruction('EXPOSE')).split(/\s+/).map((port) => Number(port.split('/')[0]));
}

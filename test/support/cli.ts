import { PassThrough, Readable } from 'node:stream';
import { runCli, type CliCommand } from '../../src/cli/run.js';
import { KNOWLEDGE_DIR, tempStateDir } from './test-app.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return () => Buffer.concat(chunks).toString('utf8');
}

/** Runs the `kubecon-bot` command in-process, with its own standard streams (`commands`: another table than its own). */
export async function cli(
  args: string[],
  options: { stdin?: string; env?: Record<string, string>; commands?: readonly CliCommand[] } = {},
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const state = tempStateDir();
  const code = await runCli(args, {
    env: { KNOWLEDGE_DIR, STATE_DIR: state.dir, ...options.env },
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    stdout,
    stderr,
  }, options.commands && { commands: options.commands });
  state.cleanup();
  return { code, stdout: out(), stderr: err() };
}

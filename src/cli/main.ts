#!/usr/bin/env node
import { readFileSync, readlinkSync } from 'node:fs';
import { withDotEnv } from '../config.js';
import { runCli } from './run.js';

/**
 * Node puts /dev/null, opened read-write, in place of a standard stream it was
 * started without (`>&-`): every write would vanish and the exit code say
 * success. A shell's `>/dev/null` opens it write-only, and is what the user
 * asked for. Linux only (/proc); elsewhere nothing is checked.
 */
function standardOutputWasClosed(): boolean {
  try {
    if (readlinkSync('/proc/self/fd/1') !== '/dev/null') return false;
    const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync('/proc/self/fdinfo/1', 'utf8'))?.[1];
    return flags !== undefined && (Number.parseInt(flags, 8) & 0o3) === 0o2; // O_ACCMODE is O_RDWR
  } catch {
    return false;
  }
}

// `kubecon-bot ask --json < queries | head`: a reader that stops early is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`kubecon-bot: cannot write the output: ${error.message}\n`);
  process.exit(1);
});

const dotEnv = withDotEnv(process.env);
try {
  if (standardOutputWasClosed()) {
    process.stderr.write('kubecon-bot: standard output is closed: nowhere to write the output (redirect it to a file or /dev/null)\n');
    process.exitCode = 1;
  } else if (!dotEnv.ok) {
    process.stderr.write(`kubecon-bot: ${dotEnv.message}\n`);
    process.exitCode = 2;
  } else {
    process.exitCode = await runCli(process.argv.slice(2), {
      env: dotEnv.env,
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
    });
  }
} catch (error) {
  // Every expected failure is reported by runCli itself; this is the last guard.
  process.stderr.write(`kubecon-bot: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}

#!/usr/bin/env node
import { runCli } from './run.js';

try {
  process.exitCode = await runCli(process.argv.slice(2), {
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
  });
} catch (error) {
  // Every expected failure is reported by runCli itself; this is the last guard.
  process.stderr.write(`kubecon-bot: unexpected error: ${(error as Error).message ?? String(error)}\n`);
  process.exitCode = 1;
}

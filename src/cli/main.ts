#!/usr/bin/env node
import { withDotEnv } from '../config.js';
import { runCli } from './run.js';

// `kubecon-bot ask --json < queries | head`: a reader that stops early is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`kubecon-bot: cannot write the output: ${error.message}\n`);
  process.exit(1);
});

const dotEnv = withDotEnv(process.env);
try {
  if (!dotEnv.ok) {
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

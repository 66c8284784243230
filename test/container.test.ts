import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from './support/fake-slack.js';
import { freePort, ROOT, run, waitForHttp } from './support/process.js';
import { sendSlashCommand, TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from './support/slack-request.js';
import { KNOWLEDGE_DIR, tempStateDir } from './support/test-app.js';

// There is no Docker engine here, so these run the exact commands the image
// runs (CMD and HEALTHCHECK, read from the Dockerfile) against the built output,
// from the same layout (/app holds package.json, dist/, node_modules/, knowledge/).

async function dockerfileCommand(instruction: 'CMD' | 'HEALTHCHECK'): Promise<string[]> {
  const text = (await readFile(path.join(ROOT, 'Dockerfile'), 'utf8')).replace(/\\\n\s*/g, '');
  const line = text.split('\n').find((l) => l.startsWith(`${instruction} `));
  if (!line) throw new Error(`no ${instruction} in the Dockerfile`);
  const json = line.slice(line.indexOf('['));
  return JSON.parse(json) as string[];
}

/** What the build stage's COPY instructions take from the build context (before .dockerignore). */
async function buildStageCopies(): Promise<string[]> {
  const text = await readFile(path.join(ROOT, 'Dockerfile'), 'utf8');
  const buildStage = text.split(/^FROM /m)[1] ?? '';
  return buildStage
    .split('\n')
    .filter((line) => line.startsWith('COPY ') && !line.includes('--from'))
    .flatMap((line) => line.split(/\s+/).slice(1, -1));
}

/** Whether .dockerignore keeps `file` out of the build context (plain paths and `!` exceptions, the last match wins). */
async function dockerIgnores(file: string): Promise<boolean> {
  const patterns = (await readFile(path.join(ROOT, '.dockerignore'), 'utf8')).split('\n').map((l) => l.trim()).filter(Boolean);
  let ignored = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const target = negated ? pattern.slice(1) : pattern;
    if (file === target || file.startsWith(`${target}/`)) ignored = !negated;
  }
  return ignored;
}

describe('the container image build', () => {
  it('copies every file the build compiles into the build stage', async () => {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.build.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    const compiled = (config?.fileNames ?? []).map((file) => path.relative(ROOT, file));
    expect(compiled).toContain('src/main.ts');
    const copies = await buildStageCopies();
    const missing = [];
    for (const file of compiled) {
      const copied = copies.some((source) => file === source || file.startsWith(`${source}/`));
      if (!copied || (await dockerIgnores(file))) missing.push(file);
    }
    expect(missing).toEqual([]);
  });
});

describe('the container command', () => {
  let slack: FakeSlack;
  const state = tempStateDir();
  const stateDir = state.dir;
  beforeAll(async () => {
    slack = await new FakeSlack().start();
  });
  afterAll(async () => {
    await slack.stop();
    state.cleanup();
  });

  it('serves Slack in HTTP mode, passes its HEALTHCHECK and stops cleanly on SIGTERM', async () => {
    const cmd = await dockerfileCommand('CMD');
    expect(cmd).toEqual(['node', 'dist/src/main.js']);
    const port = await freePort();
    const env = {
      NODE_ENV: 'production',
      PORT: String(port),
      KNOWLEDGE_DIR: KNOWLEDGE_DIR,
      STATE_DIR: stateDir,
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
    };
    const bot = run(cmd, env);
    try {
      const health = await waitForHttp(`http://127.0.0.1:${port}/healthz`, bot);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', mode: 'http' });

      const check = run(await dockerfileCommand('HEALTHCHECK'), { PORT: String(port) });
      expect(await check.exited).toBe(0);

      const res = await sendSlashCommand(`http://127.0.0.1:${port}/slack/events`, { text: 'loki' });
      expect(res.status).toBe(200);
      expect((res.json() as { text: string }).text).toMatch(/^Loki/);
      expect(bot.output()).not.toContain(TEST_BOT_TOKEN);
      expect(bot.output()).not.toContain(TEST_SIGNING_SECRET);
    } finally {
      bot.child.kill('SIGTERM');
    }
    expect(await bot.exited).toBe(0);
  });

  it('fails its HEALTHCHECK when nothing answers', async () => {
    const check = run(await dockerfileCommand('HEALTHCHECK'), { PORT: String(await freePort()) });
    expect(await check.exited).toBe(1);
  });

  it('refuses to start on a malformed token with one line, never printing the secret', async () => {
    const bot = run(['node', 'dist/src/main.js'], {
      SLACK_BOT_TOKEN: 'xoxp-user-token-not-real',
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      KNOWLEDGE_DIR: KNOWLEDGE_DIR,
    });
    expect(await bot.exited).toBe(2);
    expect(bot.output()).toBe('kubecon-bot: SLACK_BOT_TOKEN must start with xoxb-\n');
  });

  it('opens the local console with no Slack credentials', async () => {
    const bot = run(['node', 'dist/src/main.js'], { KNOWLEDGE_DIR: KNOWLEDGE_DIR, LOG_LEVEL: 'warn' });
    expect(await bot.exited).toBe(0);
    expect(bot.output()).toMatch(/console locale \(\d+ fiches chargées\)/);
  });
});

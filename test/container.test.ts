import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IDeployment } from 'kubernetes-models/apps/v1';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from './support/fake-slack.js';
import { dockerfileCommand, dockerfileUser } from './support/dockerfile.js';
import { findObject, KUSTOMIZATIONS, renderKustomization } from './support/kubernetes.js';
import { freePort, ROOT, run, waitForHttp } from './support/process.js';
import { sendSlashCommand, TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from './support/slack-request.js';
import { KNOWLEDGE_DIR, tempStateDir } from './support/test-app.js';

// There is no Docker engine here, so these run the exact commands the image
// runs (CMD and HEALTHCHECK, read from the Dockerfile) against the built output,
// from the same layout (/app holds package.json, dist/, node_modules/, knowledge/).

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

  /** What the image sets (NODE_ENV, PORT, KNOWLEDGE_DIR, STATE_DIR) and HTTP mode's credentials. */
  const httpModeEnv = (port: number, dir: string) => ({
    NODE_ENV: 'production',
    PORT: String(port),
    KNOWLEDGE_DIR: KNOWLEDGE_DIR,
    STATE_DIR: dir,
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
  });

  it('serves Slack in HTTP mode, passes its HEALTHCHECK and stops cleanly on SIGTERM', async () => {
    const cmd = await dockerfileCommand('CMD');
    expect(cmd).toEqual(['node', 'dist/src/main.js']);
    const port = await freePort();
    const bot = run(cmd, httpModeEnv(port, stateDir));
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

  it('runs as one replica of the Kubernetes Deployment: as its user, on a read-only root, writing only to STATE_DIR', async () => {
    const deployment = findObject(await renderKustomization(KUSTOMIZATIONS.base), 'Deployment') as unknown as IDeployment;
    const pod = deployment.spec!.template.spec!;
    const container = pod.containers[0]!;
    const { runAsUser, runAsGroup } = pod.securityContext!;
    expect(runAsUser).toBe(Number((await dockerfileUser()).uid));
    expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
    // The pod's emptyDir at STATE_DIR (test/deploy/kubernetes.test.ts checks the mount path is the image's STATE_DIR).
    expect(container.volumeMounts).toHaveLength(1);
    // A private mount namespace where / is read-only, as the kubelet makes the
    // container's root, with a tmpfs owned by the pod's user as the emptyDir.
    if (process.getuid?.() !== 0) throw new Error('this test makes the root filesystem read-only in a mount namespace (unshare, mount): run it as root, as CI does');
    const emptyDir = mkdtempSync(path.join(tmpdir(), 'kubecon-emptydir-'));
    const port = await freePort();
    const asPod = [
      'mount -o remount,bind,ro /',
      `mount -t tmpfs -o uid=${runAsUser},gid=${runAsGroup},mode=0755 tmpfs "$STATE_DIR"`,
      '! touch .read-only-probe 2>/dev/null || { echo "the root filesystem is still writable" >&2; exit 99; }',
      `exec setpriv --reuid=${runAsUser} --regid=${runAsGroup} --clear-groups -- "$@"`,
    ].join(' && ');
    const bot = run(['unshare', '--mount', 'sh', '-c', asPod, 'sh', ...(await dockerfileCommand('CMD'))], httpModeEnv(port, emptyDir));
    try {
      const health = await waitForHttp(`http://127.0.0.1:${port}/healthz`, bot);
      expect(health.status).toBe(200);
      const res = await sendSlashCommand(`http://127.0.0.1:${port}/slack/events`, { text: 'loki' });
      expect((res.json() as { text: string }).text).toMatch(/^Loki/);
    } finally {
      bot.child.kill('SIGTERM');
      const code = await bot.exited;
      rmSync(emptyDir, { recursive: true, force: true });
      expect(code, bot.output()).toBe(0);
    }
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

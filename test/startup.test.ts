import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { POSTGRES_SCHEMA_VERSION } from '../src/state/postgres/migrations.js';
import { openPostgresStore } from '../src/state/postgres/store.js';
import { FakeSlack } from './support/fake-slack.js';
import { freshDatabase } from './support/postgres.js';
import { freePort, ROOT, run } from './support/process.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from './support/slack-request.js';
import { entryText, makeKnowledgeDir } from './support/temp-knowledge.js';
import { KNOWLEDGE_DIR, tempStateDir } from './support/test-app.js';

// The bot as `npm start` runs it, on a PORT something else already holds.
describe('starting on a busy port', () => {
  let slack: FakeSlack;
  const state = tempStateDir();
  const stateDir = state.dir;
  let blocker: Server;
  let port: number;
  beforeAll(async () => {
    slack = await new FakeSlack().start();
    port = await freePort();
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => blocker.close(resolve));
    await slack.stop();
    state.cleanup();
  });

  const modes = {
    http: { SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET },
    socket: { SLACK_APP_TOKEN: 'xapp-1-test-not-real' },
  };
  /** The bot in HTTP mode, Slack answering its auth.test as `answer` does; its exit code and output. */
  const startAsked = async (answer: Parameters<FakeSlack['on']>[1]) => {
    slack.on('auth.test', answer);
    try {
      const bot = run(['node', 'dist/src/main.js'], {
        PORT: String(await freePort()),
        KNOWLEDGE_DIR: KNOWLEDGE_DIR,
        STATE_DIR: stateDir,
        SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
        SLACK_API_URL: slack.apiUrl,
        ...modes.http,
      });
      return { code: await bot.exited, output: bot.output() };
    } finally {
      slack.on('auth.test', () => undefined);
    }
  };

  it('says what to do when Slack refuses the bot token', async () => {
    const { code, output } = await startAsked(() => ({ body: { ok: false, error: 'invalid_auth' } }));
    expect(code).toBe(1);
    expect(output).toContain('SLACK_BOT_TOKEN is not valid: copy the Bot User OAuth Token again');
    expect(output).not.toMatch(/^\s+at /m);
  });

  it('asks Slack who the bot is before taking requests, and says so when Slack cannot be reached instead of dying of it later', async () => {
    const { code, output } = await startAsked(() => ({ hangUp: true }));
    expect(code).toBe(1);
    expect(output).toMatch(/could not start in http mode: .*(Slack|fetch failed|socket hang up|ECONNRESET)/);
    expect(output).not.toContain('Listening on port');
    expect(output).not.toContain('could not keep running');
    expect(output).not.toMatch(/^\s+at /m);
  });

  for (const [mode, credentials] of Object.entries(modes)) {
    it(`says which port is taken and exits, in ${mode} mode`, async () => {
      const bot = run(['node', 'dist/src/main.js'], {
        PORT: String(port),
        KNOWLEDGE_DIR: KNOWLEDGE_DIR,
        STATE_DIR: stateDir,
        SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
        SLACK_API_URL: slack.apiUrl,
        ...credentials,
      });
      expect(await bot.exited).toBe(1);
      // Standard error is a pipe here: the failure is a JSON log line like the others.
      const lines = bot.stderr().trim().split('\n').map((line) => JSON.parse(line) as { level: string; msg: string });
      expect(lines.at(-1)).toEqual(expect.objectContaining({ level: 'error', msg: expect.stringMatching(/^could not (start|keep running)/) }));
      expect(lines.at(-1)!.msg).toContain(`port ${port} is already in use: stop what listens there, or set PORT to a free port`);
      expect(bot.output()).not.toMatch(/^\s+at /m);
    });
  }
});

// What `npm start` says when it cannot start: one line per problem, as the README promises.
describe('refusing to start', () => {
  const cleanups: (() => unknown)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });
  const tempDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kubecon-start-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };

  it('says STATE_DIR is not a folder when it names a file, in one line', async () => {
    const file = path.join(tempDir(), 'state');
    writeFileSync(file, '');
    const bot = run(['node', 'dist/src/main.js'], { KNOWLEDGE_DIR, STATE_DIR: file });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toBe(`kubecon-bot: STATE_DIR ${file} is a file, not a folder\n`);
  });

  it('says PostgreSQL cannot be reached in one line, naming DATABASE_URL and never its password', async () => {
    const port = await freePort(); // nothing listens there
    const bot = run(['node', 'dist/src/main.js'], { KNOWLEDGE_DIR, DATABASE_URL: `postgres://bot:hunter2@127.0.0.1:${port}/kubecon` });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toBe(`kubecon-bot: DATABASE_URL: cannot open the PostgreSQL store: connect ECONNREFUSED 127.0.0.1:${port}\n`);
  });

  it('refuses a PostgreSQL database migrated by a newer kubecon-bot, in one line', async () => {
    const db = await freshDatabase();
    cleanups.push(db.drop);
    await (await openPostgresStore(db.url)).close();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query(`INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')`);
    await client.end();
    const bot = run(['node', 'dist/src/main.js'], { KNOWLEDGE_DIR, DATABASE_URL: db.url });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toBe(
      `kubecon-bot: DATABASE_URL: the PostgreSQL database was migrated by a newer kubecon-bot (schema v999); this one knows up to v${POSTGRES_SCHEMA_VERSION}: run the newer version, or restore a backup taken before it\n`,
    );
  });

  it('reports one knowledge problem in one line', async () => {
    const made = await makeKnowledgeDir({ 'ev/a.md': entryText('a', { event: 'ev', colour: 'blue' }) });
    cleanups.push(made.cleanup);
    const bot = run(['node', 'dist/src/main.js'], { KNOWLEDGE_DIR: made.dir, STATE_DIR: path.join(tempDir(), 'state') });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toBe(`kubecon-bot: invalid knowledge: ${path.basename(made.dir)}/ev/a.md: colour: unknown field\n`);
  });

  it('reads the Slack tokens from .env in the working directory rather than opening the console', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, '.env'), `SLACK_BOT_TOKEN=xoxp-a-user-token\nSLACK_SIGNING_SECRET=${TEST_SIGNING_SECRET}\n`);
    const bot = run(['node', path.join(ROOT, 'dist/src/main.js')], { KNOWLEDGE_DIR, STATE_DIR: path.join(cwd, 'state') }, cwd);
    expect(await bot.exited).toBe(2);
    expect(bot.output()).toBe('kubecon-bot: SLACK_BOT_TOKEN must start with xoxb-\n');
  });

  it('lets the environment win over .env', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, '.env'), 'BOT_LOCALE=fr\nLOG_LEVEL=warn\n');
    const bot = run(['node', path.join(ROOT, 'dist/src/main.js')], { KNOWLEDGE_DIR, STATE_DIR: path.join(cwd, 'state'), BOT_LOCALE: 'en' }, cwd);
    expect(await bot.exited).toBe(0);
    expect(bot.output()).toMatch(/^kubecon-bot, local console \(\d+ entries loaded\)/);
  });
});

import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SQLITE_FILE_NAME } from '../src/state/database.js';
import { openSqliteStore } from '../src/state/sqlite.js';
import { openPostgresStore } from '../src/state/postgres/store.js';
import type { DigestRecord } from '../src/core/store.js';
import pg from 'pg';
import { freshDatabase } from './support/postgres.js';
import { cli } from './support/cli.js';
import { FakeSlack } from './support/fake-slack.js';
import { freePort, runBot, untilOutput, type Spawned } from './support/process.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from './support/slack-request.js';
import { KNOWLEDGE_DIR, tempStateDir } from './support/test-app.js';

// The bot as `npm start` runs it, with a daily digest slot earlier today, and
// a fake Slack that takes the post but is slow to answer: what a crash or a
// rolling deploy does to the week's post.

const CHANNEL = 'C0DIGEST';

/** A zone where it is around noon now, so a 00:00 daily slot is earlier today whenever the tests run. */
function noonZone(now = new Date()): string {
  const offset = 12 - now.getUTCHours();
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/**
 * Where the bots keep their state: a STATE_DIR's SQLite file, or a fresh
 * PostgreSQL database (DATABASE_URL), with what the tests read and change there directly.
 */
interface Backend {
  env: Record<string, string>;
  postedDigests(): Promise<DigestRecord[]>;
  /** Moves pending reservations `ms` into the past, as if that much time had gone by since. */
  ageReservations(ms: number): Promise<void>;
}

async function sqliteBackend(): Promise<Backend> {
  const state = tempStateDir();
  cleanups.push(() => state.cleanup());
  return {
    env: { STATE_DIR: state.dir },
    async postedDigests() {
      const store = openSqliteStore(state.dir);
      try {
        return await store.digestHistory();
      } finally {
        await store.close();
      }
    },
    async ageReservations(ms) {
      const db = new Database(path.join(state.dir, SQLITE_FILE_NAME));
      db.prepare(`UPDATE digests SET reserved_at = ? WHERE status = 'pending'`).run(new Date(Date.now() - ms).toISOString());
      db.close();
    },
  };
}

async function postgresBackend(): Promise<Backend> {
  // STATE_DIR stays set (and unused): DATABASE_URL wins, as in a Deployment.
  const state = tempStateDir();
  const db = await freshDatabase();
  cleanups.push(() => state.cleanup(), db.drop);
  return {
    env: { STATE_DIR: state.dir, DATABASE_URL: db.url },
    async postedDigests() {
      const store = await openPostgresStore(db.url);
      try {
        return await store.digestHistory();
      } finally {
        await store.close();
      }
    },
    async ageReservations(ms) {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        await client.query(`UPDATE digests SET reserved_at = $1 WHERE status = 'pending'`, [new Date(Date.now() - ms)]);
      } finally {
        await client.end();
      }
    },
  };
}

async function setUp(options: { cron?: string; backend?: () => Promise<Backend> } = {}) {
  const slack = await new FakeSlack().start();
  cleanups.push(() => slack.stop());
  const backend = await (options.backend ?? sqliteBackend)();
  const env = {
    KNOWLEDGE_DIR,
    ...backend.env,
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    DIGEST_CHANNEL: CHANNEL,
    DIGEST_CRON: options.cron ?? '0 0 * * *',
    DIGEST_TZ: noonZone(),
  };
  const startBot = async (): Promise<Spawned> => runBot({ ...env, PORT: String(await freePort()) }, cleanups);
  const postsReceived = (n: number) => slack.waitFor(() => slack.callsTo('chat.postMessage').length >= n, `${n} chat.postMessage`, 30_000);
  /** Slack takes each post (it is in the channel) and never answers. */
  const takePostsWithoutAnswer = () =>
    slack.on('chat.postMessage', (body) => {
      slack.keepMessage(body);
      return new Promise(() => {});
    });
  return { slack, env, startBot, postsReceived, postedDigests: backend.postedDigests, takePostsWithoutAnswer, ageReservations: backend.ageReservations };
}

describe('the weekly digest across crashes and deploys', () => {
  it('posts a week once when the bot is killed mid-post: the next run finds the post in the channel instead of posting it again', async () => {
    const t = await setUp();
    t.takePostsWithoutAnswer();
    const first = await t.startBot();
    await t.postsReceived(1);
    first.child.kill('SIGKILL');
    await first.exited;
    t.slack.on('chat.postMessage', () => undefined);

    const second = await t.startBot();
    expect(await untilOutput(second, 'is being posted by another run')).toBe(true);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);

    // Sixteen minutes on, the dead run's reservation is stale (what the restarted bot's next look, or `digest --now`, finds).
    await t.ageReservations(16 * 60_000);
    const now = await cli(['digest', '--now'], { env: t.env });
    expect(now.stdout).toMatch(/already posted: nothing to do/);
    expect(now.code).toBe(0);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
    const [message] = t.slack.messagesIn(CHANNEL);
    expect(await t.postedDigests()).toEqual([expect.objectContaining({ messageRef: message!.ts, channel: CHANNEL })]);
    const lookup = t.slack.callsTo('conversations.history')[0]!.body;
    expect(lookup).toMatchObject({ channel: CHANNEL, include_all_metadata: 'true' });
  }, 120_000);

  it('waits for the start-up catch-up post when SIGTERM comes in the middle of it, as in a rolling deploy', async () => {
    const t = await setUp();
    let answer!: () => void;
    const slackAnswers = new Promise<void>((resolve) => (answer = resolve));
    t.slack.on('chat.postMessage', async () => {
      await slackAnswers;
      return undefined; // then the usual answer, with the message's ts
    });
    const bot = await t.startBot();
    await t.postsReceived(1);
    bot.child.kill('SIGTERM');
    // Either the bot says it is stopping (and waits), or it is already dead.
    await untilOutput(bot, 'SIGTERM received');
    answer();
    expect(await bot.exited).toBe(0);
    expect(bot.output()).not.toMatch(/^\s+at /m);
    expect(await t.postedDigests()).toEqual([expect.objectContaining({ messageRef: t.slack.messagesIn(CHANNEL)[0]!.ts })]);
  }, 120_000);
});

// Two processes on one STATE_DIR, or on one PostgreSQL database, as two replicas of one Deployment.
describe.each([
  { name: 'one STATE_DIR', backend: sqliteBackend },
  { name: 'one PostgreSQL database', backend: postgresBackend },
])('the weekly digest on two replicas on $name', ({ backend }) => {
  /** The slot each chat.postMessage was for, from the digest's metadata. */
  const postedSlots = (slack: FakeSlack) =>
    slack.callsTo('chat.postMessage').map(({ body }) => {
      const metadata = typeof body.metadata === 'string' ? JSON.parse(body.metadata) : body.metadata;
      return String(metadata?.event_payload?.slot);
    });
  const stopBoth = async (bots: Spawned[]) => {
    for (const bot of bots) bot.child.kill('SIGTERM');
    expect(await Promise.all(bots.map((bot) => bot.exited))).toEqual([0, 0]);
  };

  it('posts each slot once when both fire at the same minute, and the one not elected says another replica posts it', async () => {
    // Every minute: the start-up catch-up of this minute, then the next minute's fire on both timers.
    const t = await setUp({ cron: '* * * * *', backend });
    const bots = await Promise.all([t.startBot(), t.startBot()]);
    const output = () => bots.map((bot) => bot.output()).join('\n');
    // Bounded by the minute the timers wait for, not a measure of it.
    const fired = await t.slack.waitFor(() => /Weekly digest due (\S+): another replica posts it/.exec(output())?.[1], 'a fire one replica was not elected for', 100_000);
    await t.slack.waitFor(() => postedSlots(t.slack).includes(fired), `the post of ${fired}`);
    await stopBoth(bots);
    const slots = postedSlots(t.slack);
    expect(new Set(slots).size).toBe(slots.length);
    expect(output()).not.toMatch(/"level":"error"|\bERROR\b/);
  }, 150_000);

  it('posts the week once when the replica posting it is killed mid-post while the other runs', async () => {
    const t = await setUp({ backend });
    t.takePostsWithoutAnswer();
    const first = await t.startBot();
    await t.postsReceived(1);
    const second = await t.startBot();
    expect(await untilOutput(second, 'is being posted by another run')).toBe(true);
    first.child.kill('SIGKILL');
    await first.exited;
    t.slack.on('chat.postMessage', () => undefined);

    // Sixteen minutes on, the dead run's reservation is stale: what the survivor's next look, or `digest --now`, finds.
    await t.ageReservations(16 * 60_000);
    const now = await cli(['digest', '--now'], { env: t.env });
    expect(now.stdout).toMatch(/already posted: nothing to do/);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(await t.postedDigests()).toEqual([expect.objectContaining({ messageRef: t.slack.messagesIn(CHANNEL)[0]!.ts })]);
  }, 120_000);

  it('posts the week once when a replica starts while the other is posting it', async () => {
    const t = await setUp({ backend });
    let answer!: () => void;
    const slackAnswers = new Promise<void>((resolve) => (answer = resolve));
    t.slack.on('chat.postMessage', async () => {
      await slackAnswers;
      return undefined;
    });
    const first = await t.startBot();
    await t.postsReceived(1);
    const second = await t.startBot();
    expect(await untilOutput(second, 'is being posted by another run')).toBe(true);
    answer();
    expect(await untilOutput(first, 'posted to C0DIGEST')).toBe(true);
    await stopBoth([first, second]);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(await t.postedDigests()).toEqual([expect.objectContaining({ messageRef: t.slack.messagesIn(CHANNEL)[0]!.ts })]);
  }, 120_000);
});

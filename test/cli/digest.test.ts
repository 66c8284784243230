import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { FakeSlack } from '../support/fake-slack.js';
import { TEST_BOT_TOKEN } from '../support/slack-request.js';
import { tempStateDir } from '../support/test-app.js';

describe('kubecon-bot digest', () => {
  // A fresh Slack and state for each test: what one posts is never counted by another.
  let slack: FakeSlack;
  let state: ReturnType<typeof tempStateDir>;
  beforeEach(async () => {
    slack = await new FakeSlack().start();
    state = tempStateDir();
  });
  afterEach(async () => {
    await slack.stop();
    state.cleanup();
  });

  it('--dry-run prints the next digest without posting anything', async () => {
    const dry = tempStateDir();
    const run = await cli(['digest', '--dry-run'], { env: { SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_API_URL: slack.apiUrl, DIGEST_CHANNEL: 'C0DIGEST', STATE_DIR: dry.dir } });
    dry.cleanup();
    expect(run.code).toBe(0);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(run.stdout).toContain('Aperçu du prochain digest');
    expect(run.stdout).toContain('Conftest');
    expect(run.stdout).toContain('Où en est la liste');
  });

  it('--now posts this week’s digest once; a second --now the same week posts nothing', async () => {
    const env = { SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_API_URL: slack.apiUrl, DIGEST_CHANNEL: 'C0DIGEST', STATE_DIR: state.dir };
    const first = await cli(['digest', '--now'], { env });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Posted the digest for .* to C0DIGEST/);
    const second = await cli(['digest', '--now'], { env });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/already posted: nothing to do/);
    const posts = slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.channel).toBe('C0DIGEST');
    expect(posts[0]!.authorization).toBe(`Bearer ${TEST_BOT_TOKEN}`);
  });

  it('--now says what is missing without a token or a channel', async () => {
    const run = await cli(['digest', '--now']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('kubecon-bot: digest --now needs SLACK_BOT_TOKEN and DIGEST_CHANNEL\n');
  });

  it('--now exits non-zero with Slack’s reason and what to do when the post fails', async () => {
    const failing = await new FakeSlack().start();
    failing.on('chat.postMessage', () => ({ body: { ok: false, error: 'not_in_channel' } }));
    try {
      const run = await cli(['digest', '--now'], { env: { SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_API_URL: failing.apiUrl, DIGEST_CHANNEL: 'C0PRIVATE' } });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('kubecon-bot: the digest was not posted: Slack error "not_in_channel": invite the bot');
    } finally {
      await failing.stop();
    }
  });

  /** A fake Slack that drops the connection on chat.postMessage, having taken the post or not, and a state folder. */
  async function droppingSlack(options: { takesThePost: boolean }) {
    const dropping = await new FakeSlack().start();
    dropping.on('chat.postMessage', (body) => {
      if (options.takesThePost) dropping.keepMessage(body);
      return { hangUp: true };
    });
    const dir = tempStateDir();
    const env = { SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_API_URL: dropping.apiUrl, DIGEST_CHANNEL: 'C0DIGEST', STATE_DIR: dir.dir };
    return { slack: dropping, env, cleanup: async () => (dir.cleanup(), await dropping.stop()) };
  }

  it('--now posts once when Slack drops the connection after taking the post; the next --now finds it in the channel', async () => {
    const t = await droppingSlack({ takesThePost: true });
    try {
      const run = await cli(['digest', '--now'], { env: t.env });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("kubecon-bot: this week's digest is unconfirmed (no answer from Slack");
      expect(run.stderr).toContain('Look in C0DIGEST: if it is not there, run kubecon-bot digest --now --force.');
      expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
      t.slack.on('chat.postMessage', () => undefined);
      const again = await cli(['digest', '--now'], { env: t.env });
      expect(again.stdout).toMatch(/already posted: nothing to do/);
      expect(again.code).toBe(0);
      expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
      expect(t.slack.callsTo('conversations.history')).toHaveLength(1);
    } finally {
      await t.cleanup();
    }
  });

  it('--now posts a week Slack dropped once the channel shows it is not there', async () => {
    const t = await droppingSlack({ takesThePost: false });
    try {
      expect((await cli(['digest', '--now'], { env: t.env })).code).toBe(1);
      t.slack.on('chat.postMessage', () => undefined);
      const again = await cli(['digest', '--now'], { env: t.env });
      expect(again.stdout).toMatch(/^Posted the digest for /);
      expect(t.slack.callsTo('chat.postMessage')).toHaveLength(2);
      expect(t.slack.messagesIn('C0DIGEST')).toHaveLength(1);
    } finally {
      await t.cleanup();
    }
  });

  it('--now leaves an unconfirmed week alone when it cannot read the channel, says why, and only --force posts it', async () => {
    const t = await droppingSlack({ takesThePost: false });
    t.slack.on('conversations.history', () => ({ body: { ok: false, error: 'not_in_channel' } }));
    try {
      expect((await cli(['digest', '--now'], { env: t.env })).code).toBe(1);
      t.slack.on('chat.postMessage', () => undefined);
      const again = await cli(['digest', '--now'], { env: t.env });
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/unconfirmed \(its post of .+ was never confirmed by Slack, and the bot could not look for it in C0DIGEST: Slack error "not_in_channel": the bot can post there but not read it; \/invite @kubecon in C0DIGEST lets it look\)/);
      expect(again.stderr).toContain('Look in C0DIGEST: if it is not there, run kubecon-bot digest --now --force.');
      expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
      // Someone looked: it is not in the channel.
      const forced = await cli(['digest', '--now', '--force'], { env: t.env });
      expect(forced.code).toBe(0);
      expect(t.slack.callsTo('chat.postMessage')).toHaveLength(2);
    } finally {
      await t.cleanup();
    }
  });

  it('refuses a bad schedule or time zone at start with a clear message', async () => {
    const cron = await cli(['backlog'], { env: { DIGEST_CRON: '61 9 * * 1' } });
    expect(cron.code).toBe(2);
    expect(cron.stderr).toMatch(/^kubecon-bot: DIGEST_CRON "61 9 \* \* 1" is not a valid cron expression: minute/);
    const tz = await cli(['backlog'], { env: { DIGEST_TZ: 'Mars/Olympus' } });
    expect(tz.stderr).toBe('kubecon-bot: DIGEST_TZ "Mars/Olympus" is not a known time zone\n');
    const channel = await cli(['backlog'], { env: { DIGEST_CHANNEL: '#general' } });
    expect(channel.stderr).toMatch(/^kubecon-bot: DIGEST_CHANNEL must be a channel ID/);
  });
});

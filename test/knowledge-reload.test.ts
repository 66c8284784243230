import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from './support/fake-slack.js';
import { freePort, run, untilOutput, waitForHttp, type Spawned } from './support/process.js';
import { sendSlashCommand, TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from './support/slack-request.js';
import { slackBodyText } from './support/slack-text.js';
import { entryText, makeKnowledgeDir } from './support/temp-knowledge.js';
import { tempStateDir } from './support/test-app.js';
import { WAIT_MS } from './support/wait.js';

// The bot as `npm start` runs it in HTTP mode, on a knowledge folder the test edits.

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const zorglub = (summary: string) => entryText('zorglub', { aliases: '[zorglub]', summary });

async function startBot(files: Record<string, string>) {
  const slack = await new FakeSlack().start();
  const state = tempStateDir();
  const knowledge = await makeKnowledgeDir(files);
  cleanups.push(() => state.cleanup(), () => slack.stop(), () => knowledge.cleanup());
  const port = await freePort();
  const bot: Spawned = run(['node', 'dist/src/main.js'], {
    KNOWLEDGE_DIR: knowledge.dir,
    STATE_DIR: state.dir,
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: String(port),
  });
  cleanups.push(() => {
    if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/healthz`, bot);
  // Changes made before the watcher has read the folder would go unseen by it.
  expect(await untilOutput(bot, 'for changes (SIGHUP reloads too)')).toBe(true);
  const ask = async (question: string) => slackBodyText((await sendSlashCommand(`${base}/slack/events`, { text: question })).json()).text;
  const health = async () => (await (await fetch(`${base}/healthz`)).json()) as { knowledge: { status: string; problems?: string[]; entries: number } };
  /** Asks until the answer holds `text`: a bound on the wait, not a measure. */
  const askUntil = async (question: string, text: string) => {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const answer = await ask(question);
      if (answer.includes(text)) return answer;
      if (Date.now() > deadline) throw new Error(`"${question}" never answered with "${text}"; last: ${answer}\n${bot.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const healthUntil = async (status: string) => {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const now = await health();
      if (now.knowledge.status === status) return now;
      if (Date.now() > deadline) throw new Error(`/healthz never said knowledge ${status}\n${bot.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { bot, dir: knowledge.dir, ask, askUntil, health, healthUntil };
}

describe('the running bot follows its knowledge folder', () => {
  it('answers from an edited file without a restart', async () => {
    const t = await startBot({ 'test-event/zorglub.md': zorglub('Ancien résumé.') });
    expect(await t.ask('zorglub')).toContain('Ancien résumé.');
    await writeFile(path.join(t.dir, 'test-event/zorglub.md'), zorglub('Nouveau résumé.'));
    expect(await t.askUntil('zorglub', 'Nouveau résumé.')).not.toContain('Ancien résumé.');
    expect(t.bot.output()).toContain('(a file changed)');
  });

  it('reloads on SIGHUP, and keeps running', async () => {
    const t = await startBot({ 'test-event/zorglub.md': zorglub('Ancien résumé.') });
    t.bot.child.kill('SIGHUP');
    expect(await untilOutput(t.bot, 'Reloaded 1 entries')).toBe(true);
    expect(t.bot.output()).toContain('(SIGHUP)');
    expect(await t.ask('zorglub')).toContain('Ancien résumé.');
    expect((await t.health()).knowledge).toMatchObject({ status: 'ok', entries: 1 });
  });

  it('keeps answering from the last good knowledge through a broken edit, says so in /healthz, and recovers once fixed', async () => {
    const t = await startBot({ 'test-event/zorglub.md': zorglub('Ancien résumé.') });
    const file = path.join(t.dir, 'test-event/zorglub.md');
    await writeFile(file, zorglub('Cassé.').replace('url: https://example.org/', 'url: pas-une-url'));
    const broken = await t.healthUntil('invalid');
    expect(broken.knowledge.problems).toEqual([`${path.basename(t.dir)}/test-event/zorglub.md: links[0].url: expected an http(s) URL`]);
    expect(t.bot.output()).toContain(`invalid knowledge: ${path.basename(t.dir)}/test-event/zorglub.md: links[0].url: expected an http(s) URL`);
    expect(await t.ask('zorglub')).toContain('Ancien résumé.');
    await writeFile(file, zorglub('Réparé.'));
    await t.healthUntil('ok');
    expect(await t.ask('zorglub')).toContain('Réparé.');
  });
});

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { runConsole } from '../../src/console/run.js';
import { createConsoleSession } from '../../src/console/session.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import type { BacklogStore } from '../../src/core/store.js';
import { createKnowledgeGaps } from '../../src/core/gaps.js';
import { createBacklogTracker } from '../../src/core/tracker.js';
import { escapeSlackText } from '../../src/slack/blocks/mrkdwn.js';
import { sendSlashCommand } from '../support/slack-request.js';
import { slackBodyText } from '../support/slack-text.js';
import { columns, fakeTerminal } from '../support/terminal.js';
import { cleanupAfterEach } from '../support/cleanups.js';
import { entryText } from '../support/temp-knowledge.js';
import { openTempRuntime } from '../support/temp-runtime.js';
import { KNOWLEDGE_DIR, startTestSlackApp, tempStateDir } from '../support/test-app.js';

let runtime: Runtime;
const state = tempStateDir();
beforeAll(async () => {
  const config = parseConfig({ KNOWLEDGE_DIR, STATE_DIR: state.dir });
  if (!config.ok) throw new Error(config.message);
  const opened = await openRuntime(config.config);
  if (!opened.ok) throw new Error(opened.message);
  runtime = opened.runtime;
});
afterAll(async () => {
  await runtime.close();
  state.cleanup();
});

const session = () => createConsoleSession({ ctx: runtime });

describe('the local console', () => {
  it('answers /kubecon helm3 with the card Slack shows, as text', async () => {
    const reply = await session().handle('/kubecon helm3');
    const answer = runtime.assistant.ask('helm3');
    if (answer.kind !== 'entry') throw new Error('helm3 should find an entry');
    const { entry } = answer;
    expect(entry.id).toBe('helm-3');
    const lines = reply.output.split('\n');
    expect(lines.slice(0, 2)).toEqual([entry.title, '═'.repeat(entry.title.length)]);
    expect(lines).toContain(entry.summary);
    for (const point of entry.key_points) expect(lines).toContain(`• ${point}`);
    for (const link of entry.links) expect(lines).toContain(`• ${link.title} (${link.url})`);
    expect(reply.output).toContain('CNCF incubating');
    expect(reply.output).toContain('À tester · priorité basse');
    expect(reply.output).toContain(`Source : « ${entry.source.title} », ${entry.source.publisher}`);
    // The related entries as buttons, numbered for typing, then the votes; the share button is Slack's only.
    const buttons = [...reply.output.matchAll(/\[(\d+)\] (.+?)(?= {3}\[|$)/gm)].map((m) => [Number(m[1]), m[2]]);
    const labels = [...answer.related.map((related) => related.title), '👍', '👎'];
    expect(buttons).toEqual(labels.map((label, i) => [i + 1, label]));
    // No Slack markup left: links, bold, entities, emoji codes.
    expect(reply.output).not.toMatch(/<https?:|\*|&(?:lt|gt|amp);|:[a-z_]+:/);
    expect(reply.exit).toBe(false);
  });

  it('shows what Slack shows, in the same order, with the same buttons, for every command', async () => {
    // A tool someone is on: its status line names them.
    await runtime.tracker.claim('conftest', 'U0ALICE');
    // The Slack app on the same state, as /kubecon answers in Slack.
    const slack = await startTestSlackApp({ STATE_DIR: state.dir });
    try {
      for (const text of ['help', 'list', 'backlog', 'digest', 'gaps', 'helm3', 'conftest', 'backleg', '<!here> & pizza', 'bonjour']) {
        // Typed in Slack, & < > arrive escaped (Slack's own escaping, the one the bot applies).
        const { text: inSlack, buttons } = slackBodyText((await sendSlashCommand(slack.eventsUrl, { text: escapeSlackText(text) })).json());
        // Less the share button, Slack's only: a console answer is nobody else's to share (the buttons after it move up one).
        const share = buttons.find((b) => b.actionId === 'share_answer');
        const expected = share
          ? inSlack
              .replace(new RegExp(` {3}\\[${share.index}\\] [^[\\n]+?(?= {3}\\[|$)`, 'm'), '')
              .replace(/\[(\d+)\]/g, (whole, n: string) => (Number(n) > share.index ? `[${Number(n) - 1}]` : whole))
          : inSlack;
        expect((await session().handle(text)).output, text).toBe(expected);
      }
    } finally {
      await slack.stop();
    }
  });

  it('answers a plain question', async () => {
    expect((await session().handle("c'est quoi loki ?")).output).toMatch(/^Loki/);
  });

  it('opens a listed entry when its number is typed', async () => {
    const s = session();
    const card = (await s.handle('list')).output;
    const match = /\[(\d+)\] Fluentd/.exec(card);
    expect(match).not.toBeNull();
    expect((await s.handle(match![1]!)).output).toMatch(/^Fluentd/);
  });

  it('opens a related entry from a card when its number is typed', async () => {
    const s = session();
    const card = (await s.handle('/kubecon loki')).output;
    const match = /\[(\d+)\] ([^[\n]+?)\s*(?:\[|$)/m.exec(card.slice(card.indexOf('Voir aussi')));
    expect(match).not.toBeNull();
    expect((await s.handle(match![1]!)).output.startsWith(match![2]!.trim())).toBe(true);
  });

  it('says when a typed number is no button, and keeps the last answer’s buttons', async () => {
    const s = session();
    const card = (await s.handle('/kubecon helm3')).output;
    const buttons = [...card.matchAll(/\[(\d+)\] ([^[\n]+?)\s*(?=\[|$)/gm)];
    expect(buttons.length).toBeGreaterThan(1);
    expect((await s.handle('9')).output).toBe(`Pas de bouton 9 : tapez un numéro de 1 à ${buttons.length}.`);
    expect((await s.handle('2')).output.startsWith(buttons[1]![2]!.trim())).toBe(true);
    await s.handle('help');
    expect((await s.handle('1')).output).toBe('Pas de bouton 1 : la dernière réponse n’en a aucun.');
    // With no buttons, a number is a question like any other: here a follow-up on the entry opened last; in a new session, nothing found.
    expect((await s.handle('2019')).output).toMatch(new RegExp(`^${buttons[1]![2]!.trim()}`));
    expect((await session().handle('2019')).output).toContain('« 2019 »');
  });

  it('says goodbye on its own line when the input ends (Ctrl-D)', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let written = '';
    output.on('data', (chunk: Buffer) => (written += chunk.toString()));
    const done = runConsole({ ctx: runtime, input, output });
    input.end('helm3\n');
    await done;
    expect(written).toMatch(/Helm 3/);
    expect(written.endsWith('kubecon> \nÀ bientôt !\n')).toBe(true);
  });

  it('wraps on words to the terminal’s width, buttons whole', async () => {
    const { input, output, screen } = fakeTerminal(50);
    const done = runConsole({ ctx: runtime, input, output });
    input.write('/kubecon helm3\r');
    await screen.until((text) => text.split('kubecon> ').length > 2, 'the prompt after the card', done);
    input.end();
    await done;
    const shown = screen.text();
    const wider = shown.split('\n').filter((line) => columns(line) > 50);
    expect(wider).toEqual([]);
    // The same words in the same order as the unwrapped card: none was cut (a row break replaces a `·` between items).
    const words = (text: string) => text.split(/\s+/).filter((word) => word && word !== '·').join(' ');
    expect(words(shown)).toContain(words((await session().handle('/kubecon helm3')).output));
    expect(shown).toMatch(/^\[1\] [^[\n]+$/m);
  });

  it('drops a half-typed line on Ctrl-C, as a shell does', async () => {
    const { input, output, screen } = fakeTerminal(80);
    const done = runConsole({ ctx: runtime, input, output });
    input.write('kapp\x03');
    input.write('helm3\r');
    await screen.until((text) => text.includes('Voir aussi'), 'the Helm 3 card', done);
    expect(screen.text()).toMatch(/^Helm 3\n/m);
    input.write('\x03');
    await done;
    expect(screen.text()).toMatch(/kubecon> \nÀ bientôt !\n$/);
  });

  it('quits on Ctrl-C twice with a half-typed line', async () => {
    const { input, output, screen } = fakeTerminal(80);
    const done = runConsole({ ctx: runtime, input, output });
    input.write('kapp\x03\x03');
    await done;
    expect(screen.text()).toMatch(/À bientôt !\n$/);
  });

  it('reads /kubecon only as a whole word', async () => {
    expect((await session().handle('/kubeconfig')).output).toContain('« /kubeconfig »');
  });

  it('shows help and exits', async () => {
    const s = session();
    expect((await s.handle('help')).output).toContain('/kubecon backlog');
    expect(await s.handle('exit')).toEqual({ output: 'À bientôt !', exit: true });
  });

  it('records a question it finds nothing for in one channel, console, and takes a vote by its number', async () => {
    const s = session();
    await s.handle('pulumi stacks');
    await s.handle('pulumi stacks ?');
    await runtime.gaps.idle();
    const { unanswered } = await runtime.gaps.report();
    expect(unanswered.find((q) => q.key === 'pulumi stack')).toMatchObject({ count: 2, channels: 1 });
    const card = (await s.handle('helm3')).output;
    const down = /\[(\d+)\] 👎/.exec(card)![1]!;
    expect((await s.handle(down)).output).toBe('Merci ! Nous regarderons ce qui manque à cette réponse.');
    expect((await runtime.gaps.report()).unhelpful).toMatchObject([{ question: 'helm3', entryId: 'helm-3', count: 1 }]);
  });
});

describe('the console on knowledge that changes', () => {
  const cleanup = cleanupAfterEach();
  it('answers from the reloaded knowledge, and shows a review date in the card’s context line', async () => {
    const { runtime: live, dir } = await openTempRuntime({ 'test-event/zorglub.md': entryText('zorglub', { aliases: '[zorglub]', summary: 'Avant.' }) }, cleanup);
    const console = createConsoleSession({ ctx: live });
    expect((await console.handle('zorglub')).output).toContain('Avant.');
    expect((await console.handle('zorglub')).output).not.toContain('Revue le');
    await writeFile(path.join(dir, 'test-event/zorglub.md'), entryText('zorglub', { aliases: '[zorglub]', summary: 'Après.', reviewed: '2026-11-01' }));
    await live.reload();
    const after = (await console.handle('zorglub')).output;
    expect(after).toContain('Après.');
    expect(after).toContain('Source : « CR KubeCon EU 2019 », OCTO Technology  ·  Revue le 1 novembre 2026');
  });
});

describe('a console session is one conversation, as a Slack thread is', () => {
  it('follows up on the entry it last answered, switches when another is named, and starts afresh in a new session', async () => {
    const console = session();
    expect((await console.handle('loki')).output).toMatch(/^Loki/);
    expect((await console.handle('who presented it?')).output).toMatch(/^Loki/);
    expect((await console.handle('et les limites ?')).output).toMatch(/^Loki/);
    expect((await console.handle('quelle heure est-il ?')).output).not.toMatch(/^Loki/);
    expect((await console.handle('et rook ?')).output).toMatch(/^Rook/);
    expect((await console.handle('who presented it?')).output).toMatch(/^Rook/);
    expect((await session().handle('who presented it?')).output).not.toMatch(/^(Loki|Rook)/);
  });

  it('follows up on an entry opened from a button', async () => {
    const console = session();
    const reply = (await console.handle('loki')).output;
    const related = /\[(\d+)\] ([^[\]]+?)(?= {3}\[|$)/m.exec(reply)!;
    const opened = (await console.handle(related[1]!)).output;
    expect(opened.startsWith(related[2]!)).toBe(true);
    expect((await console.handle('who presented it?')).output.startsWith(related[2]!)).toBe(true);
  });
});

describe('the console on a store that cannot be reached', () => {
  /** The runtime's store with every call rejecting, as a database that went away. */
  const unreachable = (store: BacklogStore): BacklogStore =>
    new Proxy(store, {
      get: (target, key) => (typeof Reflect.get(target, key) === 'function' ? () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')) : Reflect.get(target, key)),
    });

  it('answers with the card, says its status is unavailable, and says the board cannot be reached for the backlog', async () => {
    const tracker = createBacklogTracker({ knowledge: runtime.assistant, store: unreachable(runtime.store), schedule: { cron: '0 10 * * 1', timeZone: 'Europe/Paris' }, scheduled: false });
    const console = createConsoleSession({ ctx: { ...runtime.context(), tracker } });
    const card = (await console.handle('/kubecon conftest')).output;
    expect(card).toContain('Conftest : tester ses policies OPA');
    expect(card).toContain('❔ Où en est l’équipe avec cet outil : indisponible pour l’instant');
    expect((await console.handle('1')).output).toContain('indisponible pour l’instant');
    expect(await console.handle('backlog')).toEqual({ output: 'Le tableau de l’équipe est injoignable pour l’instant : réessayez dans un moment.', exit: false });
  });

  it('says the board cannot be reached for every command that reads it, and still lists and helps', async () => {
    const store = unreachable(runtime.store);
    const tracker = createBacklogTracker({ knowledge: runtime.assistant, store, schedule: { cron: '0 10 * * 1', timeZone: 'Europe/Paris' }, scheduled: false });
    const gaps = createKnowledgeGaps({ store, log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } });
    const console = createConsoleSession({ ctx: { ...runtime.context(), tracker, gaps } });
    const said: Record<string, string> = {};
    for (const command of ['backlog', 'digest', 'gaps', '/kubecon gaps']) said[command] = (await console.handle(command)).output;
    const UNREACHABLE = 'Le tableau de l’équipe est injoignable pour l’instant : réessayez dans un moment.';
    expect(said).toEqual({ backlog: UNREACHABLE, digest: UNREACHABLE, gaps: UNREACHABLE, '/kubecon gaps': UNREACHABLE });
    expect((await console.handle('list')).output).toContain('Conftest');
    expect((await console.handle('help')).output).toContain('backlog');
  });

  it('says a vote could not be recorded rather than thanking for it', async () => {
    const store = unreachable(runtime.store);
    const tracker = createBacklogTracker({ knowledge: runtime.assistant, store, schedule: { cron: '0 10 * * 1', timeZone: 'Europe/Paris' }, scheduled: false });
    const gaps = createKnowledgeGaps({ store, log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } });
    const console = createConsoleSession({ ctx: { ...runtime.context(), tracker, gaps } });
    const up = /\[(\d+)\] 👍/.exec((await console.handle('helm3')).output)![1]!;
    expect((await console.handle(up)).output).toBe('Le tableau de l’équipe est injoignable pour l’instant : réessayez dans un moment.');
  });
});

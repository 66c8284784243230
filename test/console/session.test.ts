import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { runConsole } from '../../src/console/run.js';
import { createConsoleSession } from '../../src/console/session.js';
import { renderCommand } from '../../src/slack/blocks/command.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { slackMessageText } from '../support/slack-text.js';
import { KNOWLEDGE_DIR, tempStateDir } from '../support/test-app.js';

let runtime: Runtime;
const state = tempStateDir();
beforeAll(async () => {
  const config = parseConfig({ KNOWLEDGE_DIR, STATE_DIR: state.dir });
  if (!config.ok) throw new Error(config.message);
  const opened = await openRuntime(config.config);
  if (!opened.ok) throw new Error(opened.message);
  runtime = opened.runtime;
});
afterAll(() => {
  runtime.close();
  state.cleanup();
});

const session = () => createConsoleSession({ ctx: runtime });

describe('the local console', () => {
  it('answers /kubecon helm3 with the same card Slack shows, as text', () => {
    const reply = session().handle('/kubecon helm3');
    const slackCard = renderCommand({ name: 'ask', query: 'helm3' }, runtime);
    expect(reply.output).toBe(slackMessageText(slackCard).text);
    expect(reply.exit).toBe(false);
    expect(reply.output).toMatch(/^Helm 3\n/);
    expect(reply.output).toContain('helm.sh');
    expect(reply.output).not.toMatch(/<https?:/);
  });

  it('answers a plain question', () => {
    expect(session().handle("c'est quoi loki ?").output).toMatch(/^Loki/);
  });

  it('opens a listed entry when its number is typed', () => {
    const s = session();
    const card = s.handle('list').output;
    const match = /\[(\d+)\] Fluentd/.exec(card);
    expect(match).not.toBeNull();
    expect(s.handle(match![1]!).output).toMatch(/^Fluentd/);
  });

  it('opens a related entry from a card when its number is typed', () => {
    const s = session();
    const card = s.handle('/kubecon loki').output;
    const match = /\[(\d+)\] ([^[\n]+?)\s*(?:\[|$)/m.exec(card.slice(card.indexOf('Voir aussi')));
    expect(match).not.toBeNull();
    expect(s.handle(match![1]!).output.startsWith(match![2]!.trim())).toBe(true);
  });

  it('says when a typed number is no button, and keeps the last answer’s buttons', () => {
    const s = session();
    const card = s.handle('/kubecon helm3').output;
    const buttons = [...card.matchAll(/\[(\d+)\] ([^[\n]+?)\s*(?=\[|$)/gm)];
    expect(buttons.length).toBeGreaterThan(1);
    expect(s.handle('9').output).toBe(`Pas de bouton 9 : tapez un numéro de 1 à ${buttons.length}.`);
    expect(s.handle('2').output.startsWith(buttons[1]![2]!.trim())).toBe(true);
    s.handle('help');
    expect(s.handle('1').output).toBe('Pas de bouton 1 : la dernière réponse n’en a aucun.');
    // With no buttons, a number is a question like any other.
    expect(s.handle('2019').output).toContain('« 2019 »');
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

  it('reads /kubecon only as a whole word', () => {
    expect(session().handle('/kubeconfig').output).toContain('« /kubeconfig »');
  });

  it('shows help and exits', () => {
    const s = session();
    expect(s.handle('help').output).toContain('/kubecon backlog');
    expect(s.handle('exit')).toEqual({ output: 'À bientôt !', exit: true });
  });
});

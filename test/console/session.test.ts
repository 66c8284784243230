import { beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/core/assistant.js';
import { loadAssistant } from '../../src/core/assistant.js';
import { createConsoleSession } from '../../src/console/session.js';
import { stringsFor } from '../../src/locale/index.js';
import { KNOWLEDGE_DIR } from '../support/test-app.js';

let assistant: Assistant;
beforeAll(async () => {
  const loaded = await loadAssistant(KNOWLEDGE_DIR);
  if (!loaded.ok) throw new Error('invalid knowledge');
  assistant = loaded.assistant;
});

const session = () => createConsoleSession({ assistant, strings: stringsFor('fr') });

describe('the local console', () => {
  it('answers /kubecon helm3 with the same card Slack shows, as text', () => {
    const reply = session().handle('/kubecon helm3');
    expect(reply.exit).toBe(false);
    expect(reply.output).toMatch(/^Helm 3\n/);
    expect(reply.output).toContain('helm.sh');
    expect(reply.output).not.toMatch(/<https?:/);
  });

  it('answers a plain question', () => {
    expect(session().handle("c'est quoi loki ?").output).toMatch(/^Loki/);
  });

  it('opens a related entry when its number is typed', () => {
    const s = session();
    const card = s.handle('list').output;
    const match = /\[(\d+)\] Fluentd/.exec(card);
    expect(match).not.toBeNull();
    expect(s.handle(match![1]!).output).toMatch(/^Fluentd/);
  });

  it('shows help and exits', () => {
    const s = session();
    expect(s.handle('help').output).toContain('/kubecon backlog');
    expect(s.handle('exit')).toEqual({ output: 'À bientôt !', exit: true });
  });
});

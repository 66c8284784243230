import { describe, expect, it } from 'vitest';
import { createAssistant } from '../../src/core/assistant.js';
import type { Entry } from '../../src/core/entry.js';
import { makeEntry } from '../support/entries.js';

const entry = (id: string, tags: string[], title = id): Entry => makeEntry(id, { tags, title });

function relatedIds(entries: Entry[], id: string): string[] {
  const answer = createAssistant(entries).open(id);
  if (answer?.kind !== 'entry') throw new Error(`no entry ${id}`);
  return answer.related.map((e) => e.id);
}

describe('related entries ("see also")', () => {
  it('puts the entries sharing the most tags first, then by title', () => {
    const entries = [
      entry('loki', ['logs', 'grafana', 'observabilite']),
      entry('fluentd', ['logs', 'observabilite']),
      entry('tempo', ['grafana', 'traces']),
      entry('jaeger', ['traces', 'observabilite']),
      entry('harbor', ['registre']),
    ];
    expect(relatedIds(entries, 'loki')).toEqual(['fluentd', 'jaeger', 'tempo']);
  });

  it('keeps the best three of many candidates, whatever order they come in', () => {
    const others = ['F', 'B', 'E', 'A', 'D', 'C'].map((t) => entry(`e-${t.toLowerCase()}`, ['cncf'], `Projet ${t}`));
    const entries = [entry('loki', ['cncf', 'logs']), ...others, entry('fluentd', ['logs', 'cncf'], 'Zz')];
    expect(relatedIds(entries, 'loki')).toEqual(['fluentd', 'e-a', 'e-b']);
  });

  it('ignores, on a large base, a tag carried by a tenth of the entries', () => {
    const filler = Array.from({ length: 400 }, (_, i) => entry(`filler-${i}`, ['kubernetes'], `A${i}`));
    const entries = [...filler, entry('loki', ['kubernetes', 'logs']), entry('fluentd', ['kubernetes', 'logs'])];
    expect(relatedIds(entries, 'loki')).toEqual(['fluentd']);
  });
});

describe('answering a query', () => {
  const assistant = createAssistant([entry('loki', ['logs'], 'Loki')]);

  it('invites a question when there is none, rather than saying nothing was found', () => {
    for (const query of ['bonjour', 'merci !', '???', 'hello', '  ']) expect(assistant.ask(query).kind, query).toBe('empty');
    expect(assistant.ask('bonjour, et loki ?')).toMatchObject({ kind: 'entry', entry: { id: 'loki' } });
    expect(assistant.ask('pizza').kind).toBe('none');
  });
});

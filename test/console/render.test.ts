import { describe, expect, it } from 'vitest';
import { ANSI, markdownToTerminal, PLAIN, renderReplyForTerminal } from '../../src/console/render.js';
import type { Answer } from '../../src/core/answer.js';
import type { Reply } from '../../src/core/reply.js';
import { fr } from '../../src/locale/fr.js';
import { makeEntry } from '../support/entries.js';

const fluentd = makeEntry('fluentd', { title: 'Fluentd' });
const loki = makeEntry('loki', {
  title: 'Loki',
  summary: 'Des **logs** & des [labels](https://grafana.com/loki) <!here>.',
  key_points: ['Indexe les `labels` seulement'],
  links: [{ title: 'Site', url: 'https://grafana.com/' }],
  backlog: { priority: 'high', reason: 'Nos logs coûtent cher.' },
});
const answer: Answer = {
  kind: 'entry',
  query: 'loki',
  entry: loki,
  event: { id: 'test', title: 'KubeCon' },
  backlog: { entry: loki, priority: 'high', reason: 'Nos logs coûtent cher.' },
  related: [fluentd],
  hits: [],
};
const options = { timeZone: 'Europe/Paris' };

describe('the console renderer, on a reply', () => {
  it('lays out an entry card as Slack orders it, its Markdown as terminal text, its actions numbered', () => {
    const reply: Reply = {
      kind: 'answer',
      answer,
      tool: { item: answer.backlog!, status: 'claimed', state: { entryId: 'loki', claimedBy: 'U0ALICE', verdicts: [] } },
      actions: [
        { kind: 'open', entry: fluentd },
        { kind: 'share', entryId: 'loki' },
      ],
    };
    const { text, buttons } = renderReplyForTerminal(reply, fr, options);
    expect(text).toBe(
      [
        'Loki',
        '════',
        '',
        'Projet  ·  Événement : KubeCon  ·  🔴 À tester · priorité haute  ·  🙋 @U0ALICE s’en occupe',
        '',
        'Des logs & des labels (https://grafana.com/loki) <!here>.',
        '',
        'Points clés\n• Indexe les `labels` seulement',
        '',
        '🧪 Nos logs coûtent cher.',
        '',
        'Liens\n• Site (https://grafana.com/)',
        '',
        'Source : « Test », test',
        '',
        'Voir aussi',
        '[1] Fluentd   [2] Partager dans le canal',
      ].join('\n'),
    );
    expect(buttons.map((b) => b.action.kind)).toEqual(['open', 'share']);
  });

  it('says what nothing found means, with the command the surface types', () => {
    const reply: Reply = { kind: 'answer', answer: { kind: 'none', query: 'backleg', suggestions: [], hits: [] }, suggestedCommand: 'backlog', actions: [] };
    expect(renderReplyForTerminal(reply, fr, { ...options, command: 'kubecon-bot' }).text).toBe(
      'Rien dans le compte rendu pour « backleg ».\n\nVouliez-vous dire `kubecon-bot backlog` ?\n\nTapez `kubecon-bot list` pour voir tout ce que le compte rendu couvre.',
    );
  });

  it('shows buttons unnumbered when they cannot be pressed', () => {
    const reply: Reply = { kind: 'backlog', rows: [{ item: answer.backlog!, status: 'open', open: { kind: 'open', entry: loki } }] };
    const { text, buttons } = renderReplyForTerminal(reply, fr, { ...options, numberButtons: false });
    expect(text).toContain('🔴 Loki · haute\nNos logs coûtent cher.\n⏳ à prendre\n  [Loki]');
    expect(buttons).toEqual([]);
  });

  it('styles Markdown for a terminal, and a user’s words as written', () => {
    expect(markdownToTerminal('**gras**, *italique* et [lien](https://a.b/c_d)', ANSI)).toBe('\x1b[1mgras\x1b[22m, \x1b[3mitalique\x1b[23m et lien (https://a.b/c_d)');
    const reply: Reply = {
      kind: 'backlog',
      rows: [{ item: answer.backlog!, status: 'evaluated', state: { entryId: 'loki', verdicts: [{ entryId: 'loki', verdict: 'trial', by: 'U0BOB', at: new Date(0), comment: '*pas* <!channel>' }] }, open: { kind: 'open', entry: loki } }],
    };
    expect(renderReplyForTerminal(reply, fr, { ...options, style: PLAIN }).text).toContain('✅ verdict Trial par @U0BOB : *pas* <!channel>');
  });
});

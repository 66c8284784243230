import { describe, expect, it } from 'vitest';
import { ANSI, markdownToTerminal, PLAIN, renderReplyForTerminal, terminalWidth, wrapLine } from '../../src/console/render.js';
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
  backlog: { entry: loki, priority: 'high', reason: 'Nos logs coûtent cher.', source: 'recap' },
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


describe('wrapping for a terminal', () => {
  it('breaks a line between words, never inside one', () => {
    expect(wrapLine('Les déploiements utilisent les droits de l’utilisateur qui lance la commande', 30)).toEqual([
      'Les déploiements utilisent les',
      'droits de l’utilisateur qui',
      'lance la commande',
    ]);
  });

  it('indents the rows after the first under a bullet’s text', () => {
    expect(wrapLine('• Helm 3 passe en mode client seul et supprime Tiller', 24)).toEqual(['• Helm 3 passe en mode', '  client seul et', '  supprime Tiller']);
  });

  it('keeps a button whole, breaking between buttons', () => {
    expect(wrapLine('[1] Canary & BlueGreen avec Kubernetes (Intuit)   [2] Kapp   [3] Harbor', 55)).toEqual([
      '[1] Canary & BlueGreen avec Kubernetes (Intuit)',
      '[2] Kapp   [3] Harbor',
    ]);
  });

  it('starts a button too wide for any row on a row of its own', () => {
    expect(wrapLine("[4] Linkerd   [5] OpenTelemetry (fusion d'OpenCensus et OpenTracing)   [6] Rook", 50)).toEqual([
      '[4] Linkerd',
      "[5] OpenTelemetry (fusion d'OpenCensus et",
      'OpenTracing)   [6] Rook',
    ]);
  });

  it('breaks a list of items between items, counting an emoji as two columns', () => {
    expect(wrapLine('🔴 Conftest : tester ses policies OPA  ·  🟠 Chaos Toolkit  ·  🟠 Kapp', 57)).toEqual([
      '🔴 Conftest : tester ses policies OPA',
      '🟠 Chaos Toolkit  ·  🟠 Kapp',
    ]);
  });

  it('leaves a word wider than a row whole, on a row of its own', () => {
    expect(wrapLine('• Talk (https://www.youtube.com/watch?v=lYzrhzLAxUI)', 30)).toEqual(['• Talk', '  (https://www.youtube.com/watch?v=lYzrhzLAxUI)']);
  });

  it('leaves a line that fits as it is', () => {
    expect(wrapLine('[1] Je m’en occupe   [2] Testé', 80)).toEqual(['[1] Je m’en occupe   [2] Testé']);
  });

  it('counts the columns a terminal shows: emoji two, styles and combining accents none', () => {
    expect(terminalWidth('🐣 CNCF')).toBe(7);
    expect(terminalWidth('⚪ À tester')).toBe(11);
    expect(terminalWidth('\x1b[1mHelm\x1b[22m')).toBe(4);
    expect(terminalWidth('de\u0301ploye\u0301')).toBe(7);
    expect(terminalWidth('漢字')).toBe(4);
  });
});

describe('terminal styles', () => {
  it('keeps a dim line dim after a bold word in it', () => {
    // The code that ends bold (22) ends dim too: dim starts again after it.
    expect(ANSI.dim(`🐣 ${ANSI.bold('CNCF incubating')}  ·  Projet`)).toBe('\x1b[2m🐣 \x1b[1mCNCF incubating\x1b[22m\x1b[2m  ·  Projet\x1b[22m');
  });
});

import { describe, expect, it } from 'vitest';
import { ANSI, terminalWidth, wrapLine } from '../../src/console/render.js';

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

import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { entryText, makeKnowledgeDir } from '../support/temp-knowledge.js';

describe('kubecon-bot ask', () => {
  it('shows Helm 3 for helm3, with its maturity, links and backlog status', async () => {
    const run = await cli(['ask', 'helm3']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Helm 3\n═+/);
    expect(run.stdout).toContain('CNCF incubating');
    expect(run.stdout).toContain('https://helm.sh/');
    expect(run.stdout).toMatch(/À tester · priorité basse/);
    expect(run.stdout).toContain('Source : « CR KubeCon EU 2019 », OCTO Technology');
  });

  it('answers in English when BOT_LOCALE=en, the knowledge staying French', async () => {
    const run = await cli(['ask', 'conftest'], { env: { BOT_LOCALE: 'en' } });
    expect(run.stdout).toContain('To try · high priority');
    expect(run.stdout).toContain('Key points');
  });

  it('prints one JSON line with --json, best hit first', async () => {
    const run = await cli(['ask', '--json', 'kube hunter']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0]!) as { query: string; hits: { id: string; title: string; score: number }[] };
    expect(json.query).toBe('kube hunter');
    expect(json.hits[0]).toMatchObject({ id: 'kube-hunter' });
    expect(typeof json.hits[0]!.score).toBe('number');
    expect(Object.keys(json.hits[0]!).sort()).toEqual(['id', 'score', 'title']);
  });

  it('finds the entry of a question with an everyday verb or adjective around its subject', async () => {
    for (const [query, ids] of [
      ['centraliser les logs', ['loki', 'fluentd']],
      ['comment sécuriser mes secrets', ['secrets-store-csi']],
      ['stockage persistant', ['openebs', 'rook']],
      ['packager mes applications', ['helm-3']],
    ] as const) {
      const run = await cli(['ask', '--json', query]);
      const json = JSON.parse(run.stdout) as { hits: { id: string }[] };
      expect(ids, query).toContain(json.hits[0]?.id);
    }
  });

  it('returns empty hits for an off-topic query', async () => {
    const run = await cli(['ask', '--json', 'recette de crêpes']);
    expect(JSON.parse(run.stdout)).toEqual({ query: 'recette de crêpes', hits: [] });
  });

  it('points to its own commands, not Slack’s, when nothing is found', async () => {
    const run = await cli(['ask', 'backleg']);
    expect(run.stdout).toContain('Vouliez-vous dire `kubecon-bot backlog` ?');
    expect(run.stdout).toContain('Tapez `kubecon-bot list`');
    expect(run.stdout).not.toContain('/kubecon');
  });

  it('reads one query per line from standard input and answers each on its own line', async () => {
    const run = await cli(['ask', '--json'], { stdin: 'helm3\nloki\n\npizza\n' });
    expect(run.code).toBe(0);
    const answers = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { query: string; hits: { id: string }[] });
    expect(answers.map((a) => [a.query, a.hits[0]?.id])).toEqual([
      ['helm3', 'helm-3'],
      ['loki', 'loki'],
      ['', undefined],
      ['pizza', undefined],
    ]);
    expect(run.stderr).toBe('');
  });

  it('answers standard input readably, one line per query', async () => {
    const run = await cli(['ask'], { stdin: 'linkerd\nzzzz\n' });
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Linkerd/);
    expect(lines[1]).toContain('Rien dans le compte rendu pour « zzzz »');
  });

  it('never crashes on odd queries', async () => {
    for (const query of ['x'.repeat(5000), '🚀🔥', '\u0000\u0007\u001b[31m', '<!channel> helm', "'''", '???']) {
      const run = await cli(['ask', '--json', query]);
      expect(run.code, JSON.stringify(query.slice(0, 20))).toBe(0);
      expect(() => JSON.parse(run.stdout) as unknown).not.toThrow();
    }
  });

  it('never writes the control characters of a query back to the terminal', async () => {
    const run = await cli(['ask', '\u001b[31mred\u0007']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('« [31mred »');
    expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  it('takes a query that looks like an option after --', async () => {
    const run = await cli(['ask', '--json', '--', '--helm']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ query: '--helm' });
  });

  it('prints the usage and exits 2 on an empty query or an unknown command', async () => {
    for (const args of [['ask', ''], ['ask', '   '], ['frobnicate'], [], ['ask', '--nope', 'x'], ['list', 'extra']]) {
      const run = await cli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain('Usage: kubecon-bot <command>');
      expect(run.stdout).toBe('');
    }
    expect((await cli(['ask', '--jsn', 'helm'])).stderr).toMatch(/^kubecon-bot: unknown option --jsn \(ask takes --json, --record; a query starting with - goes after --\)\n/);
  });
});

/** Each text appears in the output, in this order. */
function expectInOrder(output: string, texts: string[]): void {
  const positions = texts.map((t) => output.indexOf(t));
  for (const [i, position] of positions.entries()) expect(position, texts[i]).toBeGreaterThan(-1);
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
}

describe('kubecon-bot list, backlog, check', () => {
  it('lists entries grouped by maturity and kind', async () => {
    const run = await cli(['list']);
    expect(run.code).toBe(0);
    expectInOrder(run.stdout, ['Projets CNCF graduated', 'Projets CNCF incubating', 'Projets CNCF sandbox']);
    expect(run.stdout).toContain('[Fluentd]');
    expect(run.stdout).toContain('Talks');
  });

  it('shows the backlog by priority with the reason, Conftest first', async () => {
    const run = await cli(['backlog']);
    expect(run.code).toBe(0);
    expectInOrder(run.stdout, ['Conftest', 'Kapp', 'Secrets Store CSI']);
    expect(run.stdout).toMatch(/Conftest[^\n]* · haute/);
  });

  it('check says OK for the recap', async () => {
    const run = await cli(['check']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^OK: \d+ entries, 1 event\(s\) \(kubecon-eu-2019\)/);
  });

  it('check reports every problem as file: field: message and exits non-zero; other commands refuse too', async () => {
    const made = await makeKnowledgeDir({
      'ev/good.md': entryText('good', { event: 'ev' }),
      'ev/bad.md': entryText('bad', { event: 'ev', links: '\n  - title: Talk\n    url: youtube' }),
    });
    try {
      const name = made.dir.split('/').pop();
      for (const command of ['check', 'list']) {
        const run = await cli([command], { env: { KNOWLEDGE_DIR: made.dir } });
        expect(run.code).toBe(1);
        expect(run.stderr).toBe(`kubecon-bot: invalid knowledge: ${name}/ev/bad.md: links[0].url: expected an http(s) URL\n`);
      }
    } finally {
      await made.cleanup();
    }
  });

  it('check --stale lists the entries not reviewed for that long or never, and still exits 0', async () => {
    const made = await makeKnowledgeDir({
      'ev/old.md': entryText('old', { event: 'ev', title: 'Ancienne', reviewed: '2000-01-01' }),
      'ev/fresh.md': entryText('fresh', { event: 'ev', title: 'Fraîche', reviewed: '2999-01-01' }),
      'ev/never.md': entryText('never', { event: 'ev', title: 'Jamais revue' }),
    });
    try {
      const name = made.dir.split('/').pop();
      const run = await cli(['check', '--stale', '26w'], { env: { KNOWLEDGE_DIR: made.dir } });
      expect(run.code).toBe(0);
      const lines = run.stdout.split('\n');
      expect(lines[1]).toBe('Not reviewed for 26w or more, or never (2):');
      expect(lines[2]).toBe(`  ${name}/ev/never.md  Jamais revue: never reviewed`);
      expect(lines[3]).toMatch(new RegExp(`^  ${name}/ev/old.md    Ancienne: reviewed 2000-01-01, \\d+ days ago$`));
      expect(run.stdout).not.toContain('Fraîche');
      expect(run.stderr).toBe('');
    } finally {
      await made.cleanup();
    }
  });

  it('refuses a malformed environment with one line naming the variable', async () => {
    const run = await cli(['list'], { env: { BOT_LOCALE: 'de' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('kubecon-bot: BOT_LOCALE must be one of fr, en\n');
  });
});

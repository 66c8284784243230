import { cp, mkdtemp, rm } from 'node:fs/promises';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { cleanupAfterEach } from '../support/cleanups.js';
import { KNOWLEDGE_DIR, tempStateDir } from '../support/test-app.js';

const deferCleanup = cleanupAfterEach();

function stateDir() {
  const state = tempStateDir();
  deferCleanup(() => state.cleanup());
  return state.dir;
}

const ARGO = ['--title', 'Argo Rollouts', '--url', 'https://argoproj.github.io/argo-rollouts/', '--reason', 'Des déploiements progressifs sans scripts maison.'];

describe('kubecon-bot propose, backlog --json and export-proposals', () => {
  it('proposes a tool, which backlog --json then lists with its source, proposer and date', async () => {
    const STATE_DIR = stateDir();
    const proposed = await cli(['propose', ...ARGO, '--priority', 'high', '--by', 'alice'], { env: { STATE_DIR } });
    expect(proposed).toMatchObject({ code: 0, stderr: '' });
    expect(proposed.stdout).toContain('Argo Rollouts');
    const listed = await cli(['backlog', '--json'], { env: { STATE_DIR } });
    expect(listed.code).toBe(0);
    const { tools } = JSON.parse(listed.stdout) as { tools: Record<string, unknown>[] };
    expect(tools[0]).toMatchObject({ id: 'argo-rollouts', title: 'Argo Rollouts', priority: 'high', status: 'open', source: 'proposed', proposedBy: 'alice' });
    expect(new Date(tools[0]!.proposedAt as string).getTime()).not.toBeNaN();
    expect(tools.find((tool) => tool.id === 'conftest')).toMatchObject({ priority: 'high', status: 'open', source: 'recap' });
    expect(tools.filter((tool) => tool.source === 'recap')).toHaveLength(7);
    expect((await cli(['backlog'], { env: { STATE_DIR } })).stdout).toContain('Argo Rollouts · haute');
  });

  it('prints each problem on standard error and exits 2, storing nothing', async () => {
    const STATE_DIR = stateDir();
    const refused = await cli(['propose', '--title', 'A', '--url', 'javascript:alert(1)', '--reason', 'Des déploiements progressifs.', '--priority', 'urgent'], { env: { STATE_DIR } });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      'kubecon-bot: propose: --title: Au moins 2 caractères.\nkubecon-bot: propose: --url: Un lien http:// ou https:// complet.\nkubecon-bot: propose: --priority: Haute, normale ou basse.\n',
    );
    const again = await cli(['propose', ...ARGO], { env: { STATE_DIR } });
    expect(again.code).toBe(0);
    const duplicate = await cli(['propose', ...ARGO.slice(0, 1), 'argo-ROLLOUTS', ...ARGO.slice(2)], { env: { STATE_DIR } });
    expect(duplicate).toMatchObject({ code: 2, stderr: 'kubecon-bot: propose: --title: Cet outil est déjà dans la liste à tester.\n' });
  });

  it('gives a proposal an id no knowledge entry or other proposal has', async () => {
    const STATE_DIR = stateDir();
    // Harbor is an entry of the recap, not a tool to try: it may be proposed, under another id than the entry's.
    const propose = (title: string) => cli(['propose', '--title', title, '--url', 'https://goharbor.io/', '--reason', 'Un registre à nous, signé.'], { env: { STATE_DIR } });
    expect((await propose('Harbor')).code).toBe(0);
    expect((await propose('Harbor!')).code).toBe(2); // the same name, punctuation aside
    expect((await propose('Proposed')).code).toBe(0);
    const { tools } = JSON.parse((await cli(['backlog', '--json'], { env: { STATE_DIR } })).stdout) as { tools: { id: string; source: string }[] };
    expect(tools.filter((tool) => tool.source === 'proposed').map((tool) => tool.id).sort()).toEqual(['harbor-2', 'proposed-2']);
  });

  it('uses the OS user name when --by is not given', async () => {
    const STATE_DIR = stateDir();
    expect((await cli(['propose', ...ARGO], { env: { STATE_DIR } })).code).toBe(0);
    const { tools } = JSON.parse((await cli(['backlog', '--json'], { env: { STATE_DIR } })).stdout) as { tools: { proposedBy?: string }[] };
    expect(tools.find((tool) => tool.proposedBy)?.proposedBy).toBe((await import('node:os')).userInfo().username);
  });

  it('exports each proposal as a draft entry that check accepts beside the recap', async () => {
    const STATE_DIR = stateDir();
    expect((await cli(['propose', ...ARGO, '--by', 'alice'], { env: { STATE_DIR } })).code).toBe(0);
    expect((await cli(['propose', '--title', 'Kyverno : des policies en YAML', '--url', 'https://kyverno.io/', '--reason', 'Des policies sans apprendre Rego.', '--priority', 'low', '--by', 'bob'], { env: { STATE_DIR } })).code).toBe(0);
    const dir = await mkdtemp(path.join(tmpdir(), 'kubecon-export-'));
    deferCleanup(() => rm(dir, { recursive: true, force: true }));
    const exported = await cli(['export-proposals', dir], { env: { STATE_DIR } });
    expect(exported).toMatchObject({ code: 0, stderr: '' });
    const draft = readFileSync(path.join(dir, 'proposed', 'argo-rollouts.md'), 'utf8');
    expect(draft).toContain('Brouillon');
    expect(draft).toContain('publisher: alice');
    expect(draft).toMatch(/backlog:\n {2}priority: normal\n {2}reason: Des déploiements progressifs sans scripts maison\./);

    await cp(path.join(KNOWLEDGE_DIR, 'kubecon-eu-2019'), path.join(dir, 'kubecon-eu-2019'), { recursive: true });
    const checked = await cli(['check'], { env: { KNOWLEDGE_DIR: dir } });
    expect(checked.stderr).toBe('');
    expect(checked.code).toBe(0);
    expect(checked.stdout).toMatch(/^OK: 20 entries, 2 event\(s\)/);
  });

  it('says where it cannot write the drafts, in one line, instead of hanging or a stack trace', async () => {
    const STATE_DIR = stateDir();
    expect((await cli(['propose', ...ARGO, '--by', 'alice'], { env: { STATE_DIR } })).code).toBe(0);
    // Under /proc the kernel refuses a new folder with ENOENT: Node's recursive mkdir spins there forever.
    const refused = await cli(['export-proposals', '/proc/kubecon-export'], { env: { STATE_DIR } });
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toBe('kubecon-bot: export-proposals: cannot write /proc/kubecon-export/proposed: not found\n');
    const dir = await mkdtemp(path.join(tmpdir(), 'kubecon-export-'));
    deferCleanup(() => rm(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'proposed'), 'a file where the folder goes');
    const inTheWay = await cli(['export-proposals', dir], { env: { STATE_DIR } });
    expect(inTheWay).toMatchObject({ code: 1, stderr: `kubecon-bot: export-proposals: cannot write ${path.join(dir, 'proposed')}: a file is there, not a folder\n` });
  });
});

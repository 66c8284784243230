import { beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/core/assistant.js';
import { createBacklogTracker } from '../../src/core/tracker.js';
import { openSqliteStore } from '../../src/state/sqlite.js';
import { expectOneHolderEach, raceClaims } from '../support/claim-race.js';
import { loadRecap } from '../support/entries.js';
import { cleanupAfterEach } from '../support/cleanups.js';
import { tempStateDir } from '../support/test-app.js';

let assistant: Assistant;
beforeAll(async () => {
  assistant = await loadRecap();
});

const deferCleanup = cleanupAfterEach();

/** A bot's tracker on the state file in `dir`. */
function bot(dir: string) {
  const store = openSqliteStore(dir);
  deferCleanup(() => store.close());
  return createBacklogTracker({ knowledge: assistant, store, schedule: { cron: '30 9 * * 1', timeZone: 'Europe/Paris' }, scheduled: false });
}

function oneBot() {
  const state = tempStateDir();
  deferCleanup(() => state.cleanup());
  return bot(state.dir);
}

describe('two bots on one state file, as during a deploy', () => {
  it('leaves a tool to whoever claimed it first, and tells the other who', async () => {
    const state = tempStateDir();
    deferCleanup(() => state.cleanup());
    const oldBot = bot(state.dir);
    const newBot = bot(state.dir);
    expect((await oldBot.row('conftest'))?.status).toBe('open');
    expect(await newBot.claim('conftest', 'U0BOB')).toMatchObject({ ok: true, state: { claimedBy: 'U0BOB' } });
    expect(await oldBot.claim('conftest', 'U0ALICE')).toEqual({ ok: false, reason: 'claimed', by: 'U0BOB' });
    expect((await bot(state.dir).row('conftest'))?.state?.claimedBy).toBe('U0BOB');
  });

  it('gives each tool to exactly one of four processes claiming six tools at once, and tells the others who has it', async () => {
    const state = tempStateDir();
    deferCleanup(() => state.cleanup());
    const tools = assistant.backlog.slice(0, 6).map((item) => item.entry.id);
    await bot(state.dir).board(); // creates the file before the race
    const users = ['U01', 'U02', 'U03', 'U04'];
    const answers = await raceClaims(state.dir, users, tools);
    const stored = bot(state.dir);
    const holders = new Map<string, string | undefined>();
    for (const id of tools) holders.set(id, (await stored.row(id))?.state?.claimedBy);
    expectOneHolderEach(answers, holders);
  }, 60_000);
});

describe('a click checked against the tool’s current state', () => {
  it('refuses to claim a dismissed tool, or one with a verdict, and says who', async () => {
    const tracker = oneBot();
    await tracker.dismiss('kapp', 'U0CAROL', { reason: 'on a Argo CD' });
    expect(await tracker.claim('kapp', 'U0BOB')).toEqual({ ok: false, reason: 'dismissed', by: 'U0CAROL' });
    await tracker.recordVerdict('conftest', 'U0DAN', 'trial');
    expect(await tracker.claim('conftest', 'U0BOB')).toEqual({ ok: false, reason: 'evaluated', by: 'U0DAN', verdict: 'trial' });
    expect((await tracker.row('kapp'))?.state?.claimedBy).toBeUndefined();
    expect((await tracker.row('conftest'))?.state?.claimedBy).toBeUndefined();
  });

  it('refuses a verdict on a dismissed tool and a dismissal of a tool with a verdict', async () => {
    const tracker = oneBot();
    await tracker.dismiss('kapp', 'U0CAROL');
    expect(await tracker.recordVerdict('kapp', 'U0BOB', 'adopt')).toEqual({ ok: false, reason: 'dismissed', by: 'U0CAROL' });
    await tracker.recordVerdict('conftest', 'U0DAN', 'hold');
    expect(await tracker.dismiss('conftest', 'U0BOB')).toEqual({ ok: false, reason: 'evaluated', by: 'U0DAN', verdict: 'hold' });
    expect(await tracker.refusal('kapp', 'verdict', 'U0BOB')).toEqual({ reason: 'dismissed', by: 'U0CAROL' });
    expect(await tracker.refusal('conftest', 'verdict', 'U0BOB')).toBeUndefined();
    expect((await tracker.row('conftest'))?.status).toBe('evaluated');
  });

  it('records a modal submitted twice once, and answers the second as the first', async () => {
    const tracker = oneBot();
    const first = await tracker.recordVerdict('conftest', 'U0BOB', 'trial', { comment: 'ok', submissionId: 'V1' });
    expect(await tracker.recordVerdict('conftest', 'U0BOB', 'trial', { comment: 'ok', submissionId: 'V1' })).toEqual(first);
    expect(await tracker.recordVerdict('conftest', 'U0BOB', 'adopt', { submissionId: 'V2' })).toMatchObject({ ok: true });
    expect((await tracker.row('conftest'))?.state?.verdicts.map((v) => v.verdict)).toEqual(['trial', 'adopt']);
    const dismissed = await tracker.dismiss('kapp', 'U0CAROL', { submissionId: 'V3' });
    expect(dismissed).toMatchObject({ ok: true });
    expect(await tracker.dismiss('kapp', 'U0CAROL', { submissionId: 'V3' })).toEqual(dismissed);
    expect(await tracker.dismiss('kapp', 'U0CAROL', { submissionId: 'V4' })).toEqual({ ok: false, reason: 'dismissed', by: 'U0CAROL' });
  });

  it('lets whoever is on a tool click “I’m on it” again, changing nothing', async () => {
    const tracker = oneBot();
    const claimed = await tracker.claim('conftest', 'U0BOB');
    expect(await tracker.claim('conftest', 'U0BOB')).toEqual(claimed);
  });
});

describe('proposals sent at once', () => {
  it('stores one of two proposals of the same name sent at once by two bots, and refuses the other on its title', async () => {
    const state = tempStateDir();
    deferCleanup(() => state.cleanup());
    const [one, two] = [bot(state.dir), bot(state.dir)];
    const proposal = { url: 'https://argoproj.github.io/argo-rollouts/', reason: 'Des déploiements progressifs.' };
    // Both read the proposals before either writes: only the store can tell them apart.
    const results = await Promise.all([one.propose({ ...proposal, title: 'Argo Rollouts' }, 'U1'), two.propose({ ...proposal, title: 'argo-rollouts' }, 'U2')]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, errors: [{ field: 'title', problem: 'already-in-backlog' }] });
    expect((await one.backlog()).filter((item) => item.source === 'proposed').map((item) => item.entry.title)).toHaveLength(1);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { BacklogStore, ToolState, ToolWrite } from '../../src/core/store.js';

const MONDAY = new Date('2026-03-30T07:30:00Z');
const SLOT = MONDAY.toISOString();
const at = (minutes: number) => new Date(MONDAY.getTime() + minutes * 60_000);

/** Writes `change` unconditionally, as a decision that always writes would: the state after. */
async function write(store: BacklogStore, entryId: string, change: ToolWrite): Promise<ToolState> {
  return (await store.changeTool(entryId, () => ({ write: change, result: undefined }))).state;
}

/** A claim the way the tracker decides it: only a free tool is taken; the answer is who holds it. */
const claimIfFree = (store: BacklogStore, entryId: string, by: string) =>
  store.changeTool(entryId, (current) => (current.claimedBy ? { result: current.claimedBy } : { write: { kind: 'claim', by, at: at(0) }, result: by }));

/**
 * What every backend of BacklogStore must do, whatever it stores in.
 * `open`: a new store (its own connection) on the backend of the test
 * running; the caller gives each test an empty backend (in a beforeEach), and
 * two stores opened in one test share it as two processes would. Stores
 * opened here are closed after each test.
 */
export function describeStoreContract(name: string, open: () => Promise<BacklogStore>): void {
  describe(`the ${name} store, as every backlog store must behave`, () => {
    const opened: BacklogStore[] = [];
    const connect = async () => {
      const store = await open();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close().catch(() => undefined);
    });

    it('remembers claims, verdicts and dismissals per tool', async () => {
      const store = await connect();
      expect((await store.toolStates()).size).toBe(0);

      expect(await write(store, 'loki', { kind: 'claim', by: 'U1', at: at(0) })).toEqual({ entryId: 'loki', claimedBy: 'U1', claimedAt: at(0), verdicts: [] });
      const trial = await write(store, 'loki', { kind: 'verdict', record: { verdict: 'trial', comment: 'looks cheap', by: 'U1', at: at(1) } });
      expect(trial.verdicts.at(-1)).toEqual({ entryId: 'loki', verdict: 'trial', comment: 'looks cheap', by: 'U1', at: at(1) });
      const adopt = await write(store, 'loki', { kind: 'verdict', record: { verdict: 'adopt', by: 'U2', at: at(2) } });
      expect(adopt.verdicts.at(-1)).toEqual({ entryId: 'loki', verdict: 'adopt', by: 'U2', at: at(2) });
      expect(adopt.verdicts.map((v) => v.verdict)).toEqual(['trial', 'adopt']);

      expect(await write(store, 'kapp', { kind: 'dismiss', dismissal: { by: 'U3', reason: 'we use Helm', at: at(3) } })).toEqual({
        entryId: 'kapp',
        verdicts: [],
        dismissed: { by: 'U3', reason: 'we use Helm', at: at(3) },
      });

      const states = await store.toolStates();
      expect([...states.keys()].sort()).toEqual(['kapp', 'loki']);
      expect(states.get('loki')).toEqual(adopt);
    });

    it('gives a claimed tool to whoever claims it last when the decision says to', async () => {
      const store = await connect();
      await write(store, 'rook', { kind: 'claim', by: 'U1', at: at(0) });
      expect(await write(store, 'rook', { kind: 'claim', by: 'U2', at: at(5) })).toMatchObject({ claimedBy: 'U2', claimedAt: at(5) });
    });

    it('keeps the first dismissal of a tool', async () => {
      const store = await connect();
      await write(store, 'kapp', { kind: 'dismiss', dismissal: { by: 'U1', at: at(0) } });
      expect((await write(store, 'kapp', { kind: 'dismiss', dismissal: { by: 'U2', reason: 'again', at: at(5) } })).dismissed).toEqual({ by: 'U1', at: at(0) });
    });

    it('records one verdict per submission, and keeps which submission a dismissal came from', async () => {
      const store = await connect();
      await write(store, 'loki', { kind: 'verdict', record: { verdict: 'trial', by: 'U1', at: at(0), submissionId: 'V1' } });
      await write(store, 'loki', { kind: 'verdict', record: { verdict: 'trial', by: 'U1', at: at(1), submissionId: 'V1' } });
      await write(store, 'loki', { kind: 'verdict', record: { verdict: 'hold', by: 'U1', at: at(2) } });
      await write(store, 'loki', { kind: 'verdict', record: { verdict: 'adopt', by: 'U1', at: at(3) } });
      const other = await connect();
      expect((await other.toolStates()).get('loki')?.verdicts.map((v) => [v.verdict, v.submissionId])).toEqual([
        ['trial', 'V1'],
        ['hold', undefined],
        ['adopt', undefined],
      ]);
      const dismissed = await write(store, 'kapp', { kind: 'dismiss', dismissal: { by: 'U2', at: at(4), submissionId: 'V2' } });
      expect(dismissed.dismissed).toEqual({ by: 'U2', at: at(4), submissionId: 'V2' });
    });

    it('gives a tool one holder when claims from several connections arrive at once, and tells every other claim who', async () => {
      const stores = await Promise.all([connect(), connect(), connect()]);
      const claims = await Promise.all(stores.flatMap((store, i) => [claimIfFree(store, 'loki', `U${i}A`), claimIfFree(store, 'loki', `U${i}B`)]));
      const holder = claims[0]!.state.claimedBy;
      expect(holder).toBeDefined();
      for (const claim of claims) expect(claim).toMatchObject({ result: holder, state: { claimedBy: holder } });
      expect((await (await connect()).toolStates()).get('loki')?.claimedBy).toBe(holder);
    });

    it('decides a change on the state as stored, written by another connection, and writes nothing when the decision writes nothing or fails', async () => {
      const store = await connect();
      const other = await connect();
      await store.toolStates();
      await write(other, 'rook', { kind: 'claim', by: 'U2', at: at(0) });
      expect(await store.changeTool('rook', (current) => ({ result: current.claimedBy }))).toEqual({
        result: 'U2',
        state: { entryId: 'rook', claimedBy: 'U2', claimedAt: at(0), verdicts: [] },
      });
      await expect(
        store.changeTool('rook', () => {
          throw new Error('changed its mind');
        }),
      ).rejects.toThrow('changed its mind');
      expect((await other.changeTool('rook', (current) => ({ result: current.claimedBy }))).result).toBe('U2');
    });

    it('finds the same state after being closed and opened again', async () => {
      const first = await connect();
      await write(first, 'rook', { kind: 'claim', by: 'U1', at: at(0) });
      await write(first, 'loki', { kind: 'verdict', record: { verdict: 'hold', by: 'U2', at: at(1) } });
      await write(first, 'kapp', { kind: 'dismiss', dismissal: { by: 'U3', reason: 'not for us', at: at(2) } });
      await first.reserveDigestSlot(SLOT, 'C1', 'rook', at(3));
      await first.completeDigest(SLOT, '1711.0001', at(4));
      const before = await first.toolStates();
      const historyBefore = await first.digestHistory();
      await first.close();

      const second = await connect();
      expect(await second.toolStates()).toEqual(before);
      expect(await second.digestHistory()).toEqual(historyBefore);
    });

    it('answers a ping while open, and fails it once closed (closed twice, without an error)', async () => {
      const store = await connect();
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      await expect(store.ping()).rejects.toThrow();
      await expect(store.close()).resolves.toBeUndefined();
    });

    it('reserves a digest slot once, even for another connection', async () => {
      const store = await connect();
      const other = await connect();
      expect(await store.reserveDigestSlot(SLOT, 'C1', 'loki', at(0))).toBe(true);
      expect(await store.reserveDigestSlot(SLOT, 'C1', 'loki', at(0))).toBe(false);
      expect(await other.reserveDigestSlot(SLOT, 'C1', 'rook', at(1))).toBe(false);
    });

    it('reserves a slot for one of several runs asking at once', async () => {
      const stores = await Promise.all([connect(), connect(), connect()]);
      const won = await Promise.all(stores.map((store, i) => store.reserveDigestSlot(SLOT, 'C1', `tool-${i}`, at(i))));
      expect(won.filter(Boolean)).toHaveLength(1);
    });

    it('never takes over a reservation whose post may have been taken; releasing it frees the slot', async () => {
      const store = await connect();
      expect(await store.reserveDigestSlot(SLOT, 'C1', 'loki', at(0))).toBe(true);
      await store.markDigestUncertain(SLOT, at(1));
      await store.markDigestUncertain(SLOT, at(30)); // a later look that could not tell keeps the first date
      const restarted = await connect();
      expect(await restarted.pendingDigest(SLOT)).toEqual({ reservedAt: at(0), uncertainSince: at(1) });
      expect(await restarted.reserveDigestSlot(SLOT, 'C1', 'loki', at(600))).toBe(false);
      await restarted.releaseDigestSlot(SLOT);
      expect(await restarted.pendingDigest(SLOT)).toBeUndefined();
      expect(await restarted.reserveDigestSlot(SLOT, 'C1', 'loki', at(601))).toBe(true);
    });

    it('never gives a reservation to another run on its own, however old: its post may be in the channel', async () => {
      const store = await connect();
      const other = await connect();
      expect(await store.reserveDigestSlot(SLOT, 'C1', 'loki', at(0))).toBe(true);
      expect(await other.reserveDigestSlot(SLOT, 'C1', 'rook', at(16))).toBe(false);
      expect(await other.reserveDigestSlot(SLOT, 'C1', 'rook', at(600))).toBe(false);
      expect(await other.pendingDigest(SLOT)).toEqual({ reservedAt: at(0) });
    });

    it('gives a reservation taken over to one run only, and never a posted slot', async () => {
      const store = await connect();
      const first = await connect();
      const second = await connect();
      await store.reserveDigestSlot(SLOT, 'C1', 'loki', at(0));
      await store.markDigestUncertain(SLOT, at(1));
      // Both looked in the channel, found nothing, and take it over.
      expect(await first.takeOverDigestSlot(SLOT, at(0), 'C1', 'rook', at(20))).toBe(true);
      expect(await second.takeOverDigestSlot(SLOT, at(0), 'C1', 'kapp', at(20))).toBe(false);
      expect(await second.pendingDigest(SLOT)).toEqual({ reservedAt: at(20) });
      await first.completeDigest(SLOT, '1711.0002', at(21));
      expect(await store.digestBySlot(SLOT)).toMatchObject({ entryId: 'rook', messageRef: '1711.0002' });
      expect(await second.takeOverDigestSlot(SLOT, at(20), 'C1', 'kapp', at(60))).toBe(false);
      expect(await store.pendingDigest(SLOT)).toBeUndefined();
    });

    it('lets a released slot be reserved again', async () => {
      const store = await connect();
      await store.reserveDigestSlot(SLOT, 'C1', 'loki', at(0));
      await store.releaseDigestSlot(SLOT);
      expect(await store.reserveDigestSlot(SLOT, 'C1', 'rook', at(1))).toBe(true);
    });

    it('does not release a digest that was already posted', async () => {
      const store = await connect();
      await store.reserveDigestSlot(SLOT, 'C1', 'loki', at(0));
      await store.completeDigest(SLOT, '1711.0001', at(1));
      await store.releaseDigestSlot(SLOT);
      expect(await store.reserveDigestSlot(SLOT, 'C1', 'loki', at(2))).toBe(false);
      expect((await store.digestBySlot(SLOT))?.messageRef).toBe('1711.0001');
    });

    it('lists posted digests only, newest slot first, with their message reference', async () => {
      const store = await connect();
      const lastWeek = new Date('2026-03-23T08:30:00Z').toISOString();
      await store.reserveDigestSlot(lastWeek, 'C1', 'rook', at(-10_000));
      await store.completeDigest(lastWeek, '1710.0001', at(-9_999));
      await store.reserveDigestSlot(SLOT, 'C1', undefined, at(0));
      expect((await store.digestHistory()).map((d) => d.slot)).toEqual([lastWeek]);

      await store.completeDigest(SLOT, '1711.0001', at(1));
      expect(await store.digestHistory()).toEqual([
        { slot: SLOT, channel: 'C1', messageRef: '1711.0001', postedAt: at(1) },
        { slot: lastWeek, channel: 'C1', entryId: 'rook', messageRef: '1710.0001', postedAt: at(-9_999) },
      ]);
    });

    it('finds a posted digest by its slot and by its message', async () => {
      const store = await connect();
      await store.reserveDigestSlot(SLOT, 'C1', 'loki', at(0));
      expect(await store.digestBySlot(SLOT)).toBeUndefined();
      expect(await store.digestByMessage('C1', '1711.0001')).toBeUndefined();
      await store.completeDigest(SLOT, '1711.0001', at(1));

      const posted = { slot: SLOT, channel: 'C1', entryId: 'loki', messageRef: '1711.0001', postedAt: at(1) };
      expect(await store.digestBySlot(SLOT)).toEqual(posted);
      expect(await store.digestByMessage('C1', '1711.0001')).toEqual(posted);
      expect(await store.digestByMessage('C2', '1711.0001')).toBeUndefined();
    });

    // Conversations and deliveries.
    it('takes a delivery once, from any connection, until it expires', async () => {
      const store = await connect();
      const other = await connect();
      expect(await store.firstDelivery('Ev1', at(60), at(0))).toBe(true);
      expect(await store.firstDelivery('Ev1', at(60), at(1))).toBe(false);
      expect(await other.firstDelivery('Ev1', at(61), at(2))).toBe(false);
      expect(await other.firstDelivery('Ev2', at(61), at(2))).toBe(true);
      // Expired: a key Slack would no longer retry counts as new.
      expect(await other.firstDelivery('Ev1', at(120), at(60))).toBe(true);
      expect(await store.firstDelivery('Ev1', at(120), at(61))).toBe(false);
    });

    it('gives a delivery asked for at once on several connections to exactly one of them', async () => {
      const stores = await Promise.all([connect(), connect(), connect()]);
      const first = await Promise.all(stores.flatMap((store) => [store.firstDelivery('Ev9', at(60), at(0)), store.firstDelivery('Ev9', at(60), at(0))]));
      expect(first.filter(Boolean)).toHaveLength(1);
    });

    it('remembers what a conversation is about until it expires, for every connection, the latest subject winning', async () => {
      const store = await connect();
      const other = await connect();
      expect(await store.conversationSubject('C1:1.1', at(0))).toBeUndefined();
      await store.rememberConversationSubject('C1:1.1', 'loki', at(100), at(0));
      expect(await other.conversationSubject('C1:1.1', at(99))).toBe('loki');
      expect(await other.conversationSubject('C1:2.2', at(1))).toBeUndefined();
      await other.rememberConversationSubject('C1:1.1', 'rook', at(200), at(50));
      expect(await store.conversationSubject('C1:1.1', at(150))).toBe('rook');
      expect(await store.conversationSubject('C1:1.1', at(200))).toBeUndefined();
      // Expired subjects are purged when another is written; a new one for the same conversation is kept.
      await store.rememberConversationSubject('C1:3.3', 'kapp', at(400), at(300));
      await store.rememberConversationSubject('C1:1.1', 'helm-3', at(500), at(300));
      expect(await other.conversationSubject('C1:1.1', at(301))).toBe('helm-3');
    });

    it('refuses to complete a slot that was never reserved', async () => {
      const store = await connect();
      await expect(store.completeDigest(SLOT, '1711.0001', at(0))).rejects.toThrow(/not reserved/);
    });

    // --- Knowledge gaps ---
    it('counts the asks of each unanswered question: latest wording, first and last asked, distinct channels, most asked first', async () => {
      const store = await connect();
      expect(await store.unansweredQuestions()).toEqual([]);
      const ask = (question: string, key: string, channel: string, minutes: number) => ({ question, key, channel, at: at(minutes) });
      await store.recordUnanswered([ask('Crossplane ?', 'crossplane', 'C1', 0), ask('terraform', 'terraform', 'C1', 1)]);
      await store.recordUnanswered([ask('crossplane', 'crossplane', 'C2', 2)]);
      await store.recordUnanswered([ask('CROSSPLANE', 'crossplane', 'C1', 3)]);
      expect(await store.unansweredQuestions()).toEqual([
        { question: 'CROSSPLANE', key: 'crossplane', count: 3, firstAsked: at(0), lastAsked: at(3), channels: 2 },
        { question: 'terraform', key: 'terraform', count: 1, firstAsked: at(1), lastAsked: at(1), channels: 1 },
      ]);
      // Only the asks in the window count.
      expect(await store.unansweredQuestions({ since: at(2) })).toEqual([{ question: 'CROSSPLANE', key: 'crossplane', count: 2, firstAsked: at(2), lastAsked: at(3), channels: 2 }]);
      expect(await store.unansweredQuestions({ limit: 1 })).toHaveLength(1);
      // A second connection sees them, and forgetting drops every ask of a question.
      const other = await connect();
      await other.forgetUnanswered(['crossplane']);
      expect((await store.unansweredQuestions()).map((q) => q.key)).toEqual(['terraform']);
    });

    it('counts every ask recorded at once from several connections', async () => {
      const stores = await Promise.all([connect(), connect(), connect()]);
      await Promise.all(
        stores.flatMap((store, i) => [0, 1, 2].map((n) => store.recordUnanswered([{ question: 'Crossplane ?', key: 'crossplane', channel: `C${i}`, at: at(n) }]))),
      );
      expect(await stores[0]!.unansweredQuestions()).toEqual([{ question: 'Crossplane ?', key: 'crossplane', count: 9, firstAsked: at(0), lastAsked: at(2), channels: 3 }]);
    });

    it('keeps one vote per person when the same person votes at once from several connections', async () => {
      const stores = await Promise.all([connect(), connect(), connect()]);
      await Promise.all(
        stores.flatMap((store, i) => [true, false].map((helpful) => store.recordVote({ key: 'helm', question: 'Helm ?', entryId: 'helm-3', voter: 'U1', helpful, at: at(i) }))),
      );
      await stores[0]!.recordVote({ key: 'helm', question: 'Helm ?', entryId: 'helm-3', voter: 'U1', helpful: false, at: at(5) });
      expect(await stores[1]!.unhelpfulAnswers()).toEqual([{ question: 'Helm ?', key: 'helm', entryId: 'helm-3', count: 1 }]);
    });

    it('keeps one vote per person per question and entry, and lists the answers with more unhelpful votes than helpful', async () => {
      const store = await connect();
      const vote = (voter: string, helpful: boolean, minutes: number, entryId = 'helm-3') =>
        store.recordVote({ key: 'helm', question: 'Helm ?', entryId, voter, helpful, at: at(minutes) });
      await vote('U1', false, 0);
      expect(await store.unhelpfulAnswers()).toEqual([{ question: 'Helm ?', key: 'helm', entryId: 'helm-3', count: 1 }]);
      await vote('U2', true, 1);
      expect(await store.unhelpfulAnswers()).toEqual([]);
      // U2 changes their vote: two unhelpful, none helpful.
      await vote('U2', false, 2);
      await vote('U1', false, 3);
      expect(await store.unhelpfulAnswers()).toEqual([{ question: 'Helm ?', key: 'helm', entryId: 'helm-3', count: 2 }]);
      await vote('U1', false, 4, 'kapp');
      expect((await store.unhelpfulAnswers()).map((u) => [u.entryId, u.count])).toEqual([
        ['helm-3', 2],
        ['kapp', 1],
      ]);
      expect((await store.unhelpfulAnswers({ since: at(4) })).map((u) => u.entryId)).toEqual(['kapp']);
    });

    // --- s3/propose ---
    const argo = { id: 'argo-rollouts', title: 'Argo Rollouts', url: 'https://argoproj.github.io/argo-rollouts/', reason: 'Des déploiements progressifs.', priority: 'high' as const, by: 'U1', at: at(0) };

    it('keeps proposed tools, oldest first, for every connection', async () => {
      const store = await connect();
      expect(await store.proposals()).toEqual([]);
      expect(await store.addProposal({ ...argo, submissionId: 'V1' })).toEqual({ status: 'added', proposal: { ...argo, submissionId: 'V1' } });
      const kyverno = { ...argo, id: 'kyverno', title: 'Kyverno', priority: 'low' as const, by: 'alice', at: at(1) };
      expect(await store.addProposal(kyverno)).toMatchObject({ status: 'added' });
      const other = await connect();
      expect(await other.proposals()).toEqual([{ ...argo, submissionId: 'V1' }, kyverno]);
    });

    it('adds a submission once, and never over a proposal with the same id', async () => {
      const store = await connect();
      await store.addProposal({ ...argo, submissionId: 'V1' });
      expect(await store.addProposal({ ...argo, at: at(5), submissionId: 'V1' })).toEqual({ status: 'already-submitted', proposal: { ...argo, submissionId: 'V1' } });
      expect(await store.addProposal({ ...argo, title: 'Argo Rollouts Extra', submissionId: 'V2' })).toEqual({ status: 'id-taken' });
      expect(await store.proposals()).toHaveLength(1);
    });

    it('refuses a second proposal of the same name (case, accents and punctuation aside), whatever its id', async () => {
      const store = await connect();
      await store.addProposal(argo);
      const other = await connect();
      expect(await other.addProposal({ ...argo, id: 'argo-rollouts-2', title: '  ARGO-rollouts ! ', submissionId: 'V9' })).toEqual({ status: 'title-taken' });
      expect(await other.addProposal({ ...argo, id: 'argo', title: 'Argö Rollouts' })).toEqual({ status: 'title-taken' });
      expect(await store.proposals()).toEqual([argo]);
    });

    it('stores one of two proposals sent at once with the same name, or with the same id, on two connections', async () => {
      const [one, two] = [await connect(), await connect()];
      const sameName = await Promise.all([one.addProposal({ ...argo, id: 'argo-a' }), two.addProposal({ ...argo, id: 'argo-b', title: 'argo rollouts' })]);
      expect(sameName.map((o) => o.status).sort()).toEqual(['added', 'title-taken']);
      const kyverno = { ...argo, id: 'kyverno', title: 'Kyverno', at: at(1) };
      const sameId = await Promise.all([one.addProposal(kyverno), two.addProposal({ ...kyverno, title: 'Kyverno Policies' })]);
      expect(sameId.map((o) => o.status).sort()).toEqual(['added', 'id-taken']);
      expect(await one.proposals()).toHaveLength(2);
    });
  });
}

import { describe, expect, it } from 'vitest';
import { createAssistant } from '../../src/core/assistant.js';
import { createKnowledgeGaps } from '../../src/core/gaps.js';
import { boardReply, GAPS_SHOWN, replyTo, type Reply, type ReplyAction } from '../../src/core/reply.js';
import { createBacklogTracker } from '../../src/core/tracker.js';
import { openSqliteStore } from '../../src/state/sqlite.js';
import { makeEntry } from '../support/entries.js';
import { cleanupAfterEach } from '../support/cleanups.js';
import { tempStateDir } from '../support/test-app.js';

const entries = [
  makeEntry('loki', { title: 'Loki', tags: ['logs'], backlog: { priority: 'high', reason: 'Nos logs.' } }),
  makeEntry('fluentd', { title: 'Fluentd', tags: ['logs'], cncf_maturity: 'graduated' }),
  makeEntry('helm', { title: 'Helm', tags: ['charts'], backlog: { priority: 'low', reason: 'Nos charts.' } }),
];

const deferCleanup = cleanupAfterEach();

function context() {
  const state = tempStateDir();
  const store = openSqliteStore(state.dir);
  deferCleanup(() => state.cleanup(), () => store.close());
  const assistant = createAssistant(entries);
  const tracker = createBacklogTracker({ knowledge: assistant, store, schedule: { cron: '30 9 * * 1', timeZone: 'Europe/Paris' }, scheduled: false });
  return { assistant, tracker, gaps: createKnowledgeGaps({ store, log: console }) };
}

/** An action as a person sees it: what it does, on which entry. */
const act = (a: ReplyAction) =>
  a.kind === 'vote' ? `${a.helpful ? 'helpful' : 'unhelpful'}:${a.entryId}:${a.question}` : `${a.kind}:${a.kind === 'open' ? a.entry.id : a.kind === 'propose' ? '' : a.entryId}`;

function answerOf(reply: Reply) {
  if (reply.kind !== 'answer') throw new Error(`expected an answer, got ${reply.kind}`);
  return reply;
}

describe('replyTo: what every surface shows for a command', () => {
  it('shows the GAPS_SHOWN most asked unanswered questions and unhelpful answers, whatever the surface', async () => {
    const ctx = context();
    for (let i = 0; i < GAPS_SHOWN + 5; i++) {
      ctx.gaps.note(ctx.assistant.ask(`zorglub${i}`), 'C1');
      await ctx.gaps.vote({ entryId: 'loki', question: `question ${i}`, voter: 'U0BOB', helpful: false });
    }
    await ctx.gaps.idle();
    const reply = await replyTo({ name: 'gaps' }, ctx);
    if (reply.kind !== 'gaps') throw new Error(`expected the gaps, got ${reply.kind}`);
    expect(reply.unanswered).toHaveLength(GAPS_SHOWN);
    expect(reply.unhelpful).toHaveLength(GAPS_SHOWN);
  });

  it('answers a question with the entry, its related entries to open, and its live backlog status', async () => {
    const ctx = context();
    await ctx.tracker.claim('loki', 'U0ALICE');
    const reply = answerOf(await replyTo({ name: 'ask', query: 'loki' }, ctx));
    expect(reply.answer.kind === 'entry' && reply.answer.entry.id).toBe('loki');
    expect(reply.actions.map(act)).toEqual(['open:fluentd', 'helpful:loki:loki', 'unhelpful:loki:loki']);
    expect(reply.tool).toMatchObject({ status: 'claimed', state: { claimedBy: 'U0ALICE' } });
  });

  it('offers to share only a reply the asker alone sees', async () => {
    const ctx = context();
    expect(answerOf(await replyTo({ name: 'ask', query: 'loki' }, ctx, { privateToAsker: true })).actions.map(act)).toEqual(['open:fluentd', 'share:loki', 'helpful:loki:loki', 'unhelpful:loki:loki']);
  });

  it('has no tool status for an entry outside the backlog', async () => {
    expect(answerOf(await replyTo({ name: 'ask', query: 'fluentd' }, context())).tool).toBeUndefined();
  });

  it('suggests the subcommand a query that finds nothing looked like', async () => {
    const reply = answerOf(await replyTo({ name: 'ask', query: 'backleg' }, context()));
    expect(reply.answer.kind).toBe('none');
    expect(reply.suggestedCommand).toBe('backlog');
  });

  it('invites to ask when there is nothing to search for', async () => {
    expect(await replyTo({ name: 'ask', query: 'bonjour' }, context())).toMatchObject({ kind: 'answer', answer: { kind: 'empty' }, actions: [] });
  });

  it('lists the entries event by event, group by group, each one to open', async () => {
    const reply = await replyTo({ name: 'list' }, context());
    if (reply.kind !== 'list') throw new Error(reply.kind);
    expect(reply.count).toBe(3);
    expect(reply.events.map((e) => ({ event: e.event.id, groups: e.groups.map((g) => [g.group, g.actions.map(act)]) }))).toEqual([
      { event: 'test', groups: [['graduated', ['open:fluentd']], ['project', ['open:helm', 'open:loki']]] },
    ]);
  });

  it('shows the backlog by priority with each tool’s status, each one to open', async () => {
    const ctx = context();
    await ctx.tracker.dismiss('helm', 'U0EVE');
    const reply = await replyTo({ name: 'backlog' }, ctx);
    if (reply.kind !== 'backlog') throw new Error(reply.kind);
    expect(reply.rows.map((r) => [r.item.entry.id, r.status, act(r.open)])).toEqual([
      ['loki', 'open', 'open:loki'],
      ['helm', 'dismissed', 'open:helm'],
    ]);
  });

  it('previews the digest with what can be done with the tool of the week', async () => {
    const ctx = context();
    await ctx.tracker.claim('loki', 'U0ALICE');
    const reply = await replyTo({ name: 'digest' }, ctx);
    if (reply.kind !== 'digest') throw new Error(reply.kind);
    expect(reply.digest.tool?.entry.id).toBe('loki');
    expect(reply.actions.map(act)).toEqual(['verdict:loki', 'dismiss:loki']);
  });

  it('gives help the subcommands and the events covered', async () => {
    const reply = await replyTo({ name: 'help' }, context());
    if (reply.kind !== 'help') throw new Error(reply.kind);
    expect(reply.commands.map((c) => c.name)).toEqual(['help', 'list', 'backlog', 'digest', 'gaps', 'propose']);
    expect(reply.events).toEqual([{ id: 'test', title: 'test' }]);
  });
});

describe('boardReply: the team board (App Home)', () => {
  it('lists every tool with its open action and the actions its state allows, and the next digest date', async () => {
    const ctx = context();
    await ctx.tracker.claim('loki', 'U0ALICE');
    await ctx.tracker.dismiss('helm', 'U0BOB', { reason: 'plus tard' });
    const nextRun = new Date('2026-12-07T08:30:00Z');
    const board = boardReply(await ctx.tracker.board(), nextRun);
    expect(board.nextRun).toEqual(nextRun);
    expect(board.rows.map((row) => [act(row.open), row.status, row.actions.map(act)])).toEqual([
      ['open:loki', 'claimed', ['verdict:loki', 'dismiss:loki']],
      ['open:helm', 'dismissed', []],
    ]);
  });
});

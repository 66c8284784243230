import { describe, expect, it } from 'vitest';
import type { BacklogItem } from '../../src/core/backlog.js';
import { summarizeBacklog } from '../../src/core/backlog-summary.js';
import { pickToolOfTheWeek } from '../../src/core/tool-of-the-week.js';
import { toolStatus } from '../../src/core/tool-status.js';
import type { Priority } from '../../src/core/entry.js';
import type { DigestRecord, ToolState, VerdictRecord } from '../../src/core/store.js';
import { makeEntry } from '../support/entries.js';

function entry(id: string, priority: Priority, title = id): BacklogItem {
  const reason = `try ${id}`;
  return { priority, reason, source: 'recap', entry: makeEntry(id, { title, summary: `${title} summary`, backlog: { priority, reason } }) };
}

const AT = new Date('2026-03-30T07:30:00Z');

function verdict(entryId: string, at = AT): VerdictRecord {
  return { entryId, verdict: 'trial', by: 'U1', at };
}

function states(...list: ToolState[]): Map<string, ToolState> {
  return new Map(list.map((s) => [s.entryId, s]));
}

const evaluated = (entryId: string, at = AT): ToolState => ({ entryId, verdicts: [verdict(entryId, at)] });
const dismissed = (entryId: string): ToolState => ({ entryId, verdicts: [], dismissed: { by: 'U1', at: AT } });
const claimed = (entryId: string): ToolState => ({ entryId, claimedBy: 'U2', claimedAt: AT, verdicts: [] });

function posted(entryId: string | undefined, week: number): DigestRecord {
  const slot = new Date(AT.getTime() - week * 7 * 24 * 3_600_000).toISOString();
  return { slot, channel: 'C1', messageRef: `${week}.0001`, postedAt: new Date(slot), ...(entryId ? { entryId } : {}) };
}

const ids = (items: readonly (BacklogItem | undefined)[]) => items.map((item) => item?.entry.id);

describe('picking the tool of the week', () => {
  it('takes the highest priority first, then the title in French order', () => {
    const backlog = [entry('zeta', 'normal', 'Zeta'), entry('low', 'low'), entry('eclair', 'normal', 'Éclair')];
    expect(pickToolOfTheWeek(backlog, new Map(), [])?.entry.id).toBe('eclair');
    expect(pickToolOfTheWeek([...backlog, entry('high', 'high')], new Map(), [])?.entry.id).toBe('high');
  });

  it('never proposes last week’s tool again', () => {
    const backlog = [entry('a', 'high'), entry('b', 'low')];
    expect(pickToolOfTheWeek(backlog, new Map(), [posted('a', 1)])?.entry.id).toBe('b');
  });

  it('skips tools already evaluated or dismissed', () => {
    const backlog = [entry('done', 'high'), entry('dropped', 'high'), entry('next', 'low')];
    expect(pickToolOfTheWeek(backlog, states(evaluated('done'), dismissed('dropped')), [])?.entry.id).toBe('next');
  });

  it('goes through every open tool before proposing one again', () => {
    const backlog = [entry('d', 'low'), entry('b', 'normal'), entry('a', 'high'), entry('c', 'normal'), entry('e', 'high'), entry('f', 'high')];
    const toolStates = states(evaluated('e'), dismissed('f'));
    const history: DigestRecord[] = [];
    const picks = [];
    for (let week = 0; week < 8; week++) {
      const pick = pickToolOfTheWeek(backlog, toolStates, history);
      picks.push(pick);
      history.unshift(posted(pick?.entry.id, -week));
    }
    expect(ids(picks)).toEqual(['a', 'b', 'c', 'd', 'a', 'b', 'c', 'd']);
  });

  it('proposes nothing when the only open tool was last week’s', () => {
    const backlog = [entry('a', 'high'), entry('b', 'high')];
    expect(pickToolOfTheWeek(backlog, states(evaluated('b')), [posted('a', 1)])).toBeUndefined();
  });

  it('proposes nothing when the backlog is all evaluated or dismissed', () => {
    expect(pickToolOfTheWeek([entry('a', 'high')], states(dismissed('a')), [])).toBeUndefined();
  });

  it('proposes the only tool again after a week without one', () => {
    const backlog = [entry('a', 'high')];
    expect(pickToolOfTheWeek(backlog, new Map(), [posted(undefined, 1), posted('a', 2)])?.entry.id).toBe('a');
  });
});

describe('the status of a tool', () => {
  it('lets a dismissal outrank a verdict, and a verdict outrank a claim', () => {
    expect(toolStatus(undefined)).toBe('open');
    expect(toolStatus({ entryId: 'a', verdicts: [] })).toBe('open');
    expect(toolStatus(claimed('a'))).toBe('claimed');
    expect(toolStatus({ ...claimed('a'), ...evaluated('a') })).toBe('evaluated');
    expect(toolStatus({ ...claimed('a'), ...evaluated('a'), dismissed: { by: 'U1', at: AT } })).toBe('dismissed');
  });
});

describe('the backlog summary', () => {
  const backlog = [entry('a', 'high'), entry('b', 'high'), entry('c', 'normal'), entry('d', 'normal'), entry('e', 'low')];
  const lastWeek = new Date('2026-03-23T08:30:00Z');
  const toolStates = states(
    claimed('a'),
    evaluated('b', new Date('2026-03-20T10:00:00Z')),
    dismissed('c'),
    { ...claimed('e'), ...evaluated('e', new Date('2026-03-25T10:00:00Z')) },
  );

  it('groups tools by where they stand, in backlog order', () => {
    const summary = summarizeBacklog(backlog, toolStates, lastWeek);
    expect(summary.claimed).toEqual([{ item: backlog[0], by: 'U2', at: AT }]);
    expect(ids(summary.open)).toEqual(['d']);
    expect(summary.evaluated.map((e) => [e.item.entry.id, e.verdict.at.toISOString()])).toEqual([
      ['b', '2026-03-20T10:00:00.000Z'],
      ['e', '2026-03-25T10:00:00.000Z'],
    ]);
    expect(ids(summary.dismissed)).toEqual(['c']);
  });

  it('lists the verdicts given since the last digest, or all of them before the first', () => {
    expect(summarizeBacklog(backlog, toolStates, lastWeek).verdictsSince.map((v) => v.entryId)).toEqual(['e']);
    expect(summarizeBacklog(backlog, toolStates, undefined).verdictsSince.map((v) => v.entryId)).toEqual(['b', 'e']);
  });
});

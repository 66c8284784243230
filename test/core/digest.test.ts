import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import type { BacklogItem } from '../../src/core/backlog.js';
import {
  digestSlotAt,
  nextDigestRun,
  pickToolOfTheWeek,
  sameDayIn,
  summarizeBacklog,
  toolStatus,
  validateSchedule,
  nextRunCache,
} from '../../src/core/digest.js';
import type { Priority } from '../../src/core/entry.js';
import type { DigestRecord, ToolState, VerdictRecord } from '../../src/core/store.js';
import { makeEntry } from '../support/entries.js';

function entry(id: string, priority: Priority, title = id): BacklogItem {
  const reason = `try ${id}`;
  return { priority, reason, entry: makeEntry(id, { title, summary: `${title} summary`, backlog: { priority, reason } }) };
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
  return { slot, channel: 'C1', ts: `${week}.0001`, postedAt: new Date(slot), ...(entryId ? { entryId } : {}) };
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

describe('the digest schedule', () => {
  const WEEKLY = '30 9 * * 1';
  const PARIS = 'Europe/Paris';
  const slot = (now: string, cron = WEEKLY) => digestSlotAt(cron, PARIS, new Date(now))?.toISOString();
  const next = (now: string, cron = WEEKLY) => nextDigestRun(cron, PARIS, new Date(now))?.toISOString();

  it('finds this Monday’s slot in Paris summer time, just after the clocks went forward', () => {
    expect(slot('2026-03-30T07:45:00Z')).toBe('2026-03-30T07:30:00.000Z');
  });

  it('counts the slot minute itself, seconds ignored', () => {
    expect(slot('2026-03-30T07:30:59.999Z')).toBe('2026-03-30T07:30:00.000Z');
  });

  it('finds the previous Monday on a Wednesday', () => {
    expect(slot('2026-04-01T12:00:00Z')).toBe('2026-03-30T07:30:00.000Z');
  });

  it('finds the previous Monday, in winter time, before 09:30 on a Monday', () => {
    expect(slot('2026-03-30T07:29:00Z')).toBe('2026-03-23T08:30:00.000Z');
  });

  it('follows the clocks going back in October', () => {
    expect(slot('2026-10-26T08:30:00Z')).toBe('2026-10-26T08:30:00.000Z');
    expect(slot('2026-10-26T08:29:00Z')).toBe('2026-10-19T07:30:00.000Z');
  });

  it('finds nothing when the schedule has no occurrence in the last 8 days', () => {
    expect(slot('2026-03-30T07:45:00Z', '0 9 1 * *')).toBeUndefined();
  });

  it('gives the next run strictly after now, across both clock changes', () => {
    expect(next('2026-03-25T12:00:00Z')).toBe('2026-03-30T07:30:00.000Z');
    expect(next('2026-03-30T07:30:00Z')).toBe('2026-04-06T07:30:00.000Z');
    expect(next('2026-10-20T12:00:00Z')).toBe('2026-10-26T08:30:00.000Z');
  });

  it('runs a wall time that happens twice, when the clocks go back, only the first time', () => {
    const sundayNight = '30 2 * * 0';
    expect(slot('2026-10-25T02:00:00Z', sundayNight)).toBe('2026-10-25T00:30:00.000Z');
    expect(next('2026-10-25T00:30:00Z', sundayNight)).toBe('2026-11-01T01:30:00.000Z');
  });

  it('leaves no node-cron task behind to keep the process alive', () => {
    next('2026-03-25T12:00:00Z');
    slot('2026-03-25T12:00:00Z');
    expect(cron.getTasks().size).toBe(0);
  });

  it('skips a wall time that does not exist on the day the clocks go forward', () => {
    expect(slot('2026-03-29T12:00:00Z', '30 2 * * 0')).toBe('2026-03-22T01:30:00.000Z');
  });
});

describe('validating the schedule', () => {
  it('accepts a valid cron expression and time zone', () => {
    expect(validateSchedule('30 9 * * 1', 'Europe/Paris')).toBeUndefined();
  });

  it('names a bad cron field and the range it takes', () => {
    const problem = (cron: string) => validateSchedule(cron, 'Europe/Paris')?.replace(`DIGEST_CRON "${cron}" is not a valid cron expression: `, '');
    expect(problem('61 9 * * 1')).toBe('minute "61" must be within 0–59');
    expect(problem('30 24 * * 1')).toBe('hour "24" must be within 0–23');
    expect(problem('30 9 0 * *')).toBe('day of the month "0" must be within 1–31');
    expect(problem('30 9 * 13 *')).toBe('month "13" must be within 1–12 (or jan–dec)');
    expect(problem('30 9 * * lundi')).toBe('weekday "lundi" must be within 0–7 (0 and 7 are Sunday, or sun–sat)');
    expect(problem('x 9 * * y')).toBe('minute "x" must be within 0–59; weekday "y" must be within 0–7 (0 and 7 are Sunday, or sun–sat)');
  });

  it('asks for the 5 fields it takes, never 6: the digest runs to the minute', () => {
    for (const cron of ['15 30 9 * * 1', '0 30 9 * * 1', '30 9 * *']) {
      const count = cron.split(' ').length;
      expect(validateSchedule(cron, 'Europe/Paris'), cron).toBe(
        `DIGEST_CRON "${cron}" is not a valid cron expression: expected 5 fields (minute hour day-of-month month weekday), got ${count}`,
      );
    }
    expect(validateSchedule(' 30  9 * * mon ', 'Europe/Paris')).toBeUndefined();
  });

  it('names an unknown time zone', () => {
    expect(validateSchedule('30 9 * * 1', 'Mars/Olympus')).toBe('DIGEST_TZ "Mars/Olympus" is not a known time zone');
  });
});

describe('the calendar day in a time zone', () => {
  const before = new Date('2026-03-30T21:30:00Z'); // 23:30 on the 30th in Paris
  const after = new Date('2026-03-30T22:30:00Z'); // 00:30 on the 31st in Paris
  const later = new Date('2026-03-31T01:00:00Z'); // 03:00 on the 31st in Paris

  it('splits days at midnight in that zone, not at midnight UTC', () => {
    expect(sameDayIn('Europe/Paris', before, after)).toBe(false);
    expect(sameDayIn('UTC', before, after)).toBe(true);
    expect(sameDayIn('Europe/Paris', after, later)).toBe(true);
    expect(sameDayIn('UTC', after, later)).toBe(false);
  });
});

describe('the next run, remembered', () => {
  it('is found once per run and found again once that run has passed', () => {
    const next = nextRunCache({ cron: '30 9 * * 1', timeZone: 'Europe/Paris' });
    const first = next(new Date('2026-03-24T10:00:00Z'));
    expect(first).toEqual(new Date('2026-03-30T07:30:00Z'));
    expect(next(new Date('2026-03-29T10:00:00Z'))).toBe(first);
    expect(next(new Date('2026-03-30T07:30:00Z'))).toEqual(new Date('2026-04-06T07:30:00Z'));
  });
});

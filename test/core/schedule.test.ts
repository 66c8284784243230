import cron from 'node-cron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { digestSlotAt, nextDigestRun, nextRunCache, sameDayIn, validateSchedule } from '../../src/core/schedule.js';

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

  it('refuses the one node-cron form it cannot find the runs of, two days before the end of the month', () => {
    expect(validateSchedule('0 9 L-2 * *', 'Europe/Paris')).toBe(`DIGEST_CRON "0 9 L-2 * *" is not a valid cron expression: L has to be a value of its own in day-of-month ('L-2').`);
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

describe('the runs node-cron makes', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const wallTime = (zone: string) => (date: Date) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23' }).format(date);

  /** node-cron's own next runs from `from`, as its timer finds them: it reads the clock, so the clock is set to `from`. */
  function nodeCronRuns(expression: string, zone: string, from: string, count: number): Date[] {
    vi.useFakeTimers({ now: new Date(from), toFake: ['Date'] });
    const task = cron.createTask(expression, () => {}, { timezone: zone });
    try {
      return task.getNextRuns(count);
    } finally {
      void task.destroy();
      vi.useRealTimers();
    }
  }

  function ourRuns(expression: string, zone: string, from: string, count: number): Date[] {
    const runs: Date[] = [];
    for (let at = new Date(from); runs.length < count; ) {
      const next = nextDigestRun(expression, zone, at);
      if (!next) break;
      runs.push(next);
      at = next;
    }
    return runs;
  }

  // [expression, time zone, from, runs]: every run within 8 days of the one before, as for a weekly digest.
  const CASES: [string, string, string, number][] = [
    ['30 9 * * 1', 'Europe/Paris', '2026-03-20T12:00:00Z', 3],
    ['30 9 * * 1', 'Europe/Paris', '2026-10-20T12:00:00Z', 3],
    ['30 2 * * *', 'Europe/Paris', '2026-03-27T12:00:00Z', 4], // 02:30 does not exist on 29 March
    ['30 2 * * 0', 'Europe/Paris', '2026-10-20T12:00:00Z', 3], // 02:30 happens twice on 25 October
    ['*/20 2 * * *', 'Europe/Paris', '2026-10-24T12:00:00Z', 9],
    ['0 2 * * *', 'America/New_York', '2026-03-06T12:00:00Z', 4],
    ['45 1 * * *', 'Australia/Lord_Howe', '2026-04-03T12:00:00Z', 4], // clocks back half an hour
    ['15 2 * * *', 'Australia/Lord_Howe', '2026-10-02T12:00:00Z', 4], // and forward
    ['0 9 * * mon-fri', 'Europe/Paris', '2026-03-26T12:00:00Z', 6],
    ['0 9 * jan-mar 7', 'UTC', '2026-03-20T12:00:00Z', 2],
    ['0 9 1 * 1', 'Europe/Paris', '2026-05-28T12:00:00Z', 1], // the 1st and a Monday, both
    ['0 9 L * *', 'Europe/Paris', '2026-04-25T12:00:00Z', 1],
    ['0 9 LW * *', 'Europe/Paris', '2026-05-25T12:00:00Z', 1],
    ['0 9 15W * *', 'Europe/Paris', '2026-08-10T12:00:00Z', 1], // the 15th is a Saturday
    ['0 9 * * 5L', 'Europe/Paris', '2026-05-25T12:00:00Z', 1],
    ['0 9 * * 1#2', 'Europe/Paris', '2026-06-05T12:00:00Z', 1],
  ];

  it.each(CASES)('runs %s in %s at the wall times node-cron runs it, from %s', (expression, zone, from, count) => {
    const theirs = nodeCronRuns(expression, zone, from, count).map(wallTime(zone));
    expect(ourRuns(expression, zone, from, count).map(wallTime(zone))).toEqual(theirs);
  });
});

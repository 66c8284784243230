import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
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

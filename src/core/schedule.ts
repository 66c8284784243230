import { Cron } from 'croner';
import cron from 'node-cron';

/** When the weekly digest runs: DIGEST_CRON in DIGEST_TZ. */
export interface DigestSchedule {
  cron: string;
  timeZone: string;
}

const MINUTE_MS = 60_000;
// A weekly digest always has an occurrence within a week; the extra day covers
// a week where a DST change shifts the wall clock.
const WINDOW_MS = 8 * 24 * 60 * MINUTE_MS;

/** The most recent scheduled occurrence at or before `now` (to the minute), within the last 8 days. */
export function digestSlotAt(cronExpression: string, timeZone: string, now: Date): Date | undefined {
  return findOccurrence(cronExpression, timeZone, now, 'back');
}

/** The next scheduled occurrence strictly after `now`, within the next 8 days. */
export function nextDigestRun(cronExpression: string, timeZone: string, now: Date): Date | undefined {
  return findOccurrence(cronExpression, timeZone, now, 'forward');
}

/**
 * nextDigestRun, remembered until that run has passed: the App Home and
 * /healthz ask for it often.
 */
export function nextRunCache(schedule: DigestSchedule): (now: Date) => Date | undefined {
  let next: Date | undefined;
  return (now) => {
    if (!next || next <= now) next = nextDigestRun(schedule.cron, schedule.timeZone, now);
    return next;
  };
}

/**
 * Croner finds the occurrences in a time zone, a few steps in either
 * direction; node-cron, whose timer posts the digest, has the last word on
 * each: croner runs a wall time missing on the day the clocks go forward just
 * after the gap, node-cron skips that day.
 */
function findOccurrence(cronExpression: string, timeZone: string, now: Date, direction: 'back' | 'forward'): Date | undefined {
  // Slots are whole minutes: half a minute into `now`'s, both searches exclude
  // the reference itself, so the previous one counts that minute and the next one does not.
  const from = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS / 2;
  const back = direction === 'back';
  const end = from + (back ? -WINDOW_MS : WINDOW_MS);
  // domAndDow: node-cron runs only on days that match both the day of the month and the weekday.
  const job = new Cron(cronExpression, { timezone: timeZone, mode: '5-part', domAndDow: true });
  const step = (after: Date) => (back ? job.previousRuns(1, after)[0] : (job.nextRun(after) ?? undefined));
  const inWindow = (date: Date) => (back ? date.getTime() > end : date.getTime() < end);
  // createTask does not start a timer; destroy() takes it out of node-cron's global task registry.
  const task = cron.createTask(cronExpression, () => {}, { timezone: timeZone });
  const wallTime = wallTimeFormat(timeZone);
  try {
    for (let candidate = step(new Date(from)); candidate && inWindow(candidate); candidate = step(candidate)) {
      if (task.match(candidate) && !isRepeatedWallTime(candidate, wallTime)) return candidate;
    }
    return undefined;
  } finally {
    task.destroy();
  }
}

// When clocks go back, a wall time such as 02:30 happens twice; the digest
// belongs to the first one only, or the same schedule would post twice.
function isRepeatedWallTime(instant: Date, wallTime: Intl.DateTimeFormat): boolean {
  const shown = wallTime.format(instant);
  // Clock changes are one hour almost everywhere, half an hour on Lord Howe Island.
  return [30, 60].some((minutes) => wallTime.format(new Date(instant.getTime() - minutes * MINUTE_MS)) === shown);
}

const wallTimeFormat = (timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** Whether two instants fall on the same calendar day in `timeZone`. */
export function sameDayIn(timeZone: string, a: Date, b: Date): boolean {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return day.format(a) === day.format(b);
}

/** The five fields of DIGEST_CRON as node-cron names them, with the values each takes. */
const CRON_FIELDS: Record<string, string> = {
  minute: 'minute "%s" must be within 0–59',
  hour: 'hour "%s" must be within 0–23',
  dayOfMonth: 'day of the month "%s" must be within 1–31',
  month: 'month "%s" must be within 1–12 (or jan–dec)',
  dayOfWeek: 'weekday "%s" must be within 0–7 (0 and 7 are Sunday, or sun–sat)',
};

/** A one-line problem with the digest schedule, or undefined when it is usable. */
export function validateSchedule(cronExpression: string, timeZone: string): string | undefined {
  const invalid = (reason: string) => `DIGEST_CRON "${cronExpression}" is not a valid cron expression: ${reason}`;
  // node-cron also takes a leading seconds field; slots are whole minutes, so the digest does not.
  const count = cronExpression.trim().split(/\s+/).length;
  if (count !== 5) return invalid(`expected 5 fields (minute hour day-of-month month weekday), got ${count}`);
  const validation = cron.validateDetailed(cronExpression);
  if (!validation.valid) {
    return invalid(validation.errors.map((e) => CRON_FIELDS[e.field]?.replace('%s', String(e.value)) ?? e.message).join('; '));
  }
  // The few node-cron forms croner cannot read (`L-2`: two days before the last) have no next run to show.
  try {
    new Cron(cronExpression, { mode: '5-part' });
  } catch (error) {
    return invalid(String(error instanceof Error ? error.message : error).replace(/^CronPattern: (Syntax error, )?/, ''));
  }
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
  } catch (error) {
    if (error instanceof RangeError) return `DIGEST_TZ "${timeZone}" is not a known time zone`;
    throw error;
  }
  return undefined;
}

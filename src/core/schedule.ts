import cron from 'node-cron';

/** When the weekly digest runs: DIGEST_CRON in DIGEST_TZ. */
export interface DigestSchedule {
  cron: string;
  timeZone: string;
}

const MINUTE_MS = 60_000;
// A weekly digest always has an occurrence within a week; the extra day covers
// a week where a DST change shifts the wall clock.
const SEARCH_MINUTES = 8 * 24 * 60;

/** The most recent scheduled occurrence at or before `now` (to the minute), within the last 8 days. */
export function digestSlotAt(cronExpression: string, timeZone: string, now: Date): Date | undefined {
  const start = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  return findOccurrence(cronExpression, timeZone, (i) => new Date(start - i * MINUTE_MS));
}

/** The next scheduled occurrence strictly after `now`, within the next 8 days. */
export function nextDigestRun(cronExpression: string, timeZone: string, now: Date): Date | undefined {
  const start = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  return findOccurrence(cronExpression, timeZone, (i) => new Date(start + (i + 1) * MINUTE_MS));
}

/**
 * nextDigestRun, remembered until that run has passed: the search tests up to
 * a week of minutes, and the App Home and /healthz ask for it often.
 */
export function nextRunCache(schedule: { cron: string; timeZone: string }): (now: Date) => Date | undefined {
  let next: Date | undefined;
  return (now) => {
    if (!next || next <= now) next = nextDigestRun(schedule.cron, schedule.timeZone, now);
    return next;
  };
}

// node-cron can only search forward from the real clock, but its match() reads
// any instant in the zone correctly (DST included), so we test minute by minute.
function findOccurrence(cronExpression: string, timeZone: string, minute: (i: number) => Date): Date | undefined {
  // createTask does not start a timer; destroy() takes it out of node-cron's global task registry.
  const task = cron.createTask(cronExpression, () => {}, { timezone: timeZone });
  try {
    for (let i = 0; i < SEARCH_MINUTES; i++) {
      const candidate = minute(i);
      if (task.match(candidate) && !isRepeatedWallTime(candidate, timeZone)) return candidate;
    }
    return undefined;
  } finally {
    task.destroy();
  }
}

// When clocks go back, a wall time such as 02:30 happens twice; the digest
// belongs to the first one only, or the same schedule would post twice.
function isRepeatedWallTime(instant: Date, timeZone: string): boolean {
  const wallTime = wallTimeIn(timeZone, instant);
  // Clock changes are one hour almost everywhere, half an hour on Lord Howe Island.
  return [30, 60].some((minutes) => wallTimeIn(timeZone, new Date(instant.getTime() - minutes * MINUTE_MS)) === wallTime);
}

function wallTimeIn(timeZone: string, instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
}

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
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
  } catch (error) {
    if (error instanceof RangeError) return `DIGEST_TZ "${timeZone}" is not a known time zone`;
    throw error;
  }
  return undefined;
}

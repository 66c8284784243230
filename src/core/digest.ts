import cron from 'node-cron';
import type { DigestRecord, ToolState, VerdictRecord } from './store.js';
import { PRIORITY_RANK, type BacklogItem } from './backlog.js';
import { compareTitles } from './entry.js';

export type ToolStatus = 'open' | 'claimed' | 'evaluated' | 'dismissed';

/** The verdict that counts: the latest. */
export function latestVerdict(state: ToolState | undefined): VerdictRecord | undefined {
  return state?.verdicts.at(-1);
}

/** Where a tool stands; a dismissal outranks a verdict, which outranks a claim. */
export function toolStatus(state?: ToolState): ToolStatus {
  if (state?.dismissed) return 'dismissed';
  if (latestVerdict(state)) return 'evaluated';
  if (state?.claimedBy) return 'claimed';
  return 'open';
}

export type ToolAction = 'claim' | 'verdict' | 'dismiss';

/**
 * What can be done with a tool in each state: the buttons a message shows,
 * and what a click on any message, however old, may still do. (Whoever is on
 * a claimed tool may click "claim" again: see the tracker.)
 */
const TOOL_ACTIONS: Record<ToolStatus, readonly ToolAction[]> = {
  open: ['claim', 'verdict', 'dismiss'],
  claimed: ['verdict', 'dismiss'],
  evaluated: ['verdict'],
  dismissed: [],
};

export const toolActions = (state?: ToolState): readonly ToolAction[] => TOOL_ACTIONS[toolStatus(state)];

/**
 * The tool to feature this week: never one evaluated or dismissed, never last
 * week's, and every remaining tool before any repeats; then highest priority, then title.
 */
export function pickToolOfTheWeek(
  backlog: readonly BacklogItem[],
  states: ReadonlyMap<string, ToolState>,
  history: readonly DigestRecord[],
): BacklogItem | undefined {
  const lastWeek = history[0]?.entryId;
  const timesFeatured = new Map<string, number>();
  for (const digest of history) {
    if (digest.entryId) timesFeatured.set(digest.entryId, (timesFeatured.get(digest.entryId) ?? 0) + 1);
  }
  const featured = (item: BacklogItem) => timesFeatured.get(item.entry.id) ?? 0;
  return backlog
    .filter((item) => {
      const status = toolStatus(states.get(item.entry.id));
      return status !== 'evaluated' && status !== 'dismissed' && item.entry.id !== lastWeek;
    })
    .sort(
      (a, b) =>
        featured(a) - featured(b) ||
        PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
        compareTitles(a.entry, b.entry),
    )[0];
}

export interface BacklogSummary {
  claimed: { item: BacklogItem; by: string; at?: Date }[];
  verdictsSince: VerdictRecord[];
  open: BacklogItem[];
  evaluated: { item: BacklogItem; verdict: VerdictRecord }[];
  dismissed: BacklogItem[];
}

/** The backlog grouped by status for the digest, each group in backlog order. */
export function summarizeBacklog(
  backlog: readonly BacklogItem[],
  states: ReadonlyMap<string, ToolState>,
  since: Date | undefined,
): BacklogSummary {
  const summary: BacklogSummary = { claimed: [], verdictsSince: [], open: [], evaluated: [], dismissed: [] };
  for (const item of backlog) {
    const state = states.get(item.entry.id);
    summary.verdictsSince.push(...(state?.verdicts ?? []).filter((v) => !since || v.at > since));
    const status = toolStatus(state);
    if (status === 'open') summary.open.push(item);
    else if (status === 'dismissed') summary.dismissed.push(item);
    else if (status === 'evaluated') {
      const verdict = latestVerdict(state);
      if (verdict) summary.evaluated.push({ item, verdict });
    } else if (state?.claimedBy) {
      summary.claimed.push({ item, by: state.claimedBy, ...(state.claimedAt ? { at: state.claimedAt } : {}) });
    }
  }
  return summary;
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

/** A one-line problem with the digest schedule, or undefined when it is usable. */
/** The five fields of DIGEST_CRON as node-cron names them, with the values each takes. */
const CRON_FIELDS: Record<string, string> = {
  minute: 'minute "%s" must be within 0–59',
  hour: 'hour "%s" must be within 0–23',
  dayOfMonth: 'day of the month "%s" must be within 1–31',
  month: 'month "%s" must be within 1–12 (or jan–dec)',
  dayOfWeek: 'weekday "%s" must be within 0–7 (0 and 7 are Sunday, or sun–sat)',
};

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

/** Everything a digest message shows, whatever renders it. */
export interface Digest {
  /** The slot it is for; absent for a preview outside any slot. */
  slot?: Date;
  tool?: BacklogItem;
  toolState?: ToolState;
  summary: BacklogSummary;
  /** Verdicts are counted from here: the previous digest's post. */
  since?: Date;
  nextRun?: Date;
}

/**
 * The digest for a slot. `history` is the digests posted before it, newest
 * first; `tool` forces the tool of the week (re-rendering a posted digest).
 */
export function composeDigest(options: {
  backlog: readonly BacklogItem[];
  states: ReadonlyMap<string, ToolState>;
  history: readonly DigestRecord[];
  slot?: Date;
  nextRun?: Date;
  toolId?: string | null;
}): Digest {
  const { backlog, states, history } = options;
  const tool =
    options.toolId === undefined
      ? pickToolOfTheWeek(backlog, states, history)
      : backlog.find((item) => item.entry.id === options.toolId);
  const since = history[0]?.postedAt;
  return {
    ...(options.slot && { slot: options.slot }),
    ...(tool && { tool, toolState: states.get(tool.entry.id) }),
    summary: summarizeBacklog(backlog, states, since),
    ...(since && { since }),
    ...(options.nextRun && { nextRun: options.nextRun }),
  };
}

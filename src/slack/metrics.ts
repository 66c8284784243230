import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Where a request came from. */
export type Surface = 'slash' | 'mention' | 'action' | 'view';
/**
 * How it ended: a question `answered` from the knowledge or `unanswered`; a
 * `command` (help, list, backlog, digest); `unavailable`: it needed the
 * team's board, which could not be reached (the person was told so); an `ok`
 * click or submission; an `ignored` payload (malformed, repeated, from a
 * bot); an `error`.
 */
export type RequestOutcome = 'answered' | 'unanswered' | 'command' | 'unavailable' | 'ok' | 'ignored' | 'error';

/**
 * What the app counts, for `GET /metrics`. Labels are a fixed set of words,
 * Web API method names and Slack's error codes: never a user id or text.
 */
export interface AppMetrics {
  readonly registry: Registry;
  request(surface: Surface, outcome: RequestOutcome, seconds?: number): void;
  digestRun(outcome: string): void;
  slackApiError(method: string, code: string): void;
  storeError(operation: string): void;
  /** A 👍 or 👎 clicked on an answer card. */
  answerVote(helpful: boolean): void;
}

/** Answers are built in memory: most take a millisecond, a slow Web API call seconds. */
const ANSWER_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One registry per app (not prom-client's global one), so that apps in one process count apart. */
export function createAppMetrics(): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'kubecon_requests_total',
    help: 'Requests from Slack, by surface and outcome',
    labelNames: ['surface', 'outcome'] as const,
    registers: [registry],
  });
  const answerSeconds = new Histogram({
    name: 'kubecon_answer_duration_seconds',
    help: 'Time from receiving a slash command or a mention to its answer being sent',
    labelNames: ['surface'] as const,
    buckets: ANSWER_BUCKETS,
    registers: [registry],
  });
  const unanswered = new Counter({
    name: 'kubecon_unanswered_questions_total',
    help: 'Questions the knowledge had no answer for',
    labelNames: ['surface'] as const,
    registers: [registry],
  });
  const digestRuns = new Counter({
    name: 'kubecon_digest_runs_total',
    help: 'Weekly digest runs, by outcome (posted, already-posted, skipped, in-progress, failed, uncertain, no-slot, error)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const slackApiErrors = new Counter({
    name: 'kubecon_slack_api_errors_total',
    help: 'Failed Slack Web API calls (each attempt), by method and error code',
    labelNames: ['method', 'code'] as const,
    registers: [registry],
  });
  const storeErrors = new Counter({
    name: 'kubecon_store_errors_total',
    help: 'State store calls that failed, by operation',
    labelNames: ['operation'] as const,
    registers: [registry],
  });
  const answerVotes = new Counter({
    name: 'kubecon_answer_votes_total',
    help: 'Votes on answer cards, helpful or unhelpful',
    labelNames: ['vote'] as const,
    registers: [registry],
  });
  // prom-client hashes a labels object at each call (microseconds, with the
  // histogram's); the request path takes its series, by label values, once.
  const series = new Map<string, { requests: ReturnType<typeof requests.labels>; unanswered?: ReturnType<typeof unanswered.labels>; answerSeconds: ReturnType<typeof answerSeconds.labels> }>();
  const seriesFor = (surface: Surface, outcome: RequestOutcome) => {
    const key = `${surface} ${outcome}`;
    let found = series.get(key);
    if (!found) {
      found = {
        requests: requests.labels(surface, outcome),
        ...(outcome === 'unanswered' && { unanswered: unanswered.labels(surface) }),
        answerSeconds: answerSeconds.labels(surface),
      };
      series.set(key, found);
    }
    return found;
  };
  return {
    registry,
    request(surface, outcome, seconds) {
      const one = seriesFor(surface, outcome);
      one.requests.inc();
      one.unanswered?.inc();
      if (seconds !== undefined) one.answerSeconds.observe(seconds);
    },
    digestRun: (outcome) => digestRuns.inc({ outcome }),
    slackApiError: (method, code) => slackApiErrors.inc({ method, code }),
    storeError: (operation) => storeErrors.inc({ operation }),
    answerVote: (helpful) => answerVotes.inc({ vote: helpful ? 'helpful' : 'unhelpful' }),
  };
}

/** Seconds since `start` (a `performance.now()`). */
export const secondsSince = (start: number): number => (performance.now() - start) / 1000;

// A method name is all letters and dots; anything else (a URL we did not
// expect) is one label value, not a new series per request.
const METHOD_NAME = /^[a-zA-Z]+(\.[a-zA-Z]+)*$/;

/**
 * A fetch for the Web API client that reports every failed call: Slack's
 * `ok: false` with its error code, an HTTP status, or no answer at all. The
 * client is built by Bolt (one per workspace), so its options are the one
 * place every call goes through.
 */
export function observingFetch(onError: (method: string, code: string) => void, fetchFn: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const last = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
    const method = METHOD_NAME.test(last) ? last : 'other';
    let response: Response;
    try {
      response = await fetchFn(input, init);
    } catch (error) {
      onError(method, (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError' ? 'timeout' : 'request_failed');
      throw error;
    }
    if (response.status === 429) onError(method, 'ratelimited');
    else if (response.status !== 200) onError(method, `http_${response.status}`);
    else if (response.headers.get('content-type')?.includes('json')) {
      // A copy is read, so the client still reads the body itself.
      const body = (await response.clone().json().catch(() => undefined)) as { ok?: unknown; error?: unknown } | undefined;
      if (body?.ok === false) onError(method, typeof body.error === 'string' && /^[a-z_]+$/.test(body.error) ? body.error : 'unknown');
    }
    return response;
  };
}

import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';

const HINTS: Record<string, string> = {
  channel_not_found: 'check DIGEST_CHANNEL: it must be the ID of a channel the bot can see (a private channel needs the bot invited)',
  not_in_channel: 'invite the bot to the channel (/invite @kubecon), or grant it the chat:write.public scope',
  is_archived: 'the channel is archived: unarchive it or set another DIGEST_CHANNEL',
  invalid_auth: 'SLACK_BOT_TOKEN is not valid: copy the Bot User OAuth Token again',
  not_authed: 'SLACK_BOT_TOKEN is missing',
  token_revoked: 'SLACK_BOT_TOKEN was revoked: reinstall the app and copy the new token',
  account_inactive: 'the bot user is deactivated: reinstall the app',
  missing_scope: 'the app lacks a scope: add it from manifest.yml and reinstall',
};

const rateLimited = (seconds: number) =>
  `Slack rate limit${Number.isFinite(seconds) ? `: retry after ${seconds} s` : ''} (the slot stays free: the next attempt posts it)`;

/** One line saying what went wrong talking to Slack and what to do about it. */
export function describeSlackError(error: unknown): string {
  if (error instanceof WebAPIPlatformError) {
    const code = error.data.error;
    return `Slack error "${code}"${HINTS[code] ? `: ${HINTS[code]}` : ''}`;
  }
  if (error instanceof WebAPIRateLimitedError) return rateLimited(error.retryAfter);
  // Once the client's own retries are spent, the rate limit arrives wrapped.
  if (error instanceof WebAPIRequestError && error.original instanceof WebAPIRateLimitedError) return rateLimited(error.original.retryAfter);
  if (error instanceof WebAPIRequestError && /rate limit/i.test(error.original.message)) {
    return rateLimited(Number(/retry-after: (\d+)/.exec(error.original.message)?.[1] ?? Number.NaN));
  }
  if (error instanceof WebAPIRequestError && mayHaveReachedSlack(error)) return `no answer from Slack (${error.original.message})`;
  if (error instanceof WebAPIRequestError) return `could not reach Slack (${error.original.message}): check the network and SLACK_API_URL`;
  if (error instanceof WebAPIHTTPError) return `Slack answered HTTP ${error.statusCode} ${error.statusMessage}`;
  return error instanceof Error ? error.message : String(error);
}

// Failures after which Slack may still have acted on the call: it got the
// request but its answer never arrived (timeout, connection dropped) or it
// failed halfway (HTTP 5xx other than 503). Repeating a chat.postMessage then
// risks posting the same message twice.
const DROPPED_CONNECTION = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Whether Slack may have acted on a call that failed (see above); false when it surely did not. */
export function mayHaveReachedSlack(error: unknown): boolean {
  if (error instanceof WebAPIHTTPError) return error.statusCode >= 500 && error.statusCode !== 503;
  if (!(error instanceof WebAPIRequestError)) return false;
  const { original } = error;
  if (original.name === 'TimeoutError' || original.name === 'AbortError') return true;
  const cause = (original as Error & { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' && DROPPED_CONNECTION.has(cause.code);
}

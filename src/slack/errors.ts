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
  `Slack rate limit${Number.isFinite(seconds) ? `: retry after ${seconds} s` : ''} (the slot stays free: the next start or run tries again)`;

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
  if (error instanceof WebAPIRequestError) return `could not reach Slack (${error.original.message}): check the network and SLACK_API_URL`;
  if (error instanceof WebAPIHTTPError) return `Slack answered HTTP ${error.statusCode} ${error.statusMessage}`;
  return error instanceof Error ? error.message : String(error);
}

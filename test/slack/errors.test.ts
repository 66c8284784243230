import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { describeSlackError, mayHaveReachedSlack } from '../../src/slack/errors.js';

// Errors built the way @slack/web-api builds them from what fetch throws.
const timeout = new WebAPIRequestError(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
const dropped = new WebAPIRequestError(new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }));
const refused = new WebAPIRequestError(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) }));

describe('Slack failures', () => {
  it('tell a call Slack may have acted on from one it surely did not', () => {
    expect(mayHaveReachedSlack(timeout)).toBe(true);
    expect(mayHaveReachedSlack(dropped)).toBe(true);
    expect(mayHaveReachedSlack(new WebAPIHTTPError(500, 'Internal Server Error', {}))).toBe(true);
    expect(mayHaveReachedSlack(refused)).toBe(false);
    expect(mayHaveReachedSlack(new WebAPIHTTPError(503, 'Service Unavailable', {}))).toBe(false);
    expect(mayHaveReachedSlack(new WebAPIPlatformError({ ok: false, error: 'not_in_channel' }))).toBe(false);
    expect(mayHaveReachedSlack(new WebAPIRateLimitedError(30))).toBe(false);
  });

  it('say what happened in one line', () => {
    expect(describeSlackError(timeout)).toBe('no answer from Slack (The operation was aborted due to timeout)');
    expect(describeSlackError(refused)).toBe('could not reach Slack (fetch failed): check the network and SLACK_API_URL');
    expect(describeSlackError(new WebAPIPlatformError({ ok: false, error: 'not_in_channel' }))).toMatch(/^Slack error "not_in_channel": invite the bot/);
  });
});

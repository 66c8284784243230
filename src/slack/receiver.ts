import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseForm, unescape as unescapeForm } from 'node:querystring';
import { defaultBodyLimit, HTTPModuleFunctions, HTTPReceiver, type HTTPReceiverOptions } from '@slack/bolt';
import type { Logger } from '@slack/logger';

/** Slack's rule: a request stamped more than five minutes from now, either way, is refused. */
const MAX_SKEW_SECONDS = 5 * 60;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** JSON text that opens with `{` is an object, or malformed (Bolt answers that with 400 itself). */
const OPENS_AN_OBJECT = /^[ \t\n\r]*\{/;

/**
 * Whether a form has a `payload` field (an interaction's), read from its keys
 * alone: a slash command's form, which has none, is then an object (its
 * fields) without being parsed a second time.
 */
function hasPayloadField(form: string): boolean {
  for (const pair of form.split('&')) {
    const end = pair.indexOf('=');
    const key = end === -1 ? pair : pair.slice(0, end);
    if (key === 'payload' || (/[%+]/.test(key) && unescapeForm(key.replace(/\+/g, ' ')) === 'payload')) return true;
  }
  return false;
}

/**
 * What the body Bolt will parse is (as parseHTTPRequestBody does: a form's
 * `payload` field, else the form itself, else JSON) when it is not an
 * object; undefined when it is one, or is malformed JSON, which Bolt answers
 * with 400 itself. A slash command's form or an event's `{…}` is told by its
 * first character, so the body is parsed once, by Bolt, on every request but a few.
 */
function nonObjectBody(contentType: string | undefined, raw: string): string | undefined {
  let json = raw;
  if (contentType === 'application/x-www-form-urlencoded') {
    // A slash command's form has no `payload` field: it is an object (its fields) without a second parse.
    if (!hasPayloadField(raw)) return undefined;
    const { payload } = parseForm(raw);
    if (typeof payload !== 'string') return undefined;
    json = payload;
  }
  if (OPENS_AN_OBJECT.test(json)) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch {
    return undefined;
  }
  return isObject(body) ? undefined : body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body;
}

/**
 * How far from now a request says it was signed, in seconds; undefined when
 * it carries no usable stamp (Bolt refuses it, or it is an unsigned ssl_check).
 */
function skewSeconds(req: IncomingMessage): number | undefined {
  const stamp = Number(req.headers['x-slack-request-timestamp']);
  return Number.isFinite(stamp) ? stamp - Date.now() / 1000 : undefined;
}

/**
 * Bolt's HTTPReceiver with two checks @slack/bolt 5.1 lacks, run before Bolt
 * sees a request on its endpoints (a work-around for Bolt, until it checks
 * these itself):
 * - Bolt refuses a request stamped more than five minutes ago but not one
 *   stamped in the future, which could be replayed until its time came: both
 *   sides get 401 here, as Bolt answers a stale one.
 * - Bolt reads `body.ssl_check` before checking the parsed body is an object,
 *   so a validly signed `payload=null` (or a JSON body `null`) throws outside
 *   any listener and takes the process down. Such a body gets 400 here.
 * The signature is verified here as well, with Bolt's own function, so
 * Bolt's check is turned off rather than run twice (an HMAC and a timing-safe
 * compare, about 20 µs a request): Bolt handles a request to an endpoint only
 * through the listener this wraps.
 */
export function createSlackHttpReceiver(options: HTTPReceiverOptions & { logger: Logger }): HTTPReceiver {
  const receiver = new HTTPReceiver({ ...options, signatureVerification: false });
  const { logger } = options;
  const endpoints = new Set(typeof options.endpoints === 'string' ? [options.endpoints] : (options.endpoints ?? ['/slack/events']));
  const bolt = receiver.requestListener;

  const refuse = (res: ServerResponse, status: number, why: string) => {
    logger.warn(`Refused a request to the Slack endpoint: ${why}`);
    HTTPModuleFunctions.buildNoBodyResponse(res, status);
  };

  /** True when Bolt should take the request from here. */
  const admit = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const skew = skewSeconds(req);
    if (skew !== undefined && Math.abs(skew) > MAX_SKEW_SECONDS) {
      refuse(res, 401, `x-slack-request-timestamp is ${Math.round(skew)} s from now (Slack allows 5 minutes either way)`);
      return false;
    }
    let buffered;
    try {
      // Bolt's own check (it also strips what an unsigned ssl_check carries);
      // it keeps the body it read on `req`, where Bolt finds it.
      buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest({ signingSecret: options.signingSecret, bodyLimit: options.bodyLimit ?? defaultBodyLimit }, req);
    } catch (error) {
      // The statuses Bolt answers: 413 for a body over its limit, 401 for the rest.
      const tooLarge = HTTPModuleFunctions.isRawBodyError(error) && (error as { statusCode: number }).statusCode === 413;
      refuse(res, tooLarge ? 413 : 401, tooLarge ? 'the body is over the size limit' : (error as Error).message);
      return false;
    }
    const what = nonObjectBody(req.headers['content-type'], buffered.rawBody.toString());
    if (what !== undefined) {
      refuse(res, 400, `a signed body that is not an object (${what})`);
      return false;
    }
    return true;
  };

  receiver.requestListener = (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'POST' || !endpoints.has(pathname)) {
      bolt(req, res);
      return;
    }
    admit(req, res).then(
      (admitted) => {
        if (admitted) bolt(req, res);
      },
      (error: unknown) => {
        logger.error('Could not check a request to the Slack endpoint:', error);
        if (!res.headersSent) HTTPModuleFunctions.buildNoBodyResponse(res, 500);
      },
    );
  };
  return receiver;
}

import { createHmac } from 'node:crypto';

// Requests sent exactly as Slack sends them: the raw body signed with the
// app's signing secret (v0 scheme), form posts for commands and buttons,
// JSON for events.

export const TEST_SIGNING_SECRET = 'test-signing-secret-not-real';
export const TEST_BOT_TOKEN = 'xoxb-test-token-not-real';

export function signSlackRequest(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  secret?: string;
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  headers?: Record<string, string>;
  /** Replace the signature (to test a forged request). */
  signature?: string;
}

export interface SlackHttpResponse {
  status: number;
  text: string;
  json(): unknown;
}

/** Any body, signed as Slack signs (for bodies Slack would never send). */
export async function sendSigned(url: string, body: string, contentType: string, options: SendOptions = {}): Promise<SlackHttpResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? signSlackRequest(options.secret ?? TEST_SIGNING_SECRET, timestamp, body),
      ...options.headers,
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as unknown };
}

/** A `/kubecon` invocation's fields, as Slack sends them (form post, or JSON over Socket Mode). */
export function slashCommandFields(fields: Record<string, string>): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: 'T0TEST',
    team_domain: 'test',
    channel_id: 'C0GENERAL',
    channel_name: 'general',
    user_id: 'U0ALICE',
    user_name: 'alice',
    command: '/kubecon',
    api_app_id: 'A0TEST',
    trigger_id: '1.2.3',
    text: '',
    ...fields,
  };
}

export function sendSlashCommand(url: string, fields: Record<string, string>, options: SendOptions = {}) {
  return sendForm(url, slashCommandFields(fields), options);
}

/** Exactly these form fields, signed: for payloads Slack would never send. */
export function sendForm(url: string, fields: Record<string, string>, options: SendOptions = {}) {
  return sendSigned(url, new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', options);
}

/** An Events API callback, as Slack sends it (HTTP post, or over Socket Mode). */
export function eventCallback(event: Record<string, unknown>, eventId: string): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: 'T0TEST',
    api_app_id: 'A0TEST',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0TEST', user_id: 'UBOT', is_bot: true }],
    event,
  };
}

export function sendEvent(url: string, event: Record<string, unknown>, eventId: string, options: SendOptions = {}) {
  return sendSigned(url, JSON.stringify(eventCallback(event, eventId)), 'application/json', options);
}

export function sendInteraction(url: string, payload: Record<string, unknown>, options: SendOptions = {}) {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return sendSigned(url, body, 'application/x-www-form-urlencoded', options);
}

/** A `block_actions` payload for a button click, as Slack builds it. */
export function buttonClick(options: {
  actionId: string;
  value?: string;
  responseUrl?: string;
  user?: string;
  ephemeral?: boolean;
  channel?: string;
  messageTs?: string;
  message?: Record<string, unknown>;
  /** Clicked in the App Home tab: a view container, no channel, no response_url. */
  fromHome?: boolean;
}): Record<string, unknown> {
  const channel = options.channel ?? 'C0GENERAL';
  const action = {
    type: 'button',
    action_id: options.actionId,
    block_id: 'b1',
    text: { type: 'plain_text', text: 'x' },
    ...(options.value !== undefined && { value: options.value }),
    action_ts: '1.2',
  };
  const base = { type: 'block_actions', ...interactionEnvelope(options.user, '4.5.6'), actions: [action] };
  if (options.fromHome) {
    return { ...base, container: { type: 'view', view_id: 'V0HOME' }, view: { id: 'V0HOME', type: 'home', blocks: [] } };
  }
  return {
    ...base,
    channel: { id: channel, name: 'general' },
    container: { type: 'message', message_ts: options.messageTs ?? '1.1', channel_id: channel, is_ephemeral: options.ephemeral === true },
    ...(options.message && { message: options.message }),
    ...(options.responseUrl && { response_url: options.responseUrl }),
  };
}

/** What every interaction payload carries: who, from which app and workspace. */
function interactionEnvelope(user = 'U0ALICE', triggerId: string) {
  return {
    team: { id: 'T0TEST', domain: 'test' },
    user: { id: user, username: 'alice', team_id: 'T0TEST' },
    api_app_id: 'A0TEST',
    token: 'legacy-verification-token',
    trigger_id: triggerId,
  };
}

/** A `view_submission` payload for a modal, as Slack builds it (`viewId`: the opened modal's id, the same on a double submission). */
export function viewSubmission(options: { callbackId: string; privateMetadata: string; values: Record<string, Record<string, unknown>>; user?: string; viewId?: string }): Record<string, unknown> {
  return {
    type: 'view_submission',
    ...interactionEnvelope(options.user, '7.8.9'),
    view: {
      id: options.viewId ?? 'V0MODAL',
      team_id: 'T0TEST',
      type: 'modal',
      callback_id: options.callbackId,
      private_metadata: options.privateMetadata,
      state: { values: options.values },
      hash: '1.abc',
      blocks: [],
      title: { type: 'plain_text', text: 'x' },
    },
  };
}

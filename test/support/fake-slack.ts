import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WAIT_MS } from './wait.js';

/** One request the bot made to the fake Slack. */
export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  authorization?: string;
}

/** `hangUp`: read the request, then drop the connection without answering (Slack may have acted on it). */
type Reply = { status?: number; headers?: Record<string, string>; body: unknown } | { hangUp: true };
/** Undefined falls back to the default reply; a promise answers when it settles (a slow Slack). */
type Handler = (body: Record<string, unknown>, call: number) => Reply | undefined | Promise<Reply | undefined>;

/** A message as the fake keeps it in its channel's history. */
export interface KeptMessage {
  ts: string;
  text?: unknown;
  metadata?: unknown;
}

/** conversations.history pages: the cursor is the offset of the page's first message, newest first. */
const HISTORY_DEFAULT_LIMIT = 100;

/**
 * A stand-in for Slack's Web API (`/api/<method>`) and for response_urls
 * (`/respond/<id>`), on loopback. Records every call so tests can assert
 * on what a person would have seen.
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly responses: { id: string; body: Record<string, unknown> }[] = [];
  private readonly handlers = new Map<string, Handler>();
  private readonly counts = new Map<string, number>();
  private readonly history = new Map<string, KeptMessage[]>();
  private server?: Server;
  /** Microseconds since the epoch of the last ts handed out: Slack's ts are the post's time, unique per channel. */
  private lastTs = 0;

  get baseUrl(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.baseUrl}/respond/${id}`;
  }

  /** Overrides what one Web API method answers. */
  on(method: string, handler: Handler): void {
    this.handlers.set(method, handler);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /**
   * Puts a chat.postMessage body in its channel's history, as Slack does once
   * it has taken the post (whether or not its answer reaches the bot), and
   * returns the message's ts.
   */
  keepMessage(body: Record<string, unknown>): string {
    this.lastTs = Math.max(Date.now() * 1000, this.lastTs + 1);
    const ts = `${Math.floor(this.lastTs / 1e6)}.${String(this.lastTs % 1e6).padStart(6, '0')}`;
    const channel = String(body.channel);
    const kept: KeptMessage = { ts, text: body.text, ...(body.metadata !== undefined && { metadata: body.metadata }) };
    this.history.set(channel, [...(this.history.get(channel) ?? []), kept]);
    return ts;
  }

  /** A channel's messages, oldest first. */
  messagesIn(channel: string): KeptMessage[] {
    return this.history.get(channel) ?? [];
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Waits (bounded) until a condition on the recorded calls holds. */
  async waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = WAIT_MS): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = probe();
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`fake Slack: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = parseBody(raw, req.headers['content-type'] ?? '');
    const url = new URL(req.url ?? '/', this.baseUrl);
    if (url.pathname.startsWith('/respond/')) {
      this.responses.push({ id: url.pathname.slice('/respond/'.length), body });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const method = url.pathname.replace(/^\/api\//, '');
    this.calls.push({ method, body, authorization: req.headers.authorization });
    const count = (this.counts.get(method) ?? 0) + 1;
    this.counts.set(method, count);
    const reply = (await this.handlers.get(method)?.(body, count)) ?? this.defaultReply(method, body);
    if ('hangUp' in reply) {
      req.socket.destroy();
      return;
    }
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify(reply.body));
  }

  private defaultReply(method: string, body: Record<string, unknown>): Reply {
    switch (method) {
      case 'auth.test':
        return { body: { ok: true, url: 'https://example.invalid/', team: 'Test', user: 'kubecon', team_id: 'T0TEST', user_id: 'UBOT', bot_id: 'BBOT' } };
      case 'chat.postMessage':
        return { body: { ok: true, channel: body.channel, ts: this.keepMessage(body), message: { text: body.text } } };
      case 'chat.update':
        return { body: { ok: true, channel: body.channel, ts: body.ts } };
      case 'conversations.history':
        return { body: this.historyPage(body) };
      default:
        return { body: { ok: true } };
    }
  }

  /** Slack's paging: newest first, `oldest`/`latest` exclusive, metadata only with include_all_metadata. */
  private historyPage(body: Record<string, unknown>): Record<string, unknown> {
    const oldest = Number(body.oldest ?? 0);
    const latest = body.latest === undefined ? Infinity : Number(body.latest);
    const withMetadata = body.include_all_metadata === true || body.include_all_metadata === 'true';
    const messages = this.messagesIn(String(body.channel))
      .filter((m) => Number(m.ts) > oldest && Number(m.ts) < latest)
      .reverse()
      .map((m) => ({ type: 'message', ts: m.ts, text: m.text, bot_id: 'BBOT', ...(withMetadata && m.metadata !== undefined && { metadata: m.metadata }) }));
    const start = typeof body.cursor === 'string' && body.cursor ? Number(Buffer.from(body.cursor, 'base64').toString()) : 0;
    const limit = Number(body.limit ?? HISTORY_DEFAULT_LIMIT);
    const page = messages.slice(start, start + limit);
    const more = start + limit < messages.length;
    return {
      ok: true,
      messages: page,
      has_more: more,
      ...(more && { response_metadata: { next_cursor: Buffer.from(String(start + limit)).toString('base64') } }),
    };
  }
}

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (!raw) return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const params = Object.fromEntries(new URLSearchParams(raw));
  // The Web API client form-encodes objects as JSON strings.
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => {
      if (/^[[{]/.test(v)) {
        try {
          return [k, JSON.parse(v) as unknown];
        } catch {
          return [k, v];
        }
      }
      return [k, v];
    }),
  );
}

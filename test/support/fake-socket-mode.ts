import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { FakeSlack } from './fake-slack.js';
import { eventCallback, slashCommandFields } from './slack-request.js';
import { bounded, WAIT_MS } from './wait.js';

// A stand-in for Slack's Socket Mode backend on loopback, over the `ws`
// WebSocket server (the Socket Mode client itself connects with undici's).

const CLOSE_GOING_AWAY = 1001;
/** A socket that does not close in this time is terminated instead. */
const CLOSE_GRACE_MS = 3000;

/** One message Slack pushes over the socket. */
export interface SocketModeEnvelope {
  envelope_id: string;
  type: 'slash_commands' | 'events_api' | 'interactive';
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

/** The bot's acknowledgement of an envelope; `payload` is the ack body (the ephemeral answer for a command). */
export interface SocketModeAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

/** A `/kubecon` command as Slack delivers it over the socket: the form fields of the HTTP post, as JSON. */
export function slashCommandEnvelope(fields: Record<string, string>): SocketModeEnvelope {
  return { envelope_id: randomUUID(), type: 'slash_commands', accepts_response_payload: true, payload: slashCommandFields(fields) };
}

/** An Events API event as Slack delivers it over the socket: the same event callback as the HTTP post. */
export function eventEnvelope(event: Record<string, unknown>, eventId: string): SocketModeEnvelope {
  return { envelope_id: randomUUID(), type: 'events_api', accepts_response_payload: false, payload: eventCallback(event, eventId) };
}

/**
 * Answers `apps.connections.open` on the given FakeSlack with its own
 * `ws://127.0.0.1:<port>/link`, greets each connection with `hello`, and
 * collects the bot's acks. As Slack does, each envelope goes to one of the
 * app's open connections (in turn here): with several replicas connected,
 * one of them gets it.
 */
export class FakeSocketMode {
  /** Every ack the bot sent, in order. */
  readonly acks: SocketModeAck[] = [];
  private server?: WebSocketServer;
  private readonly ackWaiters = new Map<string, (ack: SocketModeAck) => void>();
  private readonly connectWaiters = new Set<() => void>();
  private sent = 0;

  constructor(private readonly slack: FakeSlack) {}

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `ws://127.0.0.1:${port}/link`;
  }

  async start(): Promise<this> {
    this.server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/link' });
    await new Promise<void>((resolve) => this.server!.once('listening', () => resolve()));
    this.server.on('connection', (socket) => {
      socket.on('message', (data) => this.receive(data.toString()));
      const connections = this.openSockets().length;
      socket.send(JSON.stringify({ type: 'hello', num_connections: connections, connection_info: { app_id: 'A0TEST' }, debug_info: { host: 'test' } }));
      for (const resolve of this.connectWaiters) resolve();
    });
    this.slack.on('apps.connections.open', () => ({ body: { ok: true, url: this.url } }));
    return this;
  }

  /** Resolves once `count` connections are open and have been sent `hello`. */
  async connected(count = 1, timeoutMs = WAIT_MS): Promise<void> {
    let waiter!: () => void;
    try {
      await bounded(
        new Promise<void>((resolve) => {
          waiter = () => {
            if (this.openSockets().length >= count) resolve();
          };
          this.connectWaiters.add(waiter);
          waiter();
        }),
        timeoutMs,
        `${count} connection(s) to open`,
      );
    } finally {
      this.connectWaiters.delete(waiter);
    }
  }

  /** Pushes an envelope to one of the open connections, in turn, and resolves with its ack. */
  async send(envelope: SocketModeEnvelope, timeoutMs = WAIT_MS): Promise<SocketModeAck> {
    const open = this.openSockets();
    const socket = open[this.sent++ % Math.max(open.length, 1)];
    if (!socket) throw new Error('fake Socket Mode: no bot is connected');
    const acked = new Promise<SocketModeAck>((resolve) => this.ackWaiters.set(envelope.envelope_id, resolve));
    try {
      socket.send(JSON.stringify(envelope));
      return await bounded(acked, timeoutMs, `the ack of ${envelope.type} envelope ${envelope.envelope_id}`);
    } finally {
      this.ackWaiters.delete(envelope.envelope_id);
    }
  }

  /**
   * Closes every connection (bounded), then the server. Stop the app first: a
   * Socket Mode client that loses its socket otherwise schedules a reconnect.
   */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await Promise.all(
      [...server.clients].map(async (socket) => {
        const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
        socket.close(CLOSE_GOING_AWAY);
        await bounded(closed, CLOSE_GRACE_MS, 'a socket to close').catch(() => socket.terminate());
      }),
    );
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private openSockets(): WebSocket[] {
    return [...(this.server?.clients ?? [])].filter((socket) => socket.readyState === WebSocket.OPEN);
  }

  private receive(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null || typeof (message as SocketModeAck).envelope_id !== 'string') return;
    const ack = message as SocketModeAck;
    this.acks.push(ack);
    this.ackWaiters.get(ack.envelope_id)?.(ack);
  }
}

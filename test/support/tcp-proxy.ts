import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a server, that a test cuts and
 * restores: the server's clients see it go away and come back while the
 * server itself, shared by the whole run, keeps going.
 */
export interface TcpProxy {
  port: number;
  /**
   * Drops every connection through it. Then new ones are reset at once, or,
   * `silently`, accepted and never answered (a network that swallows packets).
   */
  cut(options?: { silently?: boolean }): void;
  /** Forwards again. */
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { path: string } | { host: string; port: number }): Promise<TcpProxy> {
  let mode: 'forward' | 'reset' | 'silent' = 'forward';
  const open = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = net.createServer((client) => {
    track(client);
    if (mode === 'reset') return void client.resetAndDestroy();
    if (mode === 'silent') return;
    const upstream = net.connect(target);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const dropAll = () => {
    for (const socket of open) socket.destroy();
  };
  return {
    port: (server.address() as net.AddressInfo).port,
    cut(options = {}) {
      mode = options.silently ? 'silent' : 'reset';
      dropAll();
    },
    restore() {
      // Connections held silently are dropped: the clients waiting on them give up as on any dead connection.
      dropAll();
      mode = 'forward';
    },
    close: () =>
      new Promise<void>((resolve) => {
        dropAll();
        server.close(() => resolve());
      }),
  };
}

/**
 * A TCP relay to a service (Redis here) that a test can cut and restore, as a network failure
 * or a restart would: the service itself keeps running for the other suites.
 */
import net from 'node:net';

export interface TcpRelay {
  port: number;
  /** Cuts every connection and stops listening. */
  cut(): Promise<void>;
}

/** Relays 127.0.0.1:`port` (0: any free one) to `targetUrl`'s host and port. */
export async function startTcpRelay(targetUrl: string, port = 0, defaultPort = 6379): Promise<TcpRelay> {
  const target = new URL(targetUrl);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || defaultPort), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

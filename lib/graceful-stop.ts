/**
 * Stopping an HTTP server without dropping an answer: the gateway, the subgraphs and the
 * stand-ins all stop this way (on SIGTERM from an orchestrator, on Ctrl-C, in tests).
 *
 * The rule: a request the server has read is answered; a request it has not read is refused
 * before anything runs. In order:
 * 1. stop accepting connections (a new caller gets "connection refused" and tries elsewhere);
 * 2. answer every request in flight, and every request that still arrives on an open
 *    connection, with `Connection: close`: the client sends nothing more on that connection,
 *    and it closes once its answer is written;
 * 3. close the kept-alive connections that stay quiet (idle for 250 ms; all idle ones after a
 *    second): a keep-alive client learns that the server is going only when its connection
 *    closes. The server has read nothing on them, so whatever a client sends there at that
 *    instant is not executed (it sees its connection closed, and may safely retry: Node's
 *    advice for `reusedSocket`);
 * 4. after the grace period (SHUTDOWN_GRACE_MS, 10 s), close whatever is left.
 *
 * Why not Apollo Server's drain plugin: it half-closes idle connections (`socket.end()`) but
 * keeps reading them, so a request that crosses the close on the wire is read and executed —
 * and audited — and its answer then cannot be written: the caller sees a reset for a request
 * that ran. And it answers the requests in flight with `Connection: keep-alive`, inviting the
 * next request onto a connection about to close. No package in the project does better
 * (http-terminator and the like are not dependencies), and the whole of it is these lines.
 */
import type http from 'node:http';
import net, { type Socket } from 'node:net';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Logger } from 'pino';
import { SERVER_SETTINGS, validate } from './settings.js';

/** SHUTDOWN_GRACE_MS from the environment (lib/settings.ts: a whole number of milliseconds), else 10 s. */
export function shutdownGraceFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return validate(SERVER_SETTINGS, env).SHUTDOWN_GRACE_MS;
}

export interface GracefulStop {
  /**
   * Stops the server as above; resolves when every connection is closed, `true` if all
   * requests in flight were answered within the grace period. Calling it again returns the
   * same promise.
   */
  stop(graceMs?: number): Promise<boolean>;
  /** Requests being answered right now (for logs). */
  readonly inFlight: number;
}

/**
 * After a stop, a kept-alive connection idle this long is closed: a client busy on it would
 * have sent its next request by now (under load, within milliseconds of its last answer).
 */
const QUIET_MS = 250;
/** …and after this long, every idle connection is (see step 3). */
const LINGER_MS = 1_000;

/** Tracks a server's connections and requests from now on; call before it listens. */
export function gracefulStop(server: http.Server, defaultGraceMs = shutdownGraceFromEnv()): GracefulStop {
  /** Each open connection: requests being answered on it (0: idle), and since when it is idle. */
  const connections = new Map<Socket, { requests: number; idleSince: number }>();
  const responses = new Set<http.ServerResponse>();
  /**
   * serving; lingering: not accepting, but answering (with `Connection: close`) whatever
   * arrives on open connections, and closing those that stay quiet; closing: idle connections
   * are closed as they become idle.
   */
  let phase: 'serving' | 'lingering' | 'closing' = 'serving';
  let stopping: Promise<boolean> | null = null;

  server.on('connection', (socket: Socket) => {
    connections.set(socket, { requests: 0, idleSince: Date.now() });
    socket.once('close', () => connections.delete(socket));
  });
  // Prepended, so it runs before the application writes anything.
  server.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const socket = req.socket;
    const connection = connections.get(socket) ?? { requests: 0, idleSince: 0 };
    connection.requests++;
    connections.set(socket, connection);
    responses.add(res);
    if (phase !== 'serving') res.setHeader('connection', 'close');
    // 'close' comes once the answer is written, or when the caller went away.
    res.once('close', () => {
      responses.delete(res);
      connection.requests--;
      if (connection.requests > 0) return;
      connection.idleSince = Date.now();
      // Answers sent with `Connection: close` end their connection by themselves; one that
      // began before the stop went out as keep-alive, and nobody else would close it. Destroyed,
      // not half-closed: a half-closed connection would still read (and run) a next request.
      if (phase === 'closing' && !socket.writableEnded) socket.destroy();
    });
  });

  /** Closes the idle connections, those idle for `quietMs` at least. */
  const closeIdle = (quietMs: number) => {
    const now = Date.now();
    for (const [socket, { requests, idleSince }] of connections) {
      if (requests === 0 && now - idleSince >= quietMs && !socket.writableEnded) socket.destroy();
    }
  };

  return {
    get inFlight() {
      return responses.size;
    },
    stop(graceMs = defaultGraceMs) {
      stopping ??= new Promise<boolean>((resolve) => {
        let gracefully = true;
        phase = 'lingering';
        for (const res of responses) if (!res.headersSent) res.setHeader('connection', 'close');
        const hardStop = setTimeout(() => {
          gracefully = false;
          for (const socket of connections.keys()) socket.destroy();
        }, graceMs);
        const sweep = setInterval(() => closeIdle(QUIET_MS), QUIET_MS / 5);
        const linger = setTimeout(
          () => {
            clearInterval(sweep);
            phase = 'closing';
            closeIdle(0);
            // Now http.Server#close too: it also ends the server's own timers.
            server.close();
          },
          Math.min(LINGER_MS, graceMs),
        );
        // Stop accepting, but leave open connections be: http.Server#close would also close the
        // idle ones at once, racing every kept-alive client that is about to send on them. A
        // client under load sends within moments and gets its answer with `Connection: close`;
        // only a connection that stays quiet is closed under a client (who sent nothing).
        net.Server.prototype.close.call(server, () => {
          clearTimeout(hardStop);
          clearTimeout(linger);
          clearInterval(sweep);
          // All connections closed within the linger: http.Server#close still ends its timers.
          if (phase !== 'closing') server.close();
          resolve(gracefully);
        });
        closeIdle(QUIET_MS);
      });
      return stopping;
    },
  };
}

/**
 * The same for an Apollo Server on that HTTP server: Apollo calls it first when it stops, and
 * keeps executing operations until it returns, so everything in flight completes.
 */
export function gracefulStopPlugin(
  stopper: GracefulStop,
  options: { graceMs?: number; log?: Logger } = {},
): ApolloServerPlugin<BaseContext> {
  return {
    async serverWillStart() {
      return {
        async drainServer() {
          const inFlight = stopper.inFlight;
          const gracefully = await stopper.stop(options.graceMs);
          if (!gracefully) options.log?.warn({ inFlight }, 'stopped: requests still running after the grace period were cut off');
          else options.log?.info({ inFlight }, 'stopped: every request in flight was answered');
        },
      };
    },
  };
}

/**
 * What every main.ts does on SIGTERM and SIGINT: stop through `close` (which stops its servers
 * gracefully) and exit 0, or 1 when that fails or overruns the grace period by far. A second
 * signal a second or more later exits at once (an impatient second Ctrl-C); one sooner is the
 * same signal delivered twice (a terminal signals the whole process group, and tsx relays it
 * to its child besides) and is ignored.
 */
export function stopOnSignals(
  close: () => Promise<unknown>,
  log: Pick<Logger, 'info' | 'error' | 'warn'>,
  graceMs = shutdownGraceFromEnv(),
): void {
  let stoppingSince: number | null = null;
  const stop = (signal: NodeJS.Signals) => {
    if (stoppingSince !== null) {
      if (Date.now() - stoppingSince < 1_000) return;
      log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stoppingSince = Date.now();
    log.info({ signal, graceMs }, 'stopping: no new connections; answering requests in flight');
    setTimeout(() => {
      log.error({ graceMs }, 'not stopped in time: exiting');
      process.exit(1);
    }, graceMs + 5_000).unref();
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: (error as Error)?.message }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

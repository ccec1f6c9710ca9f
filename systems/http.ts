/**
 * What both stand-ins share as HTTP servers: configurable latency and faults (docs/contract.md:
 * STANDIN_LATENCY_MS, STANDIN_FAILURE_RATE), a log of the requests they served (tests count
 * backend calls with it), listening on a port (0 = any free one), and stopping without
 * dropping an answer (lib/graceful-stop.ts), as the real systems would in a rolling restart.
 *
 * Why faults at the front: a real system is slow or unavailable as a whole, before it reads
 * the request, so the subgraphs' timeouts, retries and partial-data paths meet the real thing.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { gracefulStop } from '../lib/graceful-stop.js';

export interface FaultOptions {
  /** Added to every response. */
  latencyMs?: number;
  /** Share (0–1) of requests answered 503 instead. */
  failureRate?: number;
  /** Randomness for the faults; a seeded source makes fault tests repeatable. */
  random?: () => number;
  /**
   * Answer every request with garbage of this kind instead (null: none) — what a broken
   * deployment or a proxy in front of a system sends: an HTML error page with status 200,
   * malformed or truncated JSON, a connection cut mid-body, `{}`, a body that trickles in.
   */
  garbage?: GarbageKind | null;
  /**
   * Requests served at once (null: any number); the rest wait their turn — a system's worker
   * pool or database connections, which one party's heavy queries can fill for everyone.
   */
  capacity?: number | null;
  /**
   * Requests under `path` are heavy queries (a report over months of data): each holds its turn
   * `waitMs` longer. One whose caller has gone by then is not run, as a database cancels the
   * query of a closed connection.
   */
  heavy?: { path: string; waitMs: number } | null;
}

export type GarbageKind = 'html' | 'malformed-json' | 'truncated' | 'cut-mid-body' | 'empty-object' | 'trickle';

/** Writes garbage of one kind as the answer. */
function sendGarbage(kind: GarbageKind, res: Response): void {
  const json = { 'content-type': 'application/json' };
  switch (kind) {
    case 'html':
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      return;
    case 'malformed-json':
      res.writeHead(200, json).end('{"items": [{"id": "x",}]');
      return;
    case 'truncated':
      // Declares more than it sends, then ends: the body is cut short.
      res.writeHead(200, { ...json, 'content-length': '4096' });
      res.write('{"items": [');
      setTimeout(() => res.socket?.destroy(), 10);
      return;
    case 'cut-mid-body':
      res.writeHead(200, json);
      res.write('{"items": [{"id": "vo-1", "status": "ACT');
      setTimeout(() => res.socket?.destroy(), 10);
      return;
    case 'empty-object':
      res.writeHead(200, json).end('{}');
      return;
    case 'trickle': {
      res.writeHead(200, json);
      res.write('{"items": [');
      const drip = setInterval(() => (res.destroyed ? clearInterval(drip) : res.write(' ')), 200);
      res.on('close', () => clearInterval(drip));
      return;
    }
  }
}

export interface StandInOptions extends FaultOptions {
  port?: number;
  host?: string;
  /** Time in-flight requests get to finish on close (lib/graceful-stop.ts); SHUTDOWN_GRACE_MS, 10 s. */
  shutdownGraceMs?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  status: number;
  /** When it arrived and when its answer was sent (performance.now() of this process): which calls overlapped. */
  arrivedAt: number;
  answeredAt: number;
}

/** The requests a stand-in answered, for tests that count backend calls. */
export class RequestLog {
  readonly entries: LoggedRequest[] = [];
  /** Requests whose caller closed the connection before the answer was sent (a caller that gave up). */
  readonly closedEarly: Omit<LoggedRequest, 'status' | 'answeredAt'>[] = [];
  count(filter?: (r: LoggedRequest) => boolean): number {
    return filter ? this.entries.filter(filter).length : this.entries.length;
  }
  reset(): void {
    this.entries.length = 0;
    this.closedEarly.length = 0;
  }
}

export interface RunningStandIn {
  /** Base URL of the API (for FHIR: the FHIR base, ending in /fhir). */
  url: string;
  port: number;
  requests: RequestLog;
  /** Change latency and faults while running (tests of partial failure). */
  setFaults(faults: FaultOptions): void;
  /** Stops accepting, answers what is in flight (within the grace period), then resolves. */
  close(): Promise<void>;
  /** As if the process died: the port refuses connections and open ones are cut (fault tests). */
  kill(): Promise<void>;
  /** Listens again on the same port after kill(), with its data as it was. */
  revive(): Promise<void>;
}

export function faultsFromEnv(env: NodeJS.ProcessEnv = process.env): FaultOptions {
  const latencyMs = Number(env.STANDIN_LATENCY_MS ?? 0);
  const failureRate = Number(env.STANDIN_FAILURE_RATE ?? 0);
  if (!(latencyMs >= 0)) throw new Error('STANDIN_LATENCY_MS must be a number ≥ 0');
  if (!(failureRate >= 0 && failureRate <= 1)) throw new Error('STANDIN_FAILURE_RATE must be between 0 and 1');
  return { latencyMs, failureRate };
}

/**
 * Runs an express app as a stand-in. `unavailable` writes the system's own 503 body
 * (OperationOutcome for FHIR, problem+json for REST).
 */
export async function serveStandIn(
  build: (app: Express) => void,
  options: StandInOptions & { basePath?: string; unavailable: (res: Response) => void },
): Promise<RunningStandIn> {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const requests = new RequestLog();
  let faults: FaultOptions = {
    latencyMs: options.latencyMs ?? 0,
    failureRate: options.failureRate ?? 0,
    random: options.random,
    garbage: options.garbage ?? null,
  };
  let active = 0;
  const waiting: (() => void)[] = [];
  app.use((req: Request, res: Response, next: NextFunction) => {
    // As any well-run system: its answers are what their Content-Type says (and no X-Powered-By, above).
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const q = req.originalUrl.indexOf('?');
    const arrivedAt = performance.now();
    const seen = () => ({ method: req.method, path: req.path, query: q >= 0 ? req.originalUrl.slice(q + 1) : '', arrivedAt });
    res.on('finish', () => requests.entries.push({ ...seen(), status: res.statusCode, answeredAt: performance.now() }));
    let gone = false;
    res.on('close', () => {
      release();
      if (res.writableFinished) return;
      gone = true;
      requests.closedEarly.push(seen());
    });
    // A turn among `capacity`: taken before anything is done, given back when the answer is
    // sent or the caller has gone.
    let holding = false;
    const release = () => {
      if (!holding) return;
      holding = false;
      active--;
      waiting.shift()?.();
    };
    const start = () => {
      if (gone) return void waiting.shift()?.(); // its turn passes on
      holding = true;
      active++;
      if (faults.latencyMs) setTimeout(go, faults.latencyMs);
      else go();
    };
    const go = () => {
      if (faults.garbage) {
        sendGarbage(faults.garbage, res);
        return;
      }
      if ((faults.failureRate ?? 0) > 0 && (faults.random ?? Math.random)() < faults.failureRate!) {
        res.status(503).setHeader('Retry-After', '1');
        options.unavailable(res);
        return;
      }
      const heavy = faults.heavy && req.path.startsWith(faults.heavy.path) ? faults.heavy : null;
      if (!heavy) return next();
      setTimeout(() => (gone ? undefined : next()), heavy.waitMs);
    };
    if (faults.capacity && active >= faults.capacity) waiting.push(start);
    else start();
  });
  build(app);
  const server = http.createServer(app);
  server.keepAliveTimeout = 5000;
  const stopper = gracefulStop(server, options.shutdownGraceMs);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}${options.basePath ?? ''}`,
    port,
    requests,
    setFaults(next) {
      faults = { ...faults, ...next };
    },
    close: async () => {
      await stopper.stop();
    },
    kill: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
    revive: async () => {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, options.host ?? '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      });
    },
  };
}

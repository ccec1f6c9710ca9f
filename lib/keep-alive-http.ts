/**
 * One HTTP exchange over node:http: the request sent whole, the answer's body read whole within
 * a byte bound and an abort signal, over a keep-alive agent per origin. The system clients
 * (lib/upstream.ts) and the gateway's calls to its subgraphs (gateway/subgraph-fetch) both go
 * through it.
 *
 * Why not the global fetch: in the CPU profiles of the gateway and of the vouchers subgraph,
 * undici's fetch cost more per call than the code around it — a Request and a Response with a
 * web stream for each body, AbortSignals following one another, a clone (a tee of the body) of
 * each request. Every caller here wants the whole body in memory anyway, so the streams bought
 * nothing.
 *
 * Why an agent per origin, bounded: each system or subgraph is one origin called many times a
 * second. Its connections are reused, at most `maxSockets` at once (requests beyond wait in the
 * agent's queue, within their own signals), the most recently used first so the others go idle
 * and are closed after `idleMs` — before the server's own keep-alive timeout (Node's is 5 s;
 * the agent also honours a shorter `Keep-Alive: timeout=` hint), so a reused socket is never one
 * the server is closing.
 */
import http from 'node:http';
import https from 'node:https';

export interface KeepAliveOptions {
  /** Connections to one origin at most (default 64). */
  maxSockets?: number;
  /** How long an idle connection is kept (default 4000 ms: under a Node server's 5 s keepAliveTimeout). */
  idleMs?: number;
}

export interface Exchange {
  method: string;
  /** Header names in lower case; content-length is set here for a body. */
  headers: http.OutgoingHttpHeaders;
  body?: Buffer | string;
  /** Aborts the exchange at any point, the reading of the body included; it rejects with the signal's reason. */
  signal?: AbortSignal;
  /** The largest body read (default: no bound); a larger one rejects with BodyTooLarge and the connection is closed. */
  maxBodyBytes?: number;
  /** Statuses whose body is not wanted: answered at once with an empty body, the connection closed rather than drained. */
  skipBodyOf?: (status: number) => boolean;
}

export interface Answer {
  status: number;
  statusText: string;
  /** By lower-case name, repeated ones joined (node:http's reading). */
  headers: http.IncomingHttpHeaders;
  /** As they came: name, value, name, value … */
  rawHeaders: string[];
  body: Buffer;
}

/** The answer's body is over the bound: declared so by its Content-Length, or found so while reading. */
export class BodyTooLarge extends Error {}
/** The connection failed or closed after the answer's headers, before the end of its body. */
export class BodyCutOff extends Error {}

const EMPTY = Buffer.alloc(0);

export class KeepAliveHttp {
  private readonly agents = new Map<string, http.Agent>();
  private readonly agentOptions: http.AgentOptions;

  constructor({ maxSockets = 64, idleMs = 4000 }: KeepAliveOptions = {}) {
    this.agentOptions = {
      keepAlive: true,
      keepAliveMsecs: 1000,
      maxSockets,
      maxFreeSockets: maxSockets,
      timeout: idleMs,
      scheduling: 'lifo',
    };
  }

  private agentFor(url: URL): http.Agent {
    const origin = url.origin;
    let agent = this.agents.get(origin);
    if (!agent) {
      agent = url.protocol === 'https:' ? new https.Agent(this.agentOptions) : new http.Agent(this.agentOptions);
      this.agents.set(origin, agent);
    }
    return agent;
  }

  /** Sends the request and reads the whole answer; rejects on a network failure, the signal, the bound or a cut body. */
  exchange(url: URL, { method, headers, body, signal, maxBodyBytes = Infinity, skipBodyOf }: Exchange): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return reject(new TypeError(`no HTTP over ${url.protocol}`));
      let settled = false;
      const settle = (error: unknown, answer?: Answer) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', abort);
        if (answer) resolve(answer);
        else reject(error);
      };
      // Fails the exchange and closes its connection: what is left of the body is not wanted.
      const fail = (error: unknown) => {
        if (settled) return;
        settle(error);
        request.destroy();
      };
      const abort = () => fail(signal!.reason);
      const request = (url.protocol === 'https:' ? https : http).request(url, {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
        agent: this.agentFor(url),
      });
      signal?.addEventListener('abort', abort, { once: true });
      // Stays attached once settled: an error after the answer (a destroyed connection) is no one's.
      // Once the answer has begun, a failing connection cuts its body.
      let answering = false;
      request.on('error', (error) => settled || settle(answering ? new BodyCutOff(error.message) : error));
      request.on('response', (response) => {
        answering = true;
        response.on('error', (error) => settled || fail(new BodyCutOff(error.message)));
        const status = response.statusCode ?? 0;
        const head = { status, statusText: response.statusMessage ?? '', headers: response.headers, rawHeaders: response.rawHeaders };
        if (skipBodyOf?.(status)) {
          settle(null, { ...head, body: EMPTY });
          return void response.destroy();
        }
        const declared = Number(response.headers['content-length'] ?? NaN);
        if (declared > maxBodyBytes) return fail(new BodyTooLarge(`a body of ${declared} bytes`));
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (settled) return;
          size += chunk.length;
          if (size > maxBodyBytes) return fail(new BodyTooLarge(`a body over ${maxBodyBytes} bytes`));
          chunks.push(chunk);
        });
        response.on('end', () =>
          settle(null, { ...head, body: chunks.length === 1 ? chunks[0]! : chunks.length === 0 ? EMPTY : Buffer.concat(chunks, size) }),
        );
        // After 'end' this changes nothing; before it, the body was cut.
        response.on('close', () => settled || fail(new BodyCutOff('the connection closed before the end of the body')));
      });
      request.end(body);
    });
  }

  /** Closes every connection (a stopping service). */
  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}

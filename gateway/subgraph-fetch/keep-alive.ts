/**
 * The gateway's HTTP client for its subgraphs (and the audit log's ingest): the keep-alive
 * exchange of lib/keep-alive-http.ts, answering with what RemoteGraphQLDataSource asks of a
 * fetcher's response (the body read whole, as text or JSON). Why not the global fetch: in the
 * gateway's CPU profile, undici's fetch spent more per subgraph call than anything of ours — web
 * streams for each body, and a clone of each request (a tee of its body) in case of a redirect,
 * which a subgraph never sends. Why keep-alive connections of our own: each subgraph is one host
 * called many times a second (lib/keep-alive-http.ts says how they are bounded and closed).
 */
import type http from 'node:http';
import { KeepAliveHttp } from '../../lib/keep-alive-http.js';

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

export interface KeepAliveFetchOptions {
  /** Connections to one subgraph at most; requests beyond wait for one (the agent queues them). */
  maxSockets?: number;
}

export type KeepAliveFetch = (
  url: string | URL,
  init?: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<SubgraphResponse>;

/** Response headers, by lower-case name, as fetch's Headers reads them (what RemoteGraphQLDataSource asks of them). */
class ResponseHeaders implements Iterable<[string, string]> {
  private readonly map = new Map<string, string>();
  constructor(raw: http.IncomingHttpHeaders) {
    for (const [name, value] of Object.entries(raw))
      if (value !== undefined) this.map.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), value);
  }
  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const seen = this.map.get(key);
    this.map.set(key, seen === undefined ? value : `${seen}, ${value}`);
  }
  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }
  entries() {
    return this.map.entries();
  }
  keys() {
    return this.map.keys();
  }
  values() {
    return this.map.values();
  }
  [Symbol.iterator]() {
    return this.map.entries();
  }
}

/**
 * A whole answer already read, with the parts of fetch's Response a data source uses. Why not a
 * Response: its body is a web stream, and reading one back out of a buffer cost more than the
 * HTTP exchange itself (the gateway's CPU profile).
 */
export class SubgraphResponse {
  readonly redirected = false;
  private used = false;
  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly headers: ResponseHeaders,
    private readonly body: Buffer,
  ) {}
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }
  get bodyUsed(): boolean {
    return this.used;
  }
  private take(): Buffer {
    if (this.used) throw new TypeError('the body has been read already');
    this.used = true;
    return this.body;
  }
  async text(): Promise<string> {
    return this.take().toString('utf8');
  }
  async json(): Promise<any> {
    return JSON.parse(this.take().toString('utf8'));
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    const body = this.take();
    return body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
  }
  clone(): SubgraphResponse {
    if (this.used) throw new TypeError('the body has been read already');
    return new SubgraphResponse(this.url, this.status, this.statusText, this.headers, this.body);
  }
}

/** A fetch over keep-alive connections (lib/keep-alive-http.ts: an agent per subgraph). */
export function keepAliveFetch({ maxSockets = 64 }: KeepAliveFetchOptions = {}): KeepAliveFetch & { close(): void } {
  const client = new KeepAliveHttp({ maxSockets });
  const fetcher = async (url: string | URL, init: Parameters<KeepAliveFetch>[1] = {}) => {
    const target = typeof url === 'string' ? new URL(url) : url;
    const answer = await client.exchange(target, {
      method: init.method ?? 'GET',
      headers: init.headers ?? {},
      body: init.body,
      signal: init.signal,
    });
    const body = NULL_BODY_STATUS.has(answer.status) ? Buffer.alloc(0) : answer.body;
    return new SubgraphResponse(target.href, answer.status, answer.statusText, new ResponseHeaders(answer.headers), body);
  };
  return Object.assign(fetcher, {
    /** Closes the idle connections (the gateway's close). */
    close() {
      client.close();
    },
  });
}

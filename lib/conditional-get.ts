/**
 * Conditional reads (RFC 9110 §13.1.2): a GET whose answer carried an ETag is remembered, and
 * asked again with `If-None-Match`; a `304 Not Modified` is answered from what was remembered,
 * as a 200 with the same body — the system did not serialise it, nor did we parse a new one
 * off the wire. The voucher system tags its single-resource reads (strong ETags, its OpenAPI
 * document); the client-record system its FHIR reads (weak `W/"<versionId>"`, FHIR R4 §3.1.0.6).
 * An answer without an ETag (lists, searches) is passed on and not kept.
 *
 * Why it is safe to share across viewers: the system answers this service (its own OAuth
 * client), never a viewer, so the same URL is the same answer for everyone; the subgraphs'
 * policies decide per viewer above this layer, as they do above HTTP. Why it is safe at all:
 * every use is still a request, and the system decides whether what we hold is current.
 * The bodies are other people's data: they stay in this process's memory, bounded in count
 * and bytes (least recently used forgotten first), never written anywhere.
 */
type Fetch = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

export interface ConditionalGetBounds {
  /** Most answers kept (default 10 000). */
  maxEntries?: number;
  /** Most bytes of bodies kept (default 16 MiB). */
  maxBytes?: number;
}

interface Kept {
  etag: string;
  body: string;
  contentType: string;
}

export function conditionalGets(fetch: Fetch, bounds: ConditionalGetBounds = {}): Fetch {
  const maxEntries = bounds.maxEntries ?? 10_000;
  const maxBytes = bounds.maxBytes ?? 16 * 1024 * 1024;
  const kept = new Map<string, Kept>();
  let bytes = 0;

  const forget = (url: string) => {
    const old = kept.get(url);
    if (!old) return;
    kept.delete(url);
    bytes -= old.body.length;
  };
  const keep = (url: string, entry: Kept) => {
    forget(url);
    if (entry.body.length > maxBytes / 8) return; // one huge answer must not push out everything else
    kept.set(url, entry);
    bytes += entry.body.length;
    for (const oldest of kept.keys()) {
      if (kept.size <= maxEntries && bytes <= maxBytes) break;
      forget(oldest);
    }
  };

  return async (input, init) => {
    // The method without building a Request: that would take a write's body away from it.
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (method !== 'GET') return fetch(input, init);
    // The URL as a Request would read it, without building one (nor another to add a header to).
    const url = input instanceof Request ? input.url : input instanceof URL ? input.href : new URL(input).href;
    const held = kept.get(url);
    if (held) {
      // Most recently used last: the first in the map is the first forgotten.
      kept.delete(url);
      kept.set(url, held);
    }
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (held && !headers.has('if-none-match')) headers.set('if-none-match', held.etag);
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const response = await fetch(input, { ...init, headers, signal });
    if (response.status === 304 && held) {
      return new KeptAnswer(held.body, {
        status: 200,
        headers: {
          'content-type': held.contentType,
          // A length, as the wire's answer had: openapi-fetch reads a body without one as text.
          'content-length': String(Buffer.byteLength(held.body)),
          etag: response.headers.get('etag') ?? held.etag,
        },
      });
    }
    const etag = response.headers.get('etag');
    if (response.status !== 200 || !etag) {
      if (response.status !== 304) forget(url);
      return response;
    }
    // A copy of the bytes to keep; the answer itself goes on untouched (lib/upstream.ts parsed it once already).
    const body = await response.clone().text();
    keep(url, { etag, body, contentType: response.headers.get('content-type') ?? 'application/json' });
    return response;
  };
}

/**
 * A 304 answered from what was kept: parsed once per answer, however many readers ask (the
 * voucher client's contract check reads it before the client does, as lib/upstream.ts's
 * answers allow). Each answer parses its own copy, so no caller shares objects with another.
 */
class KeptAnswer extends Response {
  private parsed: Promise<unknown> | undefined;
  constructor(
    private readonly kept: string,
    init: ResponseInit,
  ) {
    super(kept, init);
  }
  override json(): Promise<any> {
    if (!this.bodyUsed) void this.body?.cancel().catch(() => undefined);
    return (this.parsed ??= Promise.resolve().then(() => JSON.parse(this.kept)));
  }
}

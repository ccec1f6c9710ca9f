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
import type { SystemAnswer, SystemCall } from './upstream.js';

export interface ConditionalGetBounds {
  /** Most answers kept (default 10 000). */
  maxEntries?: number;
  /** Most bytes of bodies kept (default 16 MiB). */
  maxBytes?: number;
}

interface Kept {
  etag: string;
  body: Buffer;
  contentType: string;
}

/** A system call (lib/upstream.ts) whose GETs are conditional when an earlier answer to the same URL carried an ETag. */
export function conditionalGets(call: SystemCall, bounds: ConditionalGetBounds = {}): SystemCall {
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

  return async (request) => {
    if (request.method !== 'GET') return call(request);
    const url = request.url.href;
    const held = kept.get(url);
    if (held) {
      // Most recently used last: the first in the map is the first forgotten.
      kept.delete(url);
      kept.set(url, held);
    }
    const ask = held && request.headers['if-none-match'] === undefined;
    const answer = await call(ask ? { ...request, headers: { ...request.headers, 'if-none-match': held.etag } } : request);
    if (answer.status === 304 && held) return keptAnswer(held, answer.headers.etag ?? held.etag);
    const etag = answer.headers.etag;
    // Kept: a 200 with a tag and a JSON body (what a 304 is answered with must read as the first did).
    if (answer.status !== 200 || !etag || !answer.parsed) {
      if (answer.status !== 304) forget(url);
      return answer;
    }
    // The bytes as they came (nobody writes to an answer's body); the answer itself goes on untouched.
    keep(url, { etag, body: answer.body, contentType: answer.headers['content-type'] ?? 'application/json' });
    return answer;
  };
}

/**
 * A 304 answered from what was kept: a 200 with the same body, parsed afresh for this answer
 * (lib/upstream.ts parses every JSON answer once), so no caller shares objects with another.
 * A body is kept only from a 200 that upstream parsed as JSON.
 */
function keptAnswer(held: Kept, etag: string): SystemAnswer {
  // A length, as the wire's answer had.
  const length = String(held.body.length);
  return {
    status: 200,
    statusText: 'OK',
    headers: { 'content-type': held.contentType, 'content-length': length, etag },
    rawHeaders: ['content-type', held.contentType, 'content-length', length, 'etag', etag],
    body: held.body,
    parsed: { value: JSON.parse(held.body.toString('utf8')) },
  };
}

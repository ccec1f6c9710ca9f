/**
 * The HTTP policy every system client uses: a bounded time per attempt, retries only for safe
 * reads (GET) on transient failures (network errors, 502/503/504), and a single error type
 * (UpstreamError) that resolvers turn into UPSTREAM_UNAVAILABLE with the system's name.
 *
 * Why in one place: principle 6 — a failing system fails only its fields, within a bounded
 * time — must hold the same for the FHIR and the voucher clients.
 */
import { UpstreamError, type SystemName } from './errors.js';

export interface UpstreamPolicy {
  /** Time for one attempt. */
  timeoutMs: number;
  /** Extra attempts for safe reads. */
  retries: number;
  /** Wait before a retry, doubled each time. */
  backoffMs: number;
}

export function policyFromEnv(env: NodeJS.ProcessEnv = process.env): UpstreamPolicy {
  return {
    timeoutMs: Number(env.UPSTREAM_TIMEOUT_MS ?? 2000),
    retries: Number(env.UPSTREAM_RETRIES ?? 1),
    backoffMs: Number(env.UPSTREAM_BACKOFF_MS ?? 50),
  };
}

const TRANSIENT = new Set([502, 503, 504]);

/**
 * A fetch for a system client (it fits openapi-fetch's `fetch` option too). Non-transient HTTP
 * errors (4xx, 500) are returned for the client to read; transient ones and network failures
 * are retried for GET/HEAD and end as UpstreamError.
 */
export function upstreamFetch(system: SystemName, policy: UpstreamPolicy): (input: Request | string | URL, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const request = new Request(input, init);
    const safe = request.method === 'GET' || request.method === 'HEAD';
    const attempts = safe ? policy.retries + 1 : 1;
    let last = '';
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, policy.backoffMs * 2 ** (attempt - 1)));
      try {
        const response = await fetch(request.clone(), { signal: AbortSignal.timeout(policy.timeoutMs) });
        if (!TRANSIENT.has(response.status)) return response;
        last = `HTTP ${response.status}`;
        await response.body?.cancel();
      } catch (error) {
        last = (error as Error).name === 'TimeoutError' ? `no answer in ${policy.timeoutMs} ms` : (error as Error).message;
      }
    }
    throw new UpstreamError(system, `${system} did not answer (${last})`);
  };
}

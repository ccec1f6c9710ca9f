/**
 * Memory per query text is bounded (lib/query-cache.ts): however many distinct queries come,
 * the gateway's caches of parsed documents and query plans stay within their bound, and the
 * metrics show how full they are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFromDevIssuer } from '../gateway/auth/index.js';
import { startGateway, type RunningGateway } from '../gateway/server.js';
import { TEST_RATE_LIMITS, startStack, type Stack } from './stack.js';
import { claims } from './support/index.js';

const BOUND = 64 * 1024;
let stack: Stack;
let gateway: RunningGateway;
let token: string;
beforeAll(async () => {
  stack = await startStack();
  gateway = await startGateway({
    auth: authFromDevIssuer(stack.issuer),
    signingSecret: stack.signingSecret,
    subgraphUrls: stack.subgraphUrls,
    metricsPort: 0,
    queryCacheBytes: BOUND,
    rateLimits: TEST_RATE_LIMITS,
  });
  token = await stack.token(claims.admin());
});
afterAll(async () => {
  await gateway?.close();
  await stack?.close();
});

async function ask(query: string) {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as any;
}
async function cacheMetrics() {
  const text = await (await fetch(gateway.metricsUrl!)).text();
  const read = (name: string, cache: string) => {
    const match = new RegExp(`^${name}\\{cache="${cache}"\\} (\\S+)$`, 'm').exec(text);
    return match ? Number(match[1]) : undefined;
  };
  return Object.fromEntries(
    ['documents', 'plans'].map((cache) => [
      cache,
      {
        bytes: read('graphql_query_cache_bytes', cache),
        entries: read('graphql_query_cache_entries', cache),
        max: read('graphql_query_cache_max_bytes', cache),
      },
    ]),
  );
}

describe('caches of query texts', () => {
  it('stay within their bound however many distinct queries come, and the metrics say how full they are', async () => {
    const distinct = 120;
    for (let i = 0; i < distinct; i++) {
      const res = await ask(`query Types${i} { serviceTypes { code name unit } }`);
      expect(res.data.serviceTypes).toHaveLength(10);
    }
    const after = await cacheMetrics();
    for (const cache of ['documents', 'plans'] as const) {
      const { bytes, entries, max } = after[cache]!;
      expect(max).toBe(BOUND);
      expect(bytes).toBeGreaterThan(0);
      expect(bytes).toBeLessThanOrEqual(BOUND);
      // Some are kept (so the cache does its work), not all (so the bound does).
      expect(entries).toBeGreaterThan(1);
      expect(entries).toBeLessThan(distinct);
    }

    // Twice as many again: no further growth.
    for (let i = distinct; i < 3 * distinct; i++) await ask(`query Types${i} { serviceTypes { code name unit } }`);
    const later = await cacheMetrics();
    for (const cache of ['documents', 'plans'] as const) expect(later[cache]!.bytes).toBeLessThanOrEqual(BOUND);

    // A query asked again is answered from the caches as before.
    expect((await ask(`query Types${3 * distinct - 1} { serviceTypes { code name unit } }`)).data.serviceTypes).toHaveLength(10);
  });
});

/**
 * Automatic persisted queries: a front end sends a query's hash instead of its text once the
 * gateway knows it. With Redis (REDIS_URL), every gateway instance knows what any one learnt.
 *
 * And what one caller may persist is bounded (issue 10, item 8: one token filled the store with
 * 95 KB documents and evicted everyone else's): a document of at most 20 KiB, a quota of
 * documents per caller within the documents' lifetime (24 h, not 7 days).
 */
import { createHash, randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFromDevIssuer } from '../gateway/auth/index.js';
import { DEFAULT_PERSISTED_QUERY_BOUNDS } from '../gateway/cache/index.js';
import { startGateway } from '../gateway/server.js';
import { TEST_RATE_LIMITS, startStack, type Stack } from './stack.js';
import { claims } from './support/index.js';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn('redis: persisted-query sharing suite skipped (REDIS_URL not set)');
/** A small quota, so the test reaches it in a few requests; the default (100) is unit-tested. */
const PER_CALLER = 5;
let stack: Stack;
let token: string;
beforeAll(async () => {
  stack = await startStack({ redisUrl, persistedQueries: { perCaller: PER_CALLER } });
  token = await stack.token(claims.admin(fresh('admin')));
});
afterAll(async () => stack?.close());

/** A subject no earlier run used: with Redis, quotas outlive a test run (by 24 h). */
function fresh(prefix: string) {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const persisted = (text: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256(text) } });

const query = `{ serviceTypes { code } } # ${Date.now()}`;
const ext = persisted(query);

async function post(url: string, body: object, as = token) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${as}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), ...((await res.json()) as any) };
}
const code = (answer: { errors?: { extensions: { code: string } }[] }) => answer.errors?.[0]?.extensions.code ?? null;

describe('persisted queries', () => {
  it('asks for the text once, then answers the hash alone', async () => {
    const miss = await post(stack.gateway.url, { extensions: ext });
    expect(miss.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const register = await post(stack.gateway.url, { query, extensions: ext });
    expect(register.data.serviceTypes).toHaveLength(10);
    const hit = await post(stack.gateway.url, { extensions: ext });
    expect(hit.data.serviceTypes).toHaveLength(10);
  });

  it('refuses a hash that does not match the text', async () => {
    const res = await post(stack.gateway.url, { query: '{ serviceTypes { unit } }', extensions: ext });
    expect(res.data ?? null).toBeNull();
  });
});

describe('what one caller may persist is bounded', () => {
  it('95 KB documents are refused and stored nowhere, so they evict nobody’s (they did: 16 MiB of cache is 177 of them)', async () => {
    // Someone else's query, persisted before the attack.
    const victim = await stack.token(claims.caseWorker('205', fresh('cw')));
    const theirs = `{ serviceTypes { code unit } } # theirs ${Date.now()}`;
    expect((await post(stack.gateway.url, { query: theirs, extensions: persisted(theirs) }, victim)).data.serviceTypes).toHaveLength(10);

    const attacker = await stack.token(claims.client('cl-00001', fresh('cl')));
    const padding = 'x'.repeat(95_000);
    const stamp = Date.now();
    const large = (i: number) => `{ serviceTypes { code } } # ${i} ${stamp} ${padding}`;
    for (let i = 0; i < 200; i += 20) {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, j) =>
          post(stack.gateway.url, { query: large(i + j), extensions: persisted(large(i + j)) }, attacker),
        ),
      );
      for (const a of answers) {
        expect({ status: a.status, code: code(a), data: a.data ?? null }).toEqual({ status: 400, code: 'BAD_USER_INPUT', data: null });
      }
    }
    const refused = await post(stack.gateway.url, { query: large(0), extensions: persisted(large(0)) }, attacker);
    expect(refused.errors[0].message).toMatch(/at most 20480 bytes/);
    expect(refused.errors[0].extensions.argumentName).toBe('query');
    // Not stored: its hash alone is unknown.
    expect(code(await post(stack.gateway.url, { extensions: persisted(large(0)) }, attacker))).toBe('PERSISTED_QUERY_NOT_FOUND');
    // The same text without the extension still runs: the bound is on persisting, not on asking.
    expect((await post(stack.gateway.url, { query: large(0) }, attacker)).data.serviceTypes).toHaveLength(10);
    // The victim's query is still there.
    expect((await post(stack.gateway.url, { extensions: persisted(theirs) }, victim)).data.serviceTypes).toHaveLength(10);
  });

  it('one token registering many documents is refused after its quota (RATE_LIMITED, Retry-After); another caller’s still work', async () => {
    const attacker = await stack.token(claims.provider('pr-0001', fresh('system-pr-0001')));
    // Just under the size bound each.
    const stamp = Date.now();
    const doc = (i: number) => `{ serviceTypes { code } } # ${i} ${stamp} ${'y'.repeat(DEFAULT_PERSISTED_QUERY_BOUNDS.maxBytes - 100)}`;
    const answers = [];
    for (let i = 0; i < PER_CALLER + 3; i++)
      answers.push(await post(stack.gateway.url, { query: doc(i), extensions: persisted(doc(i)) }, attacker));
    expect(answers.map((a) => a.status)).toEqual([...Array(PER_CALLER).fill(200), 429, 429, 429]);
    const over = answers[PER_CALLER]!;
    expect(over.data ?? null).toBeNull();
    expect(code(over)).toBe('RATE_LIMITED');
    // Until its oldest registration is 24 h old: a day, give or take the test's own seconds.
    expect(Number(over.retryAfter)).toBeGreaterThan(24 * 3600 - 120);
    expect(Number(over.retryAfter)).toBeLessThanOrEqual(24 * 3600);
    expect(over.errors[0].extensions.retryAfter).toBe(Number(over.retryAfter));
    // What it registered within the quota is served; what it registered beyond is stored nowhere.
    for (let i = 0; i < PER_CALLER + 3; i++) {
      const hashOnly = await post(stack.gateway.url, { extensions: persisted(doc(i)) }, attacker);
      expect({ i, code: code(hashOnly) }).toEqual({ i, code: i < PER_CALLER ? null : 'PERSISTED_QUERY_NOT_FOUND' });
    }
    // Registering one of its own again is no new document: it passes.
    expect((await post(stack.gateway.url, { query: doc(0), extensions: persisted(doc(0)) }, attacker)).status).toBe(200);

    // Another caller persists and uses its own queries as before.
    const other = await stack.token(claims.caseWorker('205', fresh('cw')));
    const mine = `{ serviceTypes { code name } } # ${Date.now()}`;
    expect((await post(stack.gateway.url, { query: mine, extensions: persisted(mine) }, other)).status).toBe(200);
    expect((await post(stack.gateway.url, { extensions: persisted(mine) }, other)).data.serviceTypes).toHaveLength(10);
    // And the attacker's registered hashes serve anyone who sends them: a document is shared, only registering is counted.
    expect(code(await post(stack.gateway.url, { extensions: persisted(doc(1)) }, other))).toBeNull();
  });
});

describe.skipIf(!redisUrl)(`redis: persisted queries shared by gateway instances${redisUrl ? '' : ' (REDIS_URL not set)'}`, () => {
  const second = () =>
    startGateway({
      auth: authFromDevIssuer(stack.issuer),
      signingSecret: stack.signingSecret,
      subgraphUrls: stack.subgraphUrls,
      redisUrl,
      rateLimits: TEST_RATE_LIMITS,
      persistedQueries: { perCaller: PER_CALLER },
    });

  it('a second gateway answers a hash the first one learnt', async () => {
    const gateway = await second();
    try {
      expect(gateway.cacheKind).toBe('redis');
      const q = `{ serviceTypes { code unit } } # shared ${Date.now()}`;
      const e = persisted(q);
      expect((await post(gateway.url, { extensions: e })).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      await post(stack.gateway.url, { query: q, extensions: e });
      const res = await post(gateway.url, { extensions: e });
      expect(res.errors).toBeUndefined();
      expect(res.data.serviceTypes).toContainEqual({ code: 'kotihoito', unit: 'HOUR' });
    } finally {
      await gateway.close();
    }
  });

  it('keeps a document 24 h, not 7 days, and counts a caller’s quota across instances', async () => {
    const gateway = await second();
    const redis = new Redis(redisUrl!);
    try {
      const caller = await stack.token(claims.client('cl-00002', fresh('cl')));
      const stamp = Date.now();
      const doc = (i: number) => `{ serviceTypes { code } } # quota ${i} ${stamp}`;
      for (let i = 0; i < PER_CALLER; i++)
        expect((await post(stack.gateway.url, { query: doc(i), extensions: persisted(doc(i)) }, caller)).status).toBe(200);
      const elsewhere = await post(gateway.url, { query: doc(PER_CALLER), extensions: persisted(doc(PER_CALLER)) }, caller);
      expect(elsewhere.status).toBe(429);
      expect(code(elsewhere)).toBe('RATE_LIMITED');
      // Apollo Server writes the document after answering; give it a moment.
      await new Promise((r) => setTimeout(r, 100));
      const ttl = await redis.ttl(`client-plan-graph:apq:${sha256(doc(0))}`);
      expect(ttl).toBeGreaterThan(24 * 3600 - 60);
      expect(ttl).toBeLessThanOrEqual(24 * 3600);
    } finally {
      redis.disconnect();
      await gateway.close();
    }
  });
});

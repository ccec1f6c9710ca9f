/**
 * Running beyond one machine (README, "Running beyond one machine"): two gateway processes
 * (gateway/main.ts, as each replica runs behind a load balancer) over the same subgraphs,
 * sharing one Redis. What one replica learns of shared state, the other acts on:
 *
 * - a persisted query registered through A is run by its hash through B;
 * - a caller's rate limit is one budget: spent through A, B refuses with RATE_LIMITED;
 * - invalidation is shared: a persisted query gone from Redis (evicted, expired) is gone for
 *   both — neither replica keeps a copy of its own that would outlive the shared one.
 *
 * Needs REDIS_URL; skipped, visibly, without it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevIssuer } from '../gateway/auth/index.js';
import { startStack, type Stack } from './stack.js';
import { freePort, runPart, type RunningProcess } from './support/processes.js';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn('redis: scale-out suite skipped (REDIS_URL not set)');

/** A case worker's budget in these gateways: small, to be spent in a few requests. */
const CASE_WORKER_PER_MINUTE = 4;
const ME = '{ me { role } }';

describe.skipIf(!redisUrl)(`redis: two gateway replicas share Redis${redisUrl ? '' : ' (REDIS_URL not set)'}`, () => {
  let stack: Stack;
  let dir: string;
  let issuer: DevIssuer;
  let redis: Redis;
  const gateways: { url: string; process: RunningProcess }[] = [];

  beforeAll(async () => {
    stack = await startStack({ redisUrl });
    dir = mkdtempSync(join(tmpdir(), 'scale-out-'));
    // One identity provider for both replicas: here the dev issuer's key file, as JWKS_URL would be.
    const keyFile = join(dir, 'dev-issuer.json');
    issuer = await DevIssuer.fromFile(keyFile);
    redis = new Redis(redisUrl!, { lazyConnect: true, maxRetriesPerRequest: 1 });
    const env = {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      REDIS_URL: redisUrl!,
      DEV_ISSUER_KEY_FILE: keyFile,
      SUBGRAPH_SIGNING_SECRET: new TextDecoder().decode(stack.signingSecret),
      CLIENT_RECORDS_URL: stack.subgraphUrls['client-records'],
      VOUCHERS_URL: stack.subgraphUrls.vouchers,
      PROVIDERS_URL: stack.subgraphUrls.providers,
      AUDIT_URL: stack.subgraphUrls.audit,
      RATE_LIMIT_PER_MINUTE_CASE_WORKER: String(CASE_WORKER_PER_MINUTE),
    };
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const process = runPart('gateway/main.ts', dir, { ...env, PORT: String(port) });
      gateways.push({ url: `http://127.0.0.1:${port}/graphql`, process });
    }
    await Promise.all(gateways.map((g) => g.process.waitFor(/gateway: http/)));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.process.stop()));
    redis?.disconnect();
    await stack?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A case worker no earlier run used: with Redis, budgets and quotas outlive a run. */
  const caseWorker = () => issuer.sign({ role: 'CASE_WORKER', subject: `cw-${randomBytes(5).toString('hex')}`, municipalityCode: '205' });

  async function post(url: string, token: string, body: Record<string, unknown>) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { data?: any; errors?: { extensions?: Record<string, unknown> }[] } };
  }
  const codes = (answer: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) =>
    (answer.body.errors ?? []).map((e) => e.extensions?.code);

  /** A query text no earlier run registered (an alias makes it new), and its APQ extension. */
  function freshQuery() {
    const query = `query ScaleOut { me { role } seen_${randomBytes(4).toString('hex')}: me { municipalityCode } }`;
    const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') };
    return { query, extensions: { persistedQuery } };
  }

  it('a persisted query registered through one replica is run by its hash through the other', async () => {
    const [a, b] = gateways;
    const token = await caseWorker();
    const { query, extensions } = freshQuery();
    expect(codes(await post(b!.url, token, { extensions }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    const registered = await post(a!.url, token, { query, extensions });
    expect(registered.body.data?.me.role).toBe('CASE_WORKER');
    const byHash = await post(b!.url, token, { extensions });
    expect(byHash.status).toBe(200);
    expect(byHash.body.data?.me).toEqual({ role: 'CASE_WORKER' });
  });

  it('a persisted query gone from Redis is gone for both replicas: neither keeps its own copy', async () => {
    const [a, b] = gateways;
    const token = await caseWorker();
    const { query, extensions } = freshQuery();
    await post(a!.url, token, { query, extensions });
    for (const g of [a!, b!]) expect((await post(g.url, token, { extensions })).body.data?.me.role).toBe('CASE_WORKER');
    // As Redis's eviction or the key's expiry would: the document is removed where it is shared.
    await redis.connect();
    const keys = await redis.keys(`*${extensions.persistedQuery.sha256Hash}*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    // Another caller: the first has spent most of its small budget.
    const other = await caseWorker();
    for (const g of [a!, b!]) expect(codes(await post(g.url, other, { extensions }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it("a caller's rate limit is one budget across replicas: spent through one, the other refuses", async () => {
    const [a, b] = gateways;
    const token = await caseWorker();
    // The minute's budget, spent through A alone.
    const throughA = await Promise.all(Array.from({ length: CASE_WORKER_PER_MINUTE }, () => post(a!.url, token, { query: ME })));
    expect(throughA.map((r) => r.status)).toEqual(Array(CASE_WORKER_PER_MINUTE).fill(200));
    const refused = await post(b!.url, token, { query: ME });
    expect(refused.status).toBe(429);
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.body.data ?? null).toBeNull();
    // Another caller's budget is its own, on either replica.
    expect((await post(b!.url, await caseWorker(), { query: ME })).body.data?.me.role).toBe('CASE_WORKER');
  });
});

/**
 * Automatic persisted queries: a front end sends a query's hash instead of its text once the
 * gateway knows it. With Redis (REDIS_URL), every gateway instance knows what any one learnt.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFromDevIssuer } from '../gateway/auth/index.js';
import { startGateway } from '../gateway/server.js';
import { startStack, type Stack } from './stack.js';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn('redis: persisted-query sharing suite skipped (REDIS_URL not set)');
let stack: Stack;
let token: string;
beforeAll(async () => {
  stack = await startStack({ redisUrl });
  token = await stack.token({ role: 'ADMIN', subject: 'admin' });
});
afterAll(async () => stack?.close());

const query = `{ serviceTypes { code } } # ${Date.now()}`;
const hash = createHash('sha256').update(query).digest('hex');
const ext = { persistedQuery: { version: 1, sha256Hash: hash } };

async function post(url: string, body: object) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  return (await res.json()) as any;
}

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

describe.skipIf(!redisUrl)(`redis: persisted queries shared by gateway instances${redisUrl ? '' : ' (REDIS_URL not set)'}`, () => {
  it('a second gateway answers a hash the first one learnt', async () => {
    const second = await startGateway({
      auth: authFromDevIssuer(stack.issuer),
      signingSecret: stack.signingSecret,
      subgraphUrls: stack.subgraphUrls,
      redisUrl,
    });
    try {
      expect(second.cacheKind).toBe('redis');
      const q = `{ serviceTypes { code unit } } # shared ${Date.now()}`;
      const e = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(q).digest('hex') } };
      expect((await post(second.url, { extensions: e })).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      await post(stack.gateway.url, { query: q, extensions: e });
      const res = await post(second.url, { extensions: e });
      expect(res.errors).toBeUndefined();
      expect(res.data.serviceTypes).toContainEqual({ code: 'kotihoito', unit: 'HOUR' });
    } finally {
      await second.close();
    }
  });
});

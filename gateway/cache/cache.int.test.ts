/** The shared cache, in memory and (when REDIS_URL is set) in Redis. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createGatewayCache } from './index.js';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn('redis: gateway cache suite skipped (REDIS_URL not set)');

describe('in-memory cache', () => {
  it('stores, reads and deletes', async () => {
    const { cache, kind } = await createGatewayCache(null);
    expect(kind).toBe('memory');
    await cache.set('a', '1');
    expect(await cache.get('a')).toBe('1');
    await cache.delete('a');
    expect(await cache.get('a')).toBeUndefined();
  });
});

describe.skipIf(!redisUrl)(`redis: gateway cache${redisUrl ? '' : ' (REDIS_URL not set)'}`, () => {
  it('shares entries between instances, with expiry', async () => {
    const prefix = `test-${randomUUID()}:`;
    const a = await createGatewayCache(redisUrl, prefix);
    const b = await createGatewayCache(redisUrl, prefix);
    try {
      expect(a.kind).toBe('redis');
      await a.cache.set('query', 'body', { ttl: 1 });
      expect(await b.cache.get('query')).toBe('body');
      await new Promise((r) => setTimeout(r, 1100));
      expect(await b.cache.get('query')).toBeUndefined();
      await a.cache.set('x', 'y');
      expect(await b.cache.delete('x')).toBe(true);
      expect(await a.cache.get('x')).toBeUndefined();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('keeps instances with other prefixes apart', async () => {
    const a = await createGatewayCache(redisUrl, `test-${randomUUID()}:`);
    const b = await createGatewayCache(redisUrl, `test-${randomUUID()}:`);
    try {
      await a.cache.set('k', 'a');
      expect(await b.cache.get('k')).toBeUndefined();
      await a.cache.delete('k');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('turns a lost connection into misses, not failures', async () => {
    const a = await createGatewayCache(redisUrl, `test-${randomUUID()}:`);
    await a.close();
    expect(await a.cache.get('anything')).toBeUndefined();
  });

  it('refuses to start when Redis is configured but unreachable', async () => {
    await expect(createGatewayCache('redis://127.0.0.1:1')).rejects.toThrow();
  });
});
